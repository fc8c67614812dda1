// Headless Debian Chromium driven by playwright-core (no browser download: /usr/bin/chromium).
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const ARTIFACTS = resolve(new URL('../../test-artifacts', import.meta.url).pathname);

// What the machine's own check used: no sandbox as root, and nothing that phones home (the network is closed).
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'];

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export const PASSWORDS = { viewer: 'demo-viewer-pass', operator: 'demo-operator-pass', admin: 'demo-admin-pass' } as const;
export const ACCOUNTS = { viewer: 'ops-viewer', operator: 'ops-operator', admin: 'ops-admin' } as const;

/** A fresh browser context signed in as `role` through the login form; returns its page on the overview. */
export async function signIn(browser: Browser, base: string, role: keyof typeof ACCOUNTS): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/admin');
  await page.waitForURL(/\/admin\/login/);
  await page.fill('#username', ACCOUNTS[role]);
  await page.fill('#password', PASSWORDS[role]);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin'), page.click('button[type=submit]')]);
  return { context, page };
}

/** The CSRF token of the signed-in session, as the page's forms carry it. */
export async function csrfOf(page: Page): Promise<string> {
  return page.locator('input[name=_csrf]').first().inputValue();
}
