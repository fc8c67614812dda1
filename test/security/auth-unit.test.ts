// The authentication middleware in isolation (no Redis, no database): what happens when the replay
// or rate store fails, the in-memory stores' clocks, and key expiry on an injected clock.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { createKeyring, requireKey, type SecurityOptions } from '../../src/http/auth.ts';
import type { AppEnv } from '../../src/http/env.ts';
import { errorResponse } from '../../src/http/errors.ts';
import { signRequest } from '../../src/http/security/signing.ts';
import { memoryNonceStore, memoryRateLimiter, StoreUnavailable } from '../../src/http/security/stores.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testRawConfig } from '../helpers.ts';
import { SIGNED } from './helpers.ts';

const { config } = parseConfig(testRawConfig('http://127.0.0.1:1'), {});

function app(security: SecurityOptions) {
  const a = new Hono<AppEnv>();
  a.use('*', async (c, next) => {
    c.set('requestId', 'r');
    c.set('lang', 'en');
    await next();
  });
  a.onError((err, c) => errorResponse(c, err, silentLogger));
  const keyring = createKeyring(config.departments, { logger: silentLogger, ...security });
  a.get('/x', requireKey(keyring, 'read'), (c) => c.json({ ok: true, department: c.get('principal').department.id, signed: c.get('principal').signed }));
  a.post('/x', requireKey(keyring, 'submit'), async (c) => c.json({ ok: true, body: await c.req.text() }));
  return a;
}

const signedPost = (body: string, nonce?: string) => ({
  method: 'POST',
  body,
  headers: { authorization: `Bearer ${SIGNED.key}`, 'content-type': 'application/json', ...signRequest({ secret: SIGNED.secret, department: SIGNED.department, method: 'POST', url: '/x', body, nonce }) },
});

describe('requireKey', () => {
  it('a signed request reaches the handler with the body intact (read twice: signature, then route)', async () => {
    const res = await app({}).request('/x', signedPost('{"records":[]}'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, body: '{"records":[]}' });
  });

  it('the replay store failing → 503 UNAVAILABLE (fails closed)', async () => {
    const res = await app({ nonces: { remember: async () => { throw new StoreUnavailable('down'); } } }).request('/x', signedPost('{}'));
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).error).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('the rate store failing → the request is allowed (fails open)', async () => {
    const res = await app({ limiter: { take: async () => { throw new StoreUnavailable('down'); } } }).request('/x', { headers: { authorization: 'Bearer demo-canonical-key' } });
    expect(res.status).toBe(200);
  });

  it('unsigned departments are marked unsigned; signed ones signed', async () => {
    const a = app({});
    expect(await (await a.request('/x', { headers: { authorization: 'Bearer demo-canonical-key' } })).json()).toMatchObject({ signed: false });
  });

  it('key expiry follows the clock', async () => {
    const { hashApiKey } = await import('../../src/config/index.ts');
    const { config: c2 } = parseConfig(testRawConfig('http://127.0.0.1:1', (r) => r.departments[1].apiKeys.push({ id: 'old', sha256: hashApiKey('old-key'), expiresAt: '2030-01-01T00:00:00Z' })), {});
    const at = (iso: string) => {
      const a = new Hono<AppEnv>();
      a.use('*', async (c, next) => { c.set('requestId', 'r'); c.set('lang', 'en'); await next(); });
      a.onError((err, c) => errorResponse(c, err, silentLogger));
      a.get('/x', requireKey(createKeyring(c2.departments, { now: () => Date.parse(iso) }), 'read'), (c) => c.json({ ok: true }));
      return a.request('/x', { headers: { authorization: 'Bearer old-key' } });
    };
    expect((await at('2029-12-31T23:59:59Z')).status).toBe(200);
    const after = await at('2030-01-01T00:00:00Z');
    expect(after.status).toBe(401);
    expect(((await after.json()) as any).error.code).toBe('AUTH_EXPIRED');
  });
});

describe('in-memory stores', () => {
  it('token bucket: a minute\'s allowance, then refills continuously', async () => {
    let t = 0;
    const l = memoryRateLimiter(() => t);
    for (let i = 0; i < 6; i++) expect((await l.take('d', 6)).allowed).toBe(true);
    const refused = await l.take('d', 6);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 10 });
    t += 9_999;
    expect((await l.take('d', 6)).allowed).toBe(false);
    t += 1;
    expect((await l.take('d', 6)).allowed).toBe(true);
    expect((await l.take('other', 6)).allowed).toBe(true);
  });

  it('nonces: remembered for the TTL, then forgotten', async () => {
    let t = 0;
    const n = memoryNonceStore(() => t);
    expect(await n.remember('a', 1000)).toBe(true);
    expect(await n.remember('a', 1000)).toBe(false);
    t = 999;
    expect(await n.remember('a', 1000)).toBe(false);
    t = 1000;
    expect(await n.remember('a', 1000)).toBe(true);
  });
});
