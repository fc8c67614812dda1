// Security tests for the public, read-only reference routes (issue 8): GET /v1/schemas,
// /v1/schemas/{type}, /v1/errors, /openapi.json. No key needed, nothing writable, nothing secret
// (the gateway's own config schema, key digests and secrets are never served).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/errors/index.ts';
import { freshPostgres, startHarness, type Harness } from '../helpers.ts';
import { expectError, expectNoLeaks, request, securityPatch } from './helpers.ts';

const PUBLIC = ['/v1/schemas', '/v1/schemas/administrative-penalty', '/v1/schemas/common', '/v1/errors', '/openapi.json'];

describe('public reference routes — security', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { patch: securityPatch });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('readable without a key; a wrong key or stray signature headers change nothing', async () => {
    for (const path of PUBLIC) {
      const anon = await request(h, path, { key: null });
      expect(anon.status, path).toBe(200);
      expect(anon.headers.get('content-type')).toMatch(/^application\/json/);
      const wrong = await request(h, path, { key: 'not-a-key', headers: { 'x-department': 'no-such', 'x-signature': 'zz', 'x-timestamp': '1', 'x-nonce': 'n' } });
      expect(wrong.status, path).toBe(200);
      expect(wrong.text).toBe(anon.text);
    }
  });

  it('read-only: other methods → 405 METHOD_NOT_ALLOWED with Allow: GET, nothing changes', async () => {
    for (const path of PUBLIC) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await request(h, path, { method, body: '{"x":1}' });
        expectError(res, 405, 'METHOD_NOT_ALLOWED');
      }
    }
    expect((await request(h, '/v1/errors')).json.errors.length).toBe(errorCodes.length);
  });

  it('the config schema, other files and traversal attempts are not served', async () => {
    for (const t of ['config', 'config.schema', '..%2Fconfig', '..%2F..%2Fpackage', '%2E%2E%2Fconfig', 'common.schema.json%00', '__proto__', 'constructor', 'toString']) {
      const res = await request(h, `/v1/schemas/${t}`);
      expect(res.status, t).toBe(404);
    }
    const list = await request(h, '/v1/schemas');
    expect(list.text).not.toContain('config');
  });

  it('nothing from the running config is published: no key digests, secrets, department ids or env names', async () => {
    const example = readFileSync(new URL('../../config/example.yaml', import.meta.url), 'utf8');
    const digests = [...example.matchAll(/sha256: ([0-9a-f]{64})/g)].map((m) => m[1]!);
    expect(digests.length).toBeGreaterThanOrEqual(3);
    for (const path of PUBLIC) {
      const res = await request(h, path);
      for (const d of digests) expect(res.text, path).not.toContain(d);
      expect(res.text, path).not.toMatch(/SIGNING_SECRET|MUNICIPAL_TOKEN|county-safety-bureau-signed|demoDefault/);
    }
  });

  it('the catalogue lists the security codes with their statuses, in both languages', async () => {
    const res = await request(h, '/v1/errors');
    const byCode = new Map(res.json.errors.map((e: { code: string }) => [e.code, e]));
    for (const [code, status] of [['AUTH_EXPIRED', 401], ['SIGNATURE_REQUIRED', 401], ['SIGNATURE_INVALID', 401], ['SIGNATURE_EXPIRED', 401], ['SIGNATURE_REPLAYED', 401], ['RATE_LIMITED', 429], ['NESTING_TOO_DEEP', 413], ['TOO_MANY_ELEMENTS', 413], ['CSV_TOO_MANY_ROWS', 413], ['CSV_TOO_MANY_COLUMNS', 413]] as const) {
      expect(byCode.get(code), code).toMatchObject({ code, httpStatus: status });
    }
    expect(byCode.get('AUTHORITY_MISMATCH')).toMatchObject({ level: 'record' });
    expect(byCode.get('INVALID_CHARACTER')).toMatchObject({ level: 'record' });
  });

  it('no answer in this file echoed a key, a secret, a stack trace or internals', () => expectNoLeaks());
});
