// The operators' console in a real browser: headless Debian Chromium driven by playwright-core.
// A simulator fault fails every push; an operator finds the failed delivery, clears the fault,
// retries it from the UI, sees it delivered and the audit entry; a viewer cannot; a form without
// the CSRF token is refused. Screenshots go to test-artifacts/.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, startHarness, type Harness } from '../helpers.ts';
import { body, penalty } from '../records.ts';
import { personPenalty, residentId } from '../security/helpers.ts';
import { ARTIFACTS, CHROMIUM, csrfOf, HAVE_CHROMIUM, launch, signIn } from './browser.ts';

const PERSON_ID = residentId('320723', '19790315', '456');
const PERSON_DOC_NO = '灌应急罚〔2026〕个3号';

if (!HAVE_CHROMIUM) {
  console.warn(`console browser tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, as .ci/run does, or set CHROMIUM_PATH)`);
}

describe.skipIf(!HAVE_CHROMIUM)('operators’ console in headless Chromium', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  let operator: Page;
  let deliveryId: number;
  let recordId: string;

  const stateOf = async (id: number) => (await h.gateway.db.query<{ state: string }>('SELECT state FROM deliveries WHERE id = $1', [id])).rows[0]?.state;

  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    // Every push fails (5xx); two attempts, then the delivery is failed for good.
    h = await startHarness(pg.db, { sim: { errorRate: 1 }, patch: (r) => (r.targets[0].retry = { attempts: 2, baseMs: 50, capMs: 50, jitter: 0 }) });
    base = h.gateway.url!;
    const res = await h.post(body([penalty(0), penalty(1), penalty(2), personPenalty(3, PERSON_ID)]));
    expect(res.status).toBe(202);
    await h.waitDelivered(4, 20_000);
    browser = await launch();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await h?.close();
    await drop?.();
  });

  it('signs in (a wrong password first), and the overview shows the failures per target', async () => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/admin/deliveries');
    await page.waitForURL(/\/admin\/login\?next=/);
    await page.fill('#username', 'ops-operator');
    await page.fill('#password', 'not-the-password');
    await page.click('button[type=submit]');
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('账号或口令错误');
    await page.screenshot({ path: join(ARTIFACTS, 'console-login.png') });
    await page.fill('#password', 'demo-operator-pass');
    await Promise.all([page.waitForURL((u) => u.pathname === '/admin/deliveries'), page.click('button[type=submit]')]);
    await page.goto('/admin');
    expect(await page.getByTestId('who').textContent()).toContain('值班运维员');
    expect((await page.getByTestId('failed-municipal').textContent())?.trim()).toBe('4');
    expect(await page.locator('[data-testid=problems] tbody tr').count()).toBe(4);
    expect(await page.locator('[data-testid=targets]').textContent()).toContain('连云港市公共信用信息平台');
    await page.screenshot({ path: join(ARTIFACTS, 'console-overview.png'), fullPage: true });
    operator = page;
  });

  it('finds the failed delivery by 文书号 and shows the record: masked ID, every attempt with the platform’s answer', async () => {
    const page = operator;
    await page.goto('/admin/deliveries?state=failed');
    expect(await page.locator('[data-testid=deliveries] tbody tr[data-state=failed]').count()).toBe(4);
    await page.fill('input[name=q]', PERSON_DOC_NO);
    await Promise.all([page.waitForURL(/q=/), page.click('[data-testid=apply-filter]')]);
    const rows = page.locator('[data-testid=deliveries] tbody tr[data-delivery]');
    expect(await rows.count()).toBe(1);
    deliveryId = Number(await rows.first().getAttribute('data-delivery'));
    await page.screenshot({ path: join(ARTIFACTS, 'console-deliveries.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/admin\/records\//), rows.first().getByRole('link', { name: '详情' }).click()]);
    recordId = page.url().split('/admin/records/')[1]!;
    const text = (await page.textContent('body')) ?? '';
    expect(text).not.toContain(PERSON_ID);
    expect(text).toContain(`${PERSON_ID.slice(0, 6)}********${PERSON_ID.slice(-4)}`);
    expect(await page.locator(`[data-testid=record-deliveries] tr[data-delivery="${deliveryId}"]`).getAttribute('data-state')).toBe('failed');
    // Two attempts, each with the simulator's 5xx.
    const attempts = page.locator('[data-testid=attempts] tbody tr');
    expect(await attempts.count()).toBe(2);
    expect(await attempts.first().textContent()).toMatch(/50[023]/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-record.png'), fullPage: true });
    // The raw submission, masked too.
    await page.getByTestId('raw-link').first().click();
    const raw = (await page.getByTestId('raw').textContent()) ?? '';
    expect(raw).toContain(PERSON_DOC_NO);
    expect(raw).not.toContain(PERSON_ID);
    await page.screenshot({ path: join(ARTIFACTS, 'console-submission.png'), fullPage: true });
  });

  it('a form posted without the CSRF token is refused (403) and changes nothing', async () => {
    const page = operator;
    await page.goto(`/admin/records/${recordId}`);
    // What a form from another page or site looks like: no _csrf field.
    await page.evaluate("document.querySelectorAll('form input[name=_csrf]').forEach((e) => e.remove())");
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/admin/deliveries/${deliveryId}/retry`)), page.getByTestId(`retry-${deliveryId}`).click()]);
    expect(response.status()).toBe(403);
    expect(await page.getByTestId('problem').textContent()).toContain('缺少有效的防伪令牌');
    // A token from elsewhere (or forged) is refused the same way.
    const forged = await page.context().request.post(`/admin/deliveries/${deliveryId}/retry`, { form: { _csrf: 'x'.repeat(43) }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await stateOf(deliveryId)).toBe('failed');
  });

  it('a viewer sees no retry button, and a forged POST with the viewer’s own token is refused 403', async () => {
    const { context, page } = await signIn(browser, base, 'viewer');
    contexts.push(context);
    await page.goto('/admin/deliveries?state=failed');
    expect(await page.locator('[data-testid=deliveries] tbody tr[data-delivery]').count()).toBe(4);
    expect(await page.locator('button[data-testid^=retry-]').count()).toBe(0);
    expect(await page.locator('[data-testid=bulk-retry]').count()).toBe(0);
    await page.goto(`/admin/records/${recordId}`);
    expect(await page.locator('button[data-testid^=retry-], button[data-testid^=discard-]').count()).toBe(0);
    const token = await csrfOf(page);
    const forged = await context.request.post(`/admin/deliveries/${deliveryId}/retry`, { form: { _csrf: token }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('FORBIDDEN_ROLE');
    expect(await stateOf(deliveryId)).toBe('failed');
    // No audit log and no bull-board writes for a viewer either.
    expect((await page.goto('/admin/audit'))!.status()).toBe(403);
    const put = await context.request.put('/admin/queues/api/queues/deliver-municipal/pause', { headers: { origin: base } });
    expect(put.status()).toBe(403);
  });

  it('after the fault is cleared, the operator retries from the UI and sees it delivered', async () => {
    h.sim.setFaults({ errorRate: 0 });
    const page = operator;
    await page.goto(`/admin/records/${recordId}`);
    await Promise.all([page.waitForURL(/done=retried/), page.getByTestId(`retry-${deliveryId}`).click()]);
    expect(await page.getByTestId('flash').textContent()).toContain('已重新排队 1 条投递');
    const row = page.locator(`[data-testid=record-deliveries] tr[data-delivery="${deliveryId}"]`);
    const t0 = Date.now();
    while ((await row.getAttribute('data-state')) !== 'delivered') {
      if (Date.now() - t0 > 15_000) throw new Error(`delivery ${deliveryId} still ${await row.getAttribute('data-state')}`);
      await new Promise((r) => setTimeout(r, 300));
      await page.reload();
    }
    expect(await row.textContent()).toContain('已送达');
    // The new attempt is on the page with the platform's acceptance.
    expect(await page.locator('[data-testid=attempts] tbody tr').count()).toBe(3);
    await page.screenshot({ path: join(ARTIFACTS, 'console-record-delivered.png'), fullPage: true });
    expect(h.sim.records().length).toBe(1);
  });

  it('an operator asks for a reconciliation from the console and reads the report', async () => {
    const page = operator;
    await page.goto('/admin/reconciliations');
    await Promise.all([page.waitForURL(/done=reconciliation/), page.getByRole('button', { name: /立即对账/ }).first().click()]);
    expect(await page.getByTestId('flash').textContent()).toContain('已排队对账任务');
    const first = page.locator('[data-testid=reconciliations] tbody tr').first();
    const t0 = Date.now();
    while (!/已完成|失败/.test((await first.textContent()) ?? '')) {
      if (Date.now() - t0 > 20_000) throw new Error(`reconciliation not finished: ${await first.textContent()}`);
      await new Promise((r) => setTimeout(r, 300));
      await page.reload();
    }
    expect(await first.textContent()).toContain('ops-operator');
    await page.screenshot({ path: join(ARTIFACTS, 'console-reconciliations.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/admin\/reconciliations\/[0-9a-f-]{36}/), first.locator('a').first().click()]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-reconciliation.png'), fullPage: true });
  });

  it('the admin sees the retry in the audit log, who and why, and the hash chain verified', async () => {
    const { context, page } = await signIn(browser, base, 'admin');
    contexts.push(context);
    await page.goto('/admin/audit');
    expect(await page.getByTestId('chain').textContent()).toContain('哈希链校验通过');
    const entry = page.locator('[data-testid=audit] tr[data-action="delivery.retry"]');
    expect(await entry.count()).toBe(1);
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain('ops-operator');
    expect(text).toContain(`delivery:${deliveryId}`);
    // Sign-ins are audited too, the failed one included.
    expect(await page.locator('[data-testid=audit] tr[data-action="console.login"]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-testid=audit] tr[data-action="console.login_failed"]').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'console-audit.png'), fullPage: true });
    // The English switch, remembered for the next page.
    await page.goto('/admin?lang=en');
    expect(await page.locator('h1').first().textContent()).toBe('Overview');
    await page.goto('/admin/deliveries?state=delivered');
    expect(await page.locator('h1').first().textContent()).toBe('Deliveries');
    await page.screenshot({ path: join(ARTIFACTS, 'console-deliveries-en.png'), fullPage: true });
  });

  it('bull-board at /admin/queues behind the same login; an operator’s write needs this origin and is audited', async () => {
    const page = operator;
    await page.goto('/admin/queues');
    await page.getByText('deliver-municipal').first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
    await page.screenshot({ path: join(ARTIFACTS, 'console-queues.png') });
    const req = page.context().request;
    expect((await req.put('/admin/queues/api/queues/deliver-municipal/pause')).status()).toBe(403); // no Origin
    expect((await req.put('/admin/queues/api/queues/deliver-municipal/pause', { headers: { origin: 'http://evil.example' } })).status()).toBe(403);
    expect((await req.put('/admin/queues/api/queues/deliver-municipal/pause', { headers: { origin: base } })).status()).toBeLessThan(300);
    expect(await h.gateway.queues.get('municipal').isPaused()).toBe(true);
    expect((await req.put('/admin/queues/api/queues/deliver-municipal/resume', { headers: { origin: base } })).status()).toBeLessThan(300);
    const audit = await h.gateway.db.query<{ actor: string; action: string; subject: string }>(`SELECT actor, action, subject FROM audit_log WHERE action LIKE 'queues.%' ORDER BY seq`);
    expect(audit.rows).toEqual([
      { actor: 'ops-operator', action: 'queues.put', subject: 'bull-board:/api/queues/deliver-municipal/pause' },
      { actor: 'ops-operator', action: 'queues.put', subject: 'bull-board:/api/queues/deliver-municipal/resume' },
    ]);
    // Signed out: the board is gone with the session.
    await page.goto('/admin');
    await Promise.all([page.waitForURL(/\/admin\/login\?bye=1/), page.getByRole('button', { name: '退出' }).click()]);
    await page.goto('/admin/queues');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  });
});
