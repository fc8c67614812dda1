// The console over plain HTTP (app.request, PGlite, no queues): login failures and throttling,
// session expiry / tampering / revocation, roles, CSRF, language switch, actions and their audit,
// masking in pages and logs.
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../adapters/index.ts';
import { parseConfig, type Config } from '../../src/config/index.ts';
import { createSessionCodec, passwordVersion } from '../../src/console/session.ts';
import { hashPassword, parsePasswordHash, verifyPassword } from '../../src/console/password.ts';
import { createApp } from '../../src/http/app.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { getSubmission, migrate, openPglite, type Database, type EnqueueRequest } from '../../src/store/index.ts';
import { versionBodiesOfSubmission } from '../../src/console/queries.ts';
import { createLogger } from '../../src/util/logger.ts';
import { Redis } from 'ioredis';
import { redisStores } from '../../src/console/stores.ts';
import { dropRedisPrefix, REDIS_URL, testRawConfig, uniqueName } from '../helpers.ts';
import { body, penalty } from '../records.ts';
import { personPenalty, residentId } from '../security/helpers.ts';

const SECRET = 'demo-console-session-secret-not-for-production';
const PASS = { viewer: 'demo-viewer-pass', operator: 'demo-operator-pass', admin: 'demo-admin-pass' } as const;
const ID = { viewer: 'ops-viewer', operator: 'ops-operator', admin: 'ops-admin' } as const;
const PERSON_ID = residentId('320723', '19850620', '318');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

type App = ReturnType<typeof createApp>;

function configWith(patch: (raw: Record<string, any>) => void = () => undefined): Config {
  return parseConfig(testRawConfig('http://127.0.0.1:9', patch), {}).config;
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function login(app: App, role: keyof typeof ID, password: string = PASS[role]): Promise<{ res: Response; cookie: string }> {
  const page = await app.request('/admin/login');
  const pre = cookiesOf(page).find((c) => c.startsWith('cgw_login='))!;
  const res = await app.request('/admin/login', { method: 'POST', headers: { ...FORM, cookie: pre }, body: new URLSearchParams({ _csrf: csrfOf(await page.text()), username: ID[role], password }).toString() });
  return { res, cookie: cookiesOf(res).find((c) => c.startsWith('cgw_session=')) ?? '' };
}

/** GET a console page with a session; returns the status, the body and the page's CSRF token. */
async function get(app: App, path: string, cookie: string) {
  const res = await app.request(path, { headers: { cookie } });
  const text = await res.text();
  return { status: res.status, text, csrf: csrfOf(text), res };
}

async function post(app: App, path: string, cookie: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await app.request(path, { method: 'POST', headers: { ...FORM, cookie, ...headers }, body: new URLSearchParams(form).toString() });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

describe('console over HTTP', () => {
  let db: Database;
  let app: App;
  const jobs: EnqueueRequest[] = [];
  const logs: string[] = [];
  const logger = createLogger('debug', new Writable({ write: (chunk, _e, cb) => (logs.push(String(chunk)), cb()) }));
  const metrics = createMetrics();
  const build = (config: Config = configWith()) =>
    createApp({ config, db, adapters, enqueue: async (j) => void jobs.push(...j), probes: {}, logger, metrics });
  let failedId: number;
  let personRecordId: string;

  beforeAll(async () => {
    db = await openPglite(undefined);
    await migrate(db);
    app = build();
    const res = await app.request('/v1/submissions', {
      method: 'POST',
      headers: { authorization: 'Bearer demo-canonical-key', 'content-type': 'application/json' },
      body: body([penalty(0), penalty(1), personPenalty(2, PERSON_ID)]),
    });
    expect(res.status).toBe(202);
    // No worker here: mark the deliveries failed as a dead platform would leave them.
    await db.query(`UPDATE deliveries SET state = 'failed', attempts = 2, last_error_code = 'RETRIES_EXHAUSTED', last_error = 'HTTP 503 for ${PERSON_ID}'`);
    const r = await db.query<{ id: number; record_id: string; subject_name: string }>('SELECT d.id, d.record_id, r.subject_name FROM deliveries d JOIN records r ON r.id = d.record_id ORDER BY d.id');
    failedId = Number(r.rows[0]!.id);
    personRecordId = r.rows.find((x) => x.subject_name.startsWith('张'))!.record_id;
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('login', () => {
    it('a page without a session redirects to the login form, keeping where to come back', async () => {
      const res = await app.request('/admin/deliveries?state=failed');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/admin/login?next=${encodeURIComponent('/admin/deliveries?state=failed')}`);
      expect((await app.request('/admin')).headers.get('location')).toBe('/admin/login');
    });

    it('a wrong password or an unknown account is refused with the same message, and audited', async () => {
      const wrong = await login(app, 'operator', 'not-it');
      expect(wrong.res.status).toBe(401);
      expect(wrong.cookie).toBe('');
      expect(await wrong.res.text()).toContain('账号或口令错误');
      const page = await app.request('/admin/login');
      const pre = cookiesOf(page).find((c) => c.startsWith('cgw_login='))!;
      const unknown = await app.request('/admin/login', { method: 'POST', headers: { ...FORM, cookie: pre }, body: new URLSearchParams({ _csrf: csrfOf(await page.text()), username: 'nobody', password: 'whatever1' }).toString() });
      expect(unknown.status).toBe(401);
      expect(await unknown.text()).toContain('账号或口令错误');
      const a = await db.query<{ subject: string; details: { knownAccount: boolean } }>(`SELECT subject, details FROM audit_log WHERE action = 'console.login_failed' ORDER BY seq`);
      expect(a.rows.map((x) => [x.subject, x.details.knownAccount])).toEqual([['operator:ops-operator', true], ['operator:nobody', false]]);
      expect(logs.join('')).not.toContain('not-it');
      // An ID number typed as the account name is not kept as typed.
      const page2 = await app.request('/admin/login');
      const pre2 = cookiesOf(page2).find((c) => c.startsWith('cgw_login='))!;
      await app.request('/admin/login', { method: 'POST', headers: { ...FORM, cookie: pre2 }, body: new URLSearchParams({ _csrf: csrfOf(await page2.text()), username: PERSON_ID, password: 'whatever1' }).toString() });
      expect(logs.join('')).not.toContain(PERSON_ID);
      expect(JSON.stringify((await db.query('SELECT * FROM audit_log')).rows)).not.toContain(PERSON_ID);
    });

    it('the login form needs its pre-session token (login CSRF)', async () => {
      const noToken = await app.request('/admin/login', { method: 'POST', headers: FORM, body: new URLSearchParams({ username: ID.operator, password: PASS.operator }).toString() });
      expect(noToken.status).toBe(403);
      expect(noToken.headers.getSetCookie().some((c) => c.startsWith('cgw_session='))).toBe(false);
      const page = await app.request('/admin/login');
      const pre = cookiesOf(page).find((c) => c.startsWith('cgw_login='))!;
      const otherToken = await app.request('/admin/login', { method: 'POST', headers: { ...FORM, cookie: pre }, body: new URLSearchParams({ _csrf: 'A'.repeat(43), username: ID.operator, password: PASS.operator }).toString() });
      expect(otherToken.status).toBe(403);
    });

    it('a good login sets an HttpOnly, SameSite=Lax cookie on /admin with an expiry, and audits it', async () => {
      const { res } = await login(app, 'operator');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin');
      const set = res.headers.getSetCookie().find((c) => c.startsWith('cgw_session='))!;
      expect(set).toMatch(/; Max-Age=28800; Path=\/admin; HttpOnly; SameSite=Lax$/);
      expect((await db.query(`SELECT 1 FROM audit_log WHERE action = 'console.login' AND actor = 'ops-operator'`)).rows.length).toBeGreaterThan(0);
    });

    it('never redirects after login to another site', async () => {
      const page = await app.request('/admin/login?next=//evil.example/x');
      const html = await page.text();
      const pre = cookiesOf(page).find((c) => c.startsWith('cgw_login='))!;
      for (const next of ['//evil.example/x', 'https://evil.example', '/admin\\@evil.example', '/v1/deliveries']) {
        const res = await app.request('/admin/login', { method: 'POST', headers: { ...FORM, cookie: pre }, body: new URLSearchParams({ _csrf: csrfOf(html), username: ID.viewer, password: PASS.viewer, next }).toString() });
        expect(res.headers.get('location')).toBe('/admin');
      }
    });

    it('five failures lock the account for the window, even for the right password; other accounts still sign in', async () => {
      const fresh = build();
      for (let i = 0; i < 5; i++) expect((await login(fresh, 'admin', `wrong-${i}`)).res.status).toBe(401);
      const locked = await login(fresh, 'admin');
      expect(locked.res.status).toBe(429);
      expect(locked.cookie).toBe('');
      expect(Number(locked.res.headers.get('retry-after'))).toBeGreaterThan(800);
      expect(await locked.res.text()).toContain('登录失败次数过多');
      expect((await login(fresh, 'viewer')).res.status).toBe(303);
      expect(await metrics.registry.getSingleMetricAsString('cgw_console_logins_total')).toMatch(/result="throttled"} 1/);
    });

    it('the per-address limit stops guessing across accounts', async () => {
      const config = configWith((raw) => (raw.console.loginThrottle = { maxFailuresPerAccount: 100, maxFailuresPerAddress: 3, windowMinutes: 1 }));
      const fresh = build(config);
      for (const role of ['viewer', 'operator', 'admin'] as const) expect((await login(fresh, role, 'bad-guess-1')).res.status).toBe(401);
      expect((await login(fresh, 'viewer')).res.status).toBe(429);
    });
  });

  describe('sessions', () => {
    it('a tampered cookie is no session: back to the login page, cookie cleared', async () => {
      const { cookie } = await login(app, 'admin');
      const [v, payload, mac] = cookie.slice('cgw_session='.length).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'ops-admin', exp: claims.exp + 86400 })).toString('base64url');
      for (const bad of [`cgw_session=${v}.${forged}.${mac}`, `cgw_session=${v}.${payload}.${mac!.slice(0, -2)}AA`, 'cgw_session=garbage']) {
        const res = await app.request('/admin/audit', { headers: { cookie: bad } });
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toMatch(/^\/admin\/login\?.*expired=1/);
        expect(res.headers.getSetCookie().some((c) => /^cgw_session=;/.test(c))).toBe(true);
      }
    });

    it('an expired session (validly signed) is refused', async () => {
      const config = configWith();
      const hash = config.operators.find((o) => o.id === ID.admin)!.passwordHash;
      const secret = Buffer.from(SECRET);
      const nineHoursAgo = createSessionCodec(secret, () => Date.now() - 9 * 3600_000);
      const { value } = nineHoursAgo.issue(ID.admin, passwordVersion(secret, hash), 8 * 3600);
      const res = await app.request('/admin/audit', { headers: { cookie: `cgw_session=${value}` } });
      expect(res.status).toBe(303);
      // The same claims an hour younger are fine: the signature scheme is what the app uses.
      const fresh = createSessionCodec(secret).issue(ID.admin, passwordVersion(secret, hash), 3600);
      expect((await app.request('/admin/audit', { headers: { cookie: `cgw_session=${fresh.value}` } })).status).toBe(200);
    });

    it('a password change ends the sessions opened with the old one', async () => {
      const { cookie } = await login(app, 'operator');
      const newHash = await hashPassword('a-brand-new-password');
      const changed = build(configWith((raw) => (raw.operators.find((o: any) => o.id === ID.operator).passwordHash = newHash)));
      expect((await changed.request('/admin', { headers: { cookie } })).status).toBe(303);
      expect((await app.request('/admin', { headers: { cookie } })).status).toBe(200);
    });

    it('logout needs the CSRF token, revokes the session server-side and is audited', async () => {
      const { cookie } = await login(app, 'viewer');
      const page = await get(app, '/admin', cookie);
      expect((await post(app, '/admin/logout', cookie, {})).status).toBe(403);
      const out = await post(app, '/admin/logout', cookie, { _csrf: page.csrf });
      expect(out.status).toBe(303);
      expect(out.location).toBe('/admin/login?bye=1');
      // The old cookie, replayed, is dead.
      expect((await app.request('/admin', { headers: { cookie } })).status).toBe(303);
      expect((await db.query(`SELECT 1 FROM audit_log WHERE action = 'console.logout' AND actor = 'ops-viewer'`)).rows).toHaveLength(1);
    });
  });

  describe('roles and CSRF', () => {
    it('a viewer reads but cannot act: no buttons, and a POST with the viewer’s own token is 403', async () => {
      const { cookie } = await login(app, 'viewer');
      const list = await get(app, '/admin/deliveries?state=failed', cookie);
      expect(list.status).toBe(200);
      expect(list.text).toContain(`data-delivery="${failedId}"`);
      expect(list.text).not.toContain('/retry"');
      expect(list.text).not.toContain('data-testid="bulk-retry"');
      const forged = await post(app, `/admin/deliveries/${failedId}/retry`, cookie, { _csrf: list.csrf });
      expect(forged.status).toBe(403);
      expect(forged.text).toContain('FORBIDDEN_ROLE');
      for (const path of ['/admin/deliveries/retry', `/admin/deliveries/${failedId}/discard`, '/admin/targets/municipal/pause', '/admin/reconciliations']) {
        expect((await post(app, path, cookie, { _csrf: list.csrf, reason: 'x', 'filter.state': 'failed', target: 'municipal' })).status).toBe(403);
      }
      expect((await get(app, '/admin/audit', cookie)).status).toBe(403);
      expect((await db.query<{ state: string }>('SELECT state FROM deliveries WHERE id = $1', [failedId])).rows[0]!.state).toBe('failed');
    });

    it('an operator’s form without the CSRF token, with another session’s token, or from another origin is 403', async () => {
      const { cookie } = await login(app, 'operator');
      const other = await login(app, 'admin');
      const otherToken = (await get(app, '/admin', other.cookie)).csrf;
      const mine = (await get(app, '/admin', cookie)).csrf;
      const none = await post(app, `/admin/deliveries/${failedId}/retry`, cookie, {});
      expect(none.status).toBe(403);
      expect(none.text).toContain('请求被拒绝：缺少有效的防伪令牌');
      expect(none.text).toContain('CSRF_TOKEN_INVALID');
      expect((await post(app, `/admin/deliveries/${failedId}/retry`, cookie, { _csrf: otherToken })).status).toBe(403);
      expect((await post(app, `/admin/deliveries/${failedId}/retry`, cookie, { _csrf: mine }, { origin: 'https://evil.example' })).status).toBe(403);
      expect((await db.query<{ state: string }>('SELECT state FROM deliveries WHERE id = $1', [failedId])).rows[0]!.state).toBe('failed');
    });

    it('admin only: the audit log, with the chain verified', async () => {
      const op = await login(app, 'operator');
      expect((await get(app, '/admin/audit', op.cookie)).status).toBe(403);
      const { cookie } = await login(app, 'admin');
      const page = await get(app, '/admin/audit', cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('哈希链校验通过');
    });
  });

  describe('actions', () => {
    it('retry: re-queued, redirected back with a confirmation, audited with who and why', async () => {
      const { cookie } = await login(app, 'operator');
      const page = await get(app, `/admin/records/${personRecordId}`, cookie);
      const id = Number(/data-delivery="(\d+)"/.exec(page.text)![1]);
      jobs.length = 0;
      const res = await post(app, `/admin/deliveries/${id}/retry`, cookie, { _csrf: page.csrf, reason: '平台已恢复', back: `/admin/records/${personRecordId}` });
      expect(res.status).toBe(303);
      expect(res.location).toBe(`/admin/records/${personRecordId}?done=retried&n=1`);
      expect(jobs).toEqual([expect.objectContaining({ target: 'municipal', deliveryIds: [id] })]);
      const a = await db.query<{ actor: string; role: string; reason: string; subject: string }>(`SELECT actor, role, reason, subject FROM audit_log WHERE action = 'delivery.retry' ORDER BY seq DESC LIMIT 1`);
      expect(a.rows[0]).toEqual({ actor: 'ops-operator', role: 'operator', reason: '平台已恢复', subject: `delivery:${id}` });
      expect((await get(app, res.location!, cookie)).text).toContain('已重新排队 1 条投递');
      // Not retryable twice: a clear page, not a 500.
      const again = await post(app, `/admin/deliveries/${id}/retry`, cookie, { _csrf: page.csrf });
      expect(again.status).toBe(409);
      expect(again.text).toContain('DELIVERY_NOT_RETRYABLE');
    });

    it('discard needs a reason; bulk retry needs a reason and a narrowing filter', async () => {
      const { cookie } = await login(app, 'operator');
      const { csrf } = await get(app, '/admin/deliveries', cookie);
      const noReason = await post(app, `/admin/deliveries/${failedId}/discard`, cookie, { _csrf: csrf, reason: '  ' });
      expect(noReason.status).toBe(400);
      expect(noReason.text).toContain('REASON_REQUIRED');
      const ok = await post(app, `/admin/deliveries/${failedId}/discard`, cookie, { _csrf: csrf, reason: '重复数据' });
      expect(ok.status).toBe(303);
      expect((await db.query<{ state: string }>('SELECT state FROM deliveries WHERE id = $1', [failedId])).rows[0]!.state).toBe('discarded');
      expect((await post(app, '/admin/deliveries/retry', cookie, { _csrf: csrf, reason: 'x' })).status).toBe(400);
      expect((await post(app, '/admin/deliveries/retry', cookie, { _csrf: csrf, 'filter.state': 'failed' })).status).toBe(400);
      jobs.length = 0;
      const bulk = await post(app, '/admin/deliveries/retry', cookie, { _csrf: csrf, reason: '批量重推', 'filter.state': 'failed', 'filter.target': 'municipal', back: '/admin/deliveries?state=failed' });
      expect(bulk.status).toBe(303);
      expect(bulk.location).toBe('/admin/deliveries?state=failed&done=retried&n=1');
      expect(jobs.flatMap((j) => j.deliveryIds)).toHaveLength(1);
    });

    it('pausing a target without queues in this process says so (503), and an unknown target is 404', async () => {
      const { cookie } = await login(app, 'operator');
      const { csrf } = await get(app, '/admin', cookie);
      expect((await post(app, '/admin/targets/municipal/pause', cookie, { _csrf: csrf, reason: '维护' })).status).toBe(503);
      expect((await post(app, '/admin/targets/nowhere/pause', cookie, { _csrf: csrf, reason: '维护' })).status).toBe(404);
      expect((await post(app, '/admin/targets/municipal/explode', cookie, { _csrf: csrf })).status).toBe(404);
    });
  });

  describe('pages', () => {
    it('Chinese by default, English with ?lang=en (remembered in a cookie)', async () => {
      const { cookie } = await login(app, 'admin');
      const zh = await get(app, '/admin', cookie);
      expect(zh.text).toContain('<html lang="zh-CN">');
      expect(zh.text).toContain('目标平台');
      const en = await get(app, '/admin?lang=en', cookie);
      expect(en.text).toContain('<html lang="en">');
      expect(en.text).toContain('Target platforms');
      const lang = en.res.headers.getSetCookie().find((c) => c.startsWith('cgw_lang='))!;
      expect(lang).toMatch(/^cgw_lang=en; .*Path=\/admin/);
      const still = await get(app, '/admin/deliveries', `${cookie}; cgw_lang=en`);
      expect(still.text).toContain('Deliveries');
      expect((await get(app, '/admin/deliveries?lang=zh', `${cookie}; cgw_lang=en`)).text).toContain('记录类型');
      const form = await app.request('/admin/login?lang=en');
      expect(await form.text()).toContain('Sign in to the operator console');
    });

    it('every page renders; pages carry a strict CSP, no-store and DENY framing', async () => {
      const { cookie } = await login(app, 'admin');
      const sub = (await db.query<{ id: string }>('SELECT id FROM submissions LIMIT 1')).rows[0]!.id;
      for (const path of ['/admin', '/admin/', '/admin/deliveries', `/admin/deliveries?q=91320723MA1XYW1236&from=2020-01-01&to=2099-12-31`, `/admin/records/${personRecordId}`, `/admin/submissions/${sub}`, '/admin/reconciliations', '/admin/audit']) {
        const p = await get(app, path, cookie);
        expect(p.status, path).toBe(200);
        expect(p.text.startsWith('<!DOCTYPE html>'), path).toBe(true);
        expect(p.res.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(p.res.headers.get('x-frame-options')).toBe('DENY');
        expect(p.res.headers.get('cache-control')).toBe('no-store');
      }
      expect((await get(app, '/admin/records/not-a-uuid', cookie)).status).toBe(404);
      expect((await get(app, '/admin/no/such/page', cookie)).status).toBe(404);
      expect((await get(app, '/admin/deliveries?from=yesterday', cookie)).status).toBe(400);
      // No queues in this process: bull-board says so instead of failing.
      expect((await get(app, '/admin/queues', cookie)).status).toBe(503);
    });

    it('whatever a department or a URL puts in a page is escaped, and forms are size-bounded', async () => {
      const { cookie } = await login(app, 'operator');
      const evil = '<img src=x onerror=alert(1)>';
      const rid = (await db.query<{ id: string }>(`SELECT id FROM records WHERE subject_name NOT LIKE '张%' LIMIT 1`)).rows[0]!.id;
      await db.query('UPDATE records SET subject_name = $2 WHERE id = $1', [rid, evil]);
      await db.query(`UPDATE deliveries SET last_error = $2 WHERE record_id = $1`, [rid, `</td><script>alert(2)</script>`]);
      for (const path of ['/admin/deliveries', `/admin/records/${rid}`, `/admin/deliveries?q=${encodeURIComponent(evil)}&done=retried&n=${encodeURIComponent('<b>x</b>')}`]) {
        const p = await get(app, path, cookie);
        expect(p.text, path).not.toContain('<img src=x');
        expect(p.text, path).not.toContain('<script>');
        expect(p.text, path).not.toContain('<b>x</b>');
      }
      expect((await get(app, '/admin/deliveries', cookie)).text).toContain('&lt;img src=x onerror=alert(1)&gt;');
      const { csrf } = await get(app, '/admin', cookie);
      const big = await post(app, '/admin/targets/municipal/pause', cookie, { _csrf: csrf, reason: 'x'.repeat(300_000) });
      expect(big.status).toBe(413);
    });

    it('personal ID numbers are masked in the record page, the deliveries list, the raw submission, and never logged', async () => {
      const { cookie } = await login(app, 'admin');
      const masked = `${PERSON_ID.slice(0, 6)}********${PERSON_ID.slice(-4)}`;
      const rec = await get(app, `/admin/records/${personRecordId}`, cookie);
      expect(rec.text).not.toContain(PERSON_ID);
      expect(rec.text).toContain(masked);
      const list = await get(app, '/admin/deliveries', cookie);
      expect(list.text).not.toContain(PERSON_ID);
      const sub = /href="\/admin\/submissions\/([0-9a-f-]+)"/.exec(rec.text)![1]!;
      const raw = await get(app, `/admin/submissions/${sub}`, cookie);
      expect(raw.text).toContain('灌应急罚〔2026〕个2号');
      expect(raw.text).not.toContain(PERSON_ID);
      expect(raw.text).toContain(masked);
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.join('')).not.toContain(PERSON_ID);
      // The bodies whose ID numbers are masked come from the versions the stored answer names.
      const bodies = await versionBodiesOfSubmission(db, (await getSubmission(db, sub))!.response);
      expect(bodies).toHaveLength(3);
      expect(JSON.stringify(bodies)).toContain(PERSON_ID);
      expect(await versionBodiesOfSubmission(db, { results: [{ recordId: 'not-a-uuid', versionNo: 1 }, { index: 0, status: 'rejected' }] })).toEqual([]);
    });
  });
});

describe('console state in Redis (shared by every API process)', () => {
  it('counts failures in a window that starts at the first one, and remembers revoked sessions until expiry', async () => {
    const prefix = uniqueName('cgwconsole');
    const redis = new Redis(REDIS_URL);
    try {
      const s = redisStores(redis, prefix);
      expect(await s.lockedFor([{ key: 'acct:a', max: 3 }])).toBe(0);
      await s.fail(['acct:a', 'addr:x'], 60_000);
      await s.fail(['acct:a', 'addr:x'], 60_000);
      expect(await s.lockedFor([{ key: 'acct:a', max: 3 }])).toBe(0);
      await s.fail(['acct:a'], 60_000);
      const wait = await s.lockedFor([{ key: 'acct:a', max: 3 }, { key: 'addr:x', max: 10 }]);
      expect(wait).toBeGreaterThan(55);
      expect(wait).toBeLessThanOrEqual(60);
      await s.reset('acct:a');
      expect(await s.lockedFor([{ key: 'acct:a', max: 3 }])).toBe(0);
      expect(await s.isRevoked('sid-1')).toBe(false);
      await s.revoke('sid-1', Math.floor(Date.now() / 1000) + 30);
      expect(await s.isRevoked('sid-1')).toBe(true);
      expect(await redis.ttl(`${prefix}:console:revoked:sid-1`)).toBeGreaterThan(25);
    } finally {
      redis.disconnect();
      await dropRedisPrefix(prefix);
    }
  });
});

describe('console passwords', () => {
  it('scrypt hashes verify, wrong passwords and foreign formats do not', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterY', h)).toBe(false);
    expect(await verifyPassword('anything', undefined)).toBe(false);
    expect(parsePasswordHash('scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBeNull(); // too cheap
    expect(parsePasswordHash('scrypt$32769$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBeNull(); // not a power of two
    await expect(hashPassword('short')).rejects.toThrow(/8 characters/);
  });

  it('the config refuses an unusable hash and a short session secret', () => {
    expect(() => parseConfig(testRawConfig('http://x', (raw) => (raw.operators[0].passwordHash = 'scrypt$2$1$1$AAAA$BBBB')), {})).toThrow(/passwordHash must be scrypt/);
    expect(() => parseConfig(testRawConfig('http://x', (raw) => (raw.console.sessionSecret = { env: 'S', demoDefault: 'short' })), {})).toThrow(/shorter than 32 bytes/);
    expect(() => parseConfig(testRawConfig('http://x', (raw) => (raw.operators[0].passwordHash = 'bcrypt$x')), {})).toThrow(/passwordHash/);
  });
});

describe('metrics for dashboards', () => {
  it('queue jobs, circuit state and outbox deliveries per target are read at scrape time', async () => {
    const m = createMetrics();
    m.setSources({
      targets: ['municipal', 'provincial'],
      queueCounts: async (t): Promise<Record<string, number>> => (t === 'municipal' ? { waiting: 3, active: 1, delayed: 2, failed: 0, prioritized: 0 } : { waiting: 0 }),
      circuitState: async (t) => (t === 'municipal' ? 'open' : 'closed'),
      deliveryCounts: async () => [{ target: 'municipal', state: 'failed', count: 7 }],
    });
    const text = await m.registry.metrics();
    expect(text).toContain('cgw_queue_jobs{target="municipal",state="waiting"} 3');
    expect(text).toContain('cgw_queue_jobs{target="provincial",state="waiting"} 0');
    expect(text).toContain('cgw_circuit_state{target="municipal"} 2');
    expect(text).toContain('cgw_circuit_state{target="provincial"} 0');
    expect(text).toContain('cgw_deliveries{target="municipal",state="failed"} 7');
  });

  it('the example Grafana dashboard only uses metrics the gateway exports', () => {
    const dash = JSON.parse(readFileSync(new URL('../../dashboards/credit-gateway.json', import.meta.url), 'utf8')) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    const used = new Set(dash.panels.flatMap((p) => p.targets ?? []).flatMap((t) => t.expr.match(/cgw_[a-z_]+/g) ?? []).map((n) => n.replace(/_bucket$/, '')));
    const exported = new Set(createMetrics().registry.getMetricsAsArray().map((m) => m.name));
    expect(used.size).toBeGreaterThan(8);
    for (const name of used) expect(exported, name).toContain(name);
  });

  it('a source that hangs does not hang the scrape', async () => {
    const m = createMetrics();
    m.setSources({ targets: ['municipal'], queueCounts: () => new Promise(() => undefined), circuitState: async () => 'closed', deliveryCounts: async () => [] });
    const t0 = Date.now();
    const text = await m.registry.metrics();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(text).toContain('cgw_circuit_state{target="municipal"} 0');
  });
});
