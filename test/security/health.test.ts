// Security tests for GET /healthz, /readyz and /metrics (issue 8): public and read-only, and they
// publish no secret, address, credential or personal data.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/index.ts';
import { freshPostgres, PG_URL, REDIS_URL, startHarness, type Harness } from '../helpers.ts';
import { body } from '../records.ts';
import { expectError, expectNoLeaks, personPenalty, request, residentId, securityPatch, SIGNED, signed } from './helpers.ts';

const PERSON_ID = residentId('320723', '19790315', '456');

describe('health and metrics — security', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { patch: securityPatch });
    // Traffic that could leak into metrics: a person's record, failed and signed requests.
    await request(h, '/v1/submissions', { body: body([personPenalty(1, PERSON_ID)]) });
    await request(h, '/v1/submissions', { key: 'a-wrong-key-that-must-not-appear', body: '{}' });
    await signed(h, '/v1/submissions?dryRun=true', { body: body([personPenalty(2, PERSON_ID)]) });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('open without a key; other methods → 405', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect((await request(h, path, { key: null })).status, path).toBe(200);
      for (const method of ['POST', 'PUT', 'DELETE']) expectError(await request(h, path, { method, body: '{}' }), 405, 'METHOD_NOT_ALLOWED');
    }
  });

  it('readiness names its checks, never the addresses or credentials behind them', async () => {
    const res = await request(h, '/readyz');
    expect(res.json).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    const pg = new URL(PG_URL);
    for (const s of [REDIS_URL, PG_URL, pg.host, pg.username, '6379', '5432']) expect(res.text).not.toContain(s);
  });

  it('metrics carry no ID numbers, keys, secrets or addresses', async () => {
    const res = await request(h, '/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toContain('department="county-safety-bureau"');
    for (const s of [PERSON_ID, 'a-wrong-key-that-must-not-appear', SIGNED.secret, 'demo-canonical-key', REDIS_URL, PG_URL]) expect(res.text).not.toContain(s);
  });

  it('no answer in this file echoed a key, a secret, a stack trace or internals', () => expectNoLeaks());
});

describe('metrics behind METRICS_TOKEN', () => {
  const TOKEN = 'scrape-token-0123456789abcdef';
  let h: Harness;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('GET /metrics needs the bearer token: none → 401 AUTH_MISSING, another → 401 AUTH_INVALID (a department key too), the token → 200; health stays open', async () => {
    expectError(await request(h, '/metrics', { key: null }), 401, 'AUTH_MISSING');
    expectError(await request(h, '/metrics', { key: `${TOKEN}x` }), 401, 'AUTH_INVALID');
    expectError(await request(h, '/metrics', {}), 401, 'AUTH_INVALID');
    const ok = await request(h, '/metrics', { key: TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('cgw_');
    for (const path of ['/healthz', '/readyz']) expect((await request(h, path, { key: null })).status, path).toBe(200);
  });

  it('a short or spaced METRICS_TOKEN is refused at start; the token never prints', () => {
    expect(() => readEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 printable characters/);
    expect(() => readEnv({ METRICS_TOKEN: 'has a space in it, long enough' })).toThrow(/METRICS_TOKEN/);
    expect(readEnv({ METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
    const env = readEnv({ METRICS_TOKEN: TOKEN });
    expect(env.metricsToken?.reveal()).toBe(TOKEN);
    expect(JSON.stringify(env)).not.toContain(TOKEN);
    expect(inspect(env)).not.toContain(TOKEN);
  });
});
