// Security tests for GET /v1/submissions/{id} (issue 8): own submissions only, keys and scope,
// signatures, ID numbers masked in the stored answer (also for rows stored before masking).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, startHarness, type Harness } from '../helpers.ts';
import { body, penalty } from '../records.ts';
import { expectError, expectNoLeaks, KEYS, personPenalty, request, residentId, securityPatch, SIGNED, signed } from './helpers.ts';

const GOOD_ID = residentId('320723', '19790315', '456');
const BAD_ID = `${GOOD_ID.slice(0, 17)}${GOOD_ID.endsWith('1') ? '2' : '1'}`;

describe('GET /v1/submissions/{id} — security', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  let countyId: string;
  let signedId: string;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { patch: securityPatch });
    const res = await request(h, '/v1/submissions', { body: body([personPenalty(1, BAD_ID), personPenalty(2, GOOD_ID), penalty(3)]) });
    expect(res.json).toMatchObject({ accepted: 2, rejected: 1 });
    countyId = res.json.submissionId;
    const s = await signed(h, '/v1/submissions', { body: body([penalty(4, { data: { decisionNo: '灌应急罚〔2026〕签4号' } })]) });
    expect(s.status).toBe(202);
    signedId = s.json.submissionId;
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('missing, wrong, expired key → 401; a key without read → 403', async () => {
    expectError(await request(h, `/v1/submissions/${countyId}`, { key: null }), 401, 'AUTH_MISSING');
    expectError(await request(h, `/v1/submissions/${countyId}`, { key: 'x' }), 401, 'AUTH_INVALID');
    expectError(await request(h, `/v1/submissions/${countyId}`, { key: KEYS.expired }), 401, 'AUTH_EXPIRED');
    expectError(await signed(h, `/v1/submissions/${signedId}`), 403, 'FORBIDDEN_SCOPE');
  });

  it('a department sees its own submissions only; another\'s is reported absent, exactly like an unknown id', async () => {
    expect((await request(h, `/v1/submissions/${countyId}`)).status).toBe(200);
    expect((await request(h, `/v1/submissions/${countyId}`, { key: KEYS.rotated })).status).toBe(200);
    const other = await request(h, `/v1/submissions/${countyId}`, { key: 'demo-park-key' });
    expectError(other, 404, 'NOT_FOUND');
    const unknown = await request(h, '/v1/submissions/00000000-0000-4000-8000-000000000000', { key: 'demo-park-key' });
    expectError(unknown, 404, 'NOT_FOUND');
    // Same department data source, different department: still not its submission.
    expectError(await signed(h, `/v1/submissions/${countyId}`, { key: KEYS.readOnly }), 404, 'NOT_FOUND');
    expectError(await request(h, `/v1/submissions/${signedId}`), 404, 'NOT_FOUND');
    // The auditor may read everything unmasked, but submissions belong to their department.
    expectError(await request(h, `/v1/submissions/${countyId}`, { key: KEYS.unmasked }), 404, 'NOT_FOUND');
  });

  it('signed department: its read key must sign; tampering and replays are refused', async () => {
    expectError(await request(h, `/v1/submissions/${signedId}`, { key: KEYS.readOnly }), 401, 'SIGNATURE_REQUIRED');
    const ok = await signed(h, `/v1/submissions/${signedId}`, { key: KEYS.readOnly, nonce: 'get-submission-nonce-1' });
    expect(ok.status).toBe(200);
    expect(ok.json.departmentId).toBe(SIGNED.department);
    expectError(await signed(h, `/v1/submissions/${signedId}`, { key: KEYS.readOnly, nonce: 'get-submission-nonce-1' }), 401, 'SIGNATURE_REPLAYED');
    expectError(await signed(h, `/v1/submissions/${signedId}`, { key: KEYS.readOnly, signedPath: `/v1/submissions/${countyId}` }), 401, 'SIGNATURE_INVALID');
    expectError(await signed(h, `/v1/submissions/${signedId}`, { key: KEYS.readOnly, timestamp: Math.floor(Date.now() / 1000) + 900 }), 401, 'SIGNATURE_EXPIRED');
  });

  it('the stored answer quotes ID numbers masked', async () => {
    const res = await request(h, `/v1/submissions/${countyId}`);
    expect(res.status).toBe(200);
    const err = res.json.response.results[0].errors[0];
    expect(err).toMatchObject({ path: '/subject/idNo', code: 'ID_NUMBER_INVALID' });
    expect(err.message).toContain(`${BAD_ID.slice(0, 6)}********${BAD_ID.slice(14)}`);
    for (const id of [BAD_ID, GOOD_ID]) expect(res.text).not.toContain(id);
    // As stored (in `answer` since migration 014): masked there too, not only on the way out.
    const raw = await h.gateway.db.query<{ answer: { results: unknown[] } | null }>('SELECT answer FROM submissions WHERE id = $1', [countyId]);
    expect(raw.rows[0]!.answer?.results).toHaveLength(res.json.response.results.length);
    expect(JSON.stringify(raw.rows[0]!.answer)).not.toContain(BAD_ID);
  });

  it('a row stored before masking existed is masked on the way out', async () => {
    const legacy = await request(h, '/v1/submissions', { body: body([personPenalty(5, BAD_ID)]) });
    const id = legacy.json.submissionId;
    // As an old row has it: the answer in the jsonb column (before migration 014), unmasked.
    const put = await h.gateway.db.query(
      `UPDATE submissions SET response = jsonb_set(answer::jsonb, '{results,0,errors,0,message}', to_jsonb($2::text)), answer = NULL WHERE id = $1 RETURNING 1`,
      [id, `身份证号码 ${BAD_ID} 无效（GB 11643）`],
    );
    expect(put.rowCount).toBe(1);
    const stored = await h.gateway.db.query<{ old: string }>('SELECT response::text AS old FROM submissions WHERE id = $1', [id]);
    expect(stored.rows[0]!.old).toContain(BAD_ID);
    const res = await request(h, `/v1/submissions/${id}`);
    expect(res.json.response.results[0].errors[0].message).toBe(`身份证号码 ${BAD_ID.slice(0, 6)}********${BAD_ID.slice(14)} 无效（GB 11643）`);
    expect(res.text).not.toContain(BAD_ID);
  });

  it('hostile ids → 404, never a 500', async () => {
    for (const id of ["' OR 1=1 --", "00000000-0000-4000-8000-000000000000' OR '1'='1", '%00', '..%2F..%2Fadmin', 'x'.repeat(4000)]) {
      expectError(await request(h, `/v1/submissions/${encodeURIComponent(id)}`), 404, 'NOT_FOUND');
    }
  });

  it('no answer in this file echoed a key, a secret, a stack trace or internals', () => expectNoLeaks());
});
