// Security tests for GET /v1/records/{id} and GET /v1/records (issue 8): read scope, keys,
// signatures on reads, masked ID numbers (everywhere in the answer, record key included) unless
// read:unmasked, and SQL-shaped query parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskRecordView } from '../../src/http/security/redact.ts';
import { freshPostgres, startHarness, type Harness } from '../helpers.ts';
import { body, penalty } from '../records.ts';
import { expectError, expectNoLeaks, KEYS, orgPenaltyWithRepId, personPenalty, request, residentId, securityPatch, SIGNED, signed } from './helpers.ts';

const PERSON_ID = residentId('320723', '19790315', '456');
const REP_ID = residentId('320723', '19650709', '789');
const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;

describe('GET /v1/records — security', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  let personRecordId: string;
  let orgRecordId: string;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { patch: securityPatch });
    const res = await request(h, '/v1/submissions', { body: body([personPenalty(1, PERSON_ID), orgPenaltyWithRepId(2, REP_ID), penalty(3)]) });
    expect(res.json.accepted).toBe(3);
    personRecordId = res.json.results[0].recordId;
    orgRecordId = res.json.results[1].recordId;
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  describe('keys and scope', () => {
    it('missing, wrong and expired keys → 401 on both routes', async () => {
      for (const path of [`/v1/records/${personRecordId}`, '/v1/records']) {
        expectError(await request(h, path, { key: null }), 401, 'AUTH_MISSING');
        expectError(await request(h, path, { key: 'not-a-key' }), 401, 'AUTH_INVALID');
        expectError(await request(h, path, { key: KEYS.expired }), 401, 'AUTH_EXPIRED');
      }
    });

    it('a key without read scope → 403 FORBIDDEN_SCOPE', async () => {
      expectError(await signed(h, '/v1/records'), 403, 'FORBIDDEN_SCOPE'); // the signed department's submit-only key
      expectError(await signed(h, `/v1/records/${personRecordId}`), 403, 'FORBIDDEN_SCOPE');
    });

    it('records are the public credit archive: another department\'s read key may read them, with ID numbers masked', async () => {
      const res = await request(h, `/v1/records/${personRecordId}`, { key: 'demo-park-key' });
      expect(res.status).toBe(200);
      expect(res.json.departmentId).toBe('county-safety-bureau');
      expect(res.text).not.toContain(PERSON_ID);
    });
  });

  describe('signed reads (department county-safety-bureau-signed)', () => {
    it('a signed GET with the read key works; unsigned → SIGNATURE_REQUIRED', async () => {
      expect((await signed(h, `/v1/records/${orgRecordId}`, { key: KEYS.readOnly })).status).toBe(200);
      expect((await signed(h, '/v1/records?limit=5', { key: KEYS.readOnly })).status).toBe(200);
      expectError(await request(h, `/v1/records/${orgRecordId}`, { key: KEYS.readOnly }), 401, 'SIGNATURE_REQUIRED');
    });

    it('tampered path or query, expired timestamp, replay → refused', async () => {
      expectError(await signed(h, `/v1/records/${personRecordId}`, { key: KEYS.readOnly, signedPath: `/v1/records/${orgRecordId}` }), 401, 'SIGNATURE_INVALID');
      expectError(await signed(h, '/v1/records?uscc=91320723MA1XYW1236', { key: KEYS.readOnly, signedPath: '/v1/records?uscc=91320723MA1ABC456U' }), 401, 'SIGNATURE_INVALID');
      expectError(await signed(h, '/v1/records?limit=5&limit=6', { key: KEYS.readOnly, signedPath: '/v1/records?limit=5' }), 401, 'SIGNATURE_INVALID');
      expectError(await signed(h, '/v1/records', { key: KEYS.readOnly, timestamp: Math.floor(Date.now() / 1000) - 3600 }), 401, 'SIGNATURE_EXPIRED');
      // A GET carries no body: a signature over a body does not match.
      expectError(await signed(h, '/v1/records', { key: KEYS.readOnly, signedBody: 'x' }), 401, 'SIGNATURE_INVALID');
      const nonce = 'read-replay-nonce-0001';
      expect((await signed(h, '/v1/records', { key: KEYS.readOnly, nonce })).status).toBe(200);
      expectError(await signed(h, '/v1/records', { key: KEYS.readOnly, nonce }), 401, 'SIGNATURE_REPLAYED');
    });
  });

  describe('masked ID numbers', () => {
    it('GET /v1/records/{id}: no raw ID number anywhere in the answer (record, record key, versions), unless read:unmasked', async () => {
      const person = await request(h, `/v1/records/${personRecordId}`);
      expect(person.status).toBe(200);
      expect(person.json.record.subject.idNo).toBe(masked(PERSON_ID));
      expect(person.text).not.toContain(PERSON_ID);
      const org = await request(h, `/v1/records/${orgRecordId}`);
      expect(org.json.record.subject.legalRep.idNo).toBe(masked(REP_ID));
      expect(org.text).not.toContain(REP_ID);

      const auditor = await request(h, `/v1/records/${personRecordId}`, { key: KEYS.unmasked });
      expect(auditor.status).toBe(200);
      expect(auditor.json.record.subject.idNo).toBe(PERSON_ID);
    });

    it('GET /v1/records never carries an ID number, masked or not, for any key', async () => {
      for (const key of ['demo-canonical-key', KEYS.unmasked]) {
        const list = await request(h, '/v1/records?limit=500', { key });
        expect(list.status).toBe(200);
        expect(list.json.items.length).toBeGreaterThanOrEqual(3);
        for (const id of [PERSON_ID, REP_ID]) {
          expect(list.text).not.toContain(id);
          expect(list.text).not.toContain(masked(id));
        }
      }
    });

    it('an ID number quoted elsewhere (a platform message, a warning) is masked too', () => {
      const view = {
        recordKey: `administrative-penalty|11320723MB1234567K|[灌应急罚2026个1号]|${PERSON_ID}`,
        record: { subject: { name: '张三', category: 'NATURAL_PERSON', idType: '身份证', idNo: PERSON_ID } },
        deliveries: [{ lastError: `证件号码 ${PERSON_ID} 与姓名不符; 另一人 ${REP_ID} 亦同` }],
        versions: [{ warnings: [{ path: '/subject/idNo', params: { value: PERSON_ID } }] }],
      };
      const out = JSON.stringify(maskRecordView(view));
      expect(out).not.toContain(PERSON_ID);
      expect(out).not.toContain(REP_ID);
      expect(out).toContain(masked(PERSON_ID));
      // USCCs (letters inside) are not taken for ID numbers.
      expect(out).toContain('11320723MB1234567K');
    });
  });

  describe('hostile query parameters', () => {
    it('SQL-shaped values are parameters (no match) or refused (400), never a 500; the tables are intact', async () => {
      const ok = [
        "?uscc=' OR '1'='1",
        "?uscc=91320723MA1XYW1236' OR 1=1 --",
        "?department=x' OR '1'='1",
        '?department=county-safety-bureau%27%3B%20DROP%20TABLE%20records%3B--',
      ];
      for (const q of ok) {
        const res = await request(h, `/v1/records${q}`);
        expect(res.status, q).toBe(200);
        expect(res.json.items, q).toEqual([]);
      }
      const bad = ["?type=administrative-penalty' OR 1=1--", "?status=delivered'--", "?from=2026-01-01' OR '1'='1", '?limit=1;DROP TABLE records', '?limit=-1', '?limit=1e9', '?cursor=JyBPUiAxPTEgLS0', `?cursor=${Buffer.from("2026-01-01|' OR 1=1 --").toString('base64url')}`];
      for (const q of bad) expectError(await request(h, `/v1/records${q}`), 400, 'QUERY_INVALID');
      for (const id of ["' OR 1=1 --", '00000000-0000-0000-0000-000000000000', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(5000)]) {
        expectError(await request(h, `/v1/records/${encodeURIComponent(id)}`), 404, 'NOT_FOUND');
      }
      const n = await h.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
      expect(n.rows[0]!.n).toBe(3);
    });
  });

  it('no answer in this file echoed a key, a secret, a stack trace or internals', () => expectNoLeaks());
});
