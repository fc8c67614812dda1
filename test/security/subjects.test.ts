// Security tests for GET /v1/subjects/{uscc} (issue 8): keys and scope, signatures, masked ID
// numbers (legal representatives' IDs never appear), hostile path values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, startHarness, type Harness } from '../helpers.ts';
import { body, COMPANIES, penalty } from '../records.ts';
import { expectError, expectNoLeaks, KEYS, orgPenaltyWithRepId, request, residentId, securityPatch, signed } from './helpers.ts';

const REP_ID = residentId('320723', '19650709', '789');
const USCC = COMPANIES[2]!.uscc;

describe('GET /v1/subjects/{uscc} — security', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { patch: securityPatch });
    const res = await request(h, '/v1/submissions', { body: body([orgPenaltyWithRepId(2, REP_ID), penalty(6)]) });
    expect(res.json.accepted).toBe(2);
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('missing, wrong, expired key → 401; submit-only key → 403', async () => {
    expectError(await request(h, `/v1/subjects/${USCC}`, { key: null }), 401, 'AUTH_MISSING');
    expectError(await request(h, `/v1/subjects/${USCC}`, { key: 'demo-park-keY' }), 401, 'AUTH_INVALID');
    expectError(await request(h, `/v1/subjects/${USCC}`, { key: KEYS.expired }), 401, 'AUTH_EXPIRED');
    expectError(await signed(h, `/v1/subjects/${USCC}`), 403, 'FORBIDDEN_SCOPE');
  });

  it('the archive carries no ID numbers, masked or not, for any key', async () => {
    for (const key of ['demo-canonical-key', 'demo-park-key', KEYS.unmasked]) {
      const res = await request(h, `/v1/subjects/${USCC}`, { key });
      expect(res.status).toBe(200);
      expect(res.json.recordCount).toBe(2);
      expect(res.text).not.toContain(REP_ID);
    }
  });

  it('signed department: signature required, checked, not replayable', async () => {
    expectError(await request(h, `/v1/subjects/${USCC}`, { key: KEYS.readOnly }), 401, 'SIGNATURE_REQUIRED');
    expect((await signed(h, `/v1/subjects/${USCC}`, { key: KEYS.readOnly, nonce: 'subject-nonce-000001' })).status).toBe(200);
    expectError(await signed(h, `/v1/subjects/${USCC}`, { key: KEYS.readOnly, nonce: 'subject-nonce-000001' }), 401, 'SIGNATURE_REPLAYED');
    expectError(await signed(h, `/v1/subjects/${USCC}`, { key: KEYS.readOnly, signedPath: `/v1/subjects/${COMPANIES[0]!.uscc}` }), 401, 'SIGNATURE_INVALID');
    expectError(await signed(h, `/v1/subjects/${USCC}`, { key: KEYS.readOnly, timestamp: 1 }), 401, 'SIGNATURE_EXPIRED');
  });

  it('hostile path values → 400 QUERY_INVALID or 404, never a 500', async () => {
    for (const v of ["' OR '1'='1", "91320723MA1XYW1236' --", '..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(3000), '<script>alert(1)</script>']) {
      const res = await request(h, `/v1/subjects/${encodeURIComponent(v)}`);
      expect([400, 404], v).toContain(res.status);
      expect(res.json.error.code).toMatch(/^(QUERY_INVALID|NOT_FOUND)$/);
      expect(res.text).not.toContain('<script>');
    }
    // A well-formed code nobody reported.
    expectError(await request(h, '/v1/subjects/91320723MA1ABC456U'), 404, 'NOT_FOUND');
  });

  it('no answer in this file echoed a key, a secret, a stack trace or internals', () => expectNoLeaks());
});
