// Security tests for POST /v1/submissions (issue 8): authentication (keys, rotation, expiry),
// request signing (missing, tampered, expired, replayed), department scope, size/depth limits,
// hostile XML, rate limit, SQL-shaped values, masked ID numbers, no leaks.
import { Readable } from 'node:stream';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters as registeredAdapters } from '../../adapters/index.ts';
import { hashApiKey } from '../../src/config/index.ts';
import type { Adapter } from '../../adapters/types.ts';
import { freshPostgres, startHarness, type Harness } from '../helpers.ts';
import { AUTHORITY, body, licence, penalty } from '../records.ts';
import { expectError, expectNoLeaks, KEYS, orgPenaltyWithRepId, PARK, personPenalty, PREVIOUS_SECRET, request, residentId, securityPatch, SIGNED, signed } from './helpers.ts';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const park = (b: string) => ({ key: 'demo-park-key', contentType: 'application/xml', body: b });

/** A CSV format stub: the pre-scan limits are what is under test, not a CSV adapter (none ships yet). */
const csvStub: Adapter = { name: 'industry-csv', contentTypes: ['text/csv'], parse: () => ({ records: [] }) };

function patch(raw: Record<string, any>): void {
  securityPatch(raw);
  const county = raw.departments.find((d: { id: string }) => d.id === 'county-safety-bureau');
  county.recordTypes = ['administrative-penalty'];
  const csv = structuredClone(county);
  Object.assign(csv, { id: 'csv-dept', adapter: 'industry-csv', apiKeys: [{ id: 'k', sha256: hashApiKey('csv-dept-key'), scopes: ['submit'] }] });
  delete csv.apiKeyEnv;
  raw.departments.push(csv);
  raw.limits = { maxBodyBytes: 256 * 1024, maxRecordsPerSubmission: 50, maxXmlElements: 2000, maxCsvRows: 100, maxCsvColumns: 20 };
}

describe('POST /v1/submissions — security', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  let count: (table: string) => Promise<number>;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { patch, gateway: { adapters: new Map([...registeredAdapters, ['industry-csv', csvStub]]) } });
    count = async (table) => (await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  describe('authentication', () => {
    it('missing, malformed, wrong and near-miss keys → 401; nothing stored', async () => {
      const before = await count('submissions');
      expectError(await request(h, '/v1/submissions', { key: null, body: body([penalty(0)]) }), 401, 'AUTH_MISSING');
      expectError(await request(h, '/v1/submissions', { key: null, headers: { authorization: 'Basic ZGVtbzpkZW1v' }, body: body([penalty(0)]) }), 401, 'AUTH_MISSING');
      expectError(await request(h, '/v1/submissions', { key: null, headers: { authorization: 'Bearer' }, body: body([penalty(0)]) }), 401, 'AUTH_MISSING');
      expectError(await request(h, '/v1/submissions', { key: 'wrong-key', body: body([penalty(0)]) }), 401, 'AUTH_INVALID');
      expectError(await request(h, '/v1/submissions', { key: 'demo-canonical-ke', body: body([penalty(0)]) }), 401, 'AUTH_INVALID');
      // The digest itself is not a key.
      expectError(await request(h, '/v1/submissions', { key: '6edd76d206704378b081f3591c997533875177864215e7311400562bdac7d8ce', body: body([penalty(0)]) }), 401, 'AUTH_INVALID');
      expect(await count('submissions')).toBe(before);
    });

    it('rotation: both configured keys of a department work', async () => {
      for (const key of ['demo-canonical-key', KEYS.rotated]) {
        const res = await request(h, '/v1/submissions?dryRun=true', { key, body: body([penalty(0)]) });
        expect(res.status).toBe(200);
        expect(res.json.accepted).toBe(1);
      }
    });

    it('an expired key → 401 AUTH_EXPIRED naming the expiry; the department\'s other key still works', async () => {
      const res = await request(h, '/v1/submissions', { ...park(`${XML_HEAD}<DataPackage><Body/></DataPackage>`), key: KEYS.expired });
      expectError(res, 401, 'AUTH_EXPIRED');
      expect(res.json.error.message).toContain('2025-12-31T16:00:00Z');
      expect((await request(h, '/v1/submissions?dryRun=true', park(`${XML_HEAD}<DataPackage><Body/></DataPackage>`))).status).toBe(200);
    });

    it('X-Department naming another or an unknown department → 401; an unauthenticated caller learns nothing about department ids', async () => {
      expectError(await request(h, '/v1/submissions', { headers: { 'x-department': 'chemical-park' }, body: body([penalty(0)]) }), 401, 'AUTH_INVALID');
      expectError(await request(h, '/v1/submissions', { headers: { 'x-department': 'no-such-department' }, body: body([penalty(0)]) }), 401, 'DEPARTMENT_UNKNOWN');
      // Without a valid key, known and unknown departments get the same answer.
      const a = await request(h, '/v1/submissions', { key: 'wrong', headers: { 'x-department': 'chemical-park' }, body: body([penalty(0)]) });
      const b = await request(h, '/v1/submissions', { key: 'wrong', headers: { 'x-department': 'no-such-department' }, body: body([penalty(0)]) });
      expectError(a, 401, 'AUTH_INVALID');
      expectError(b, 401, 'AUTH_INVALID');
    });

    it('a key without the submit scope → 403 FORBIDDEN_SCOPE', async () => {
      expectError(await signed(h, '/v1/submissions', { key: KEYS.readOnly, body: body([penalty(0)]) }), 403, 'FORBIDDEN_SCOPE');
    });
  });

  describe('request signing (department county-safety-bureau-signed)', () => {
    it('a signed request with the Bearer key is accepted and stored', async () => {
      const res = await signed(h, '/v1/submissions', { body: body([penalty(10, { data: { decisionNo: '灌应急罚〔2026〕签1号' } })]) });
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ accepted: 1, rejected: 0 });
      const row = await h.gateway.db.query<{ department_id: string }>('SELECT department_id FROM submissions WHERE id = $1', [res.json.submissionId]);
      expect(row.rows[0]!.department_id).toBe(SIGNED.department);
    });

    it('both factors are needed: the key alone → SIGNATURE_REQUIRED naming every missing header; the signature alone → AUTH_MISSING', async () => {
      const keyOnly = await request(h, '/v1/submissions', { key: SIGNED.key, body: body([penalty(11)]) });
      expectError(keyOnly, 401, 'SIGNATURE_REQUIRED');
      expect(keyOnly.json.error.message).toContain('X-Department, X-Timestamp, X-Nonce, X-Signature');
      const partial = await request(h, '/v1/submissions', { key: SIGNED.key, headers: { 'x-department': SIGNED.department, 'x-timestamp': String(Math.floor(Date.now() / 1000)) }, body: body([penalty(11)]) });
      expectError(partial, 401, 'SIGNATURE_REQUIRED');
      expect(partial.json.error.message).toContain('X-Nonce, X-Signature');
      expectError(await signed(h, '/v1/submissions', { key: null, body: body([penalty(11)]) }), 401, 'AUTH_MISSING');
      // Another department's key with this department's signature: the key names the department.
      expectError(await signed(h, '/v1/submissions', { key: 'demo-canonical-key', body: body([penalty(11)]) }), 401, 'AUTH_INVALID');
    });

    it('tampering with the body, path, query, timestamp or nonce → SIGNATURE_INVALID; nothing stored', async () => {
      const before = await count('submissions');
      const b = body([penalty(12)]);
      const other = body([penalty(12, { data: { fineAmountWan: '200', penaltyContent: '罚款人民币200万元' } })]);
      expectError(await signed(h, '/v1/submissions', { body: other, signedBody: b }), 401, 'SIGNATURE_INVALID');
      // One byte more (trailing newline) is another body.
      expectError(await signed(h, '/v1/submissions', { body: `${b}\n`, signedBody: b }), 401, 'SIGNATURE_INVALID');
      expectError(await signed(h, '/v1/submissions', { body: b, signedPath: '/v1/submissions/' }), 401, 'SIGNATURE_INVALID');
      // A dry run signed, sent as a real submission (and the reverse).
      expectError(await signed(h, '/v1/submissions?dryRun=false', { body: b, signedPath: '/v1/submissions?dryRun=true' }), 401, 'SIGNATURE_INVALID');
      expectError(await signed(h, '/v1/submissions', { body: b, signedPath: '/v1/submissions?dryRun=true' }), 401, 'SIGNATURE_INVALID');
      const ts = Math.floor(Date.now() / 1000);
      expectError(await signed(h, '/v1/submissions', { body: b, timestamp: ts, headers: { 'x-timestamp': String(ts - 1) } }), 401, 'SIGNATURE_INVALID');
      expectError(await signed(h, '/v1/submissions', { body: b, nonce: 'nonce-aaaaaaaaaaaaaaaa', headers: { 'x-nonce': 'nonce-aaaaaaaaaaaaaaab' } }), 401, 'SIGNATURE_INVALID');
      // The method is signed too.
      expectError(await signed(h, '/v1/submissions', { body: b, signedMethod: 'PUT' }), 401, 'SIGNATURE_INVALID');
      // Control: the same request untampered goes through.
      expect((await signed(h, '/v1/submissions', { body: b })).status).toBe(202);
      expectError(await signed(h, '/v1/submissions', { body: body([penalty(13)]), secret: 'a-secret-that-is-not-the-departments-own-one' }), 401, 'SIGNATURE_INVALID');
      expect(await count('submissions')).toBe(before + 1);
    });

    it('SIGNATURE_INVALID shows the string the gateway signed (for debugging clients), never a secret', async () => {
      const b = body([penalty(14)]);
      const res = await signed(h, '/v1/submissions?dryRun=true&b=2&a=1', { body: b, signedBody: `${b} ` });
      expectError(res, 401, 'SIGNATURE_INVALID');
      const sts: string = res.json.error.details.stringToSign;
      const lines = sts.split('\n');
      expect(lines.slice(0, 3)).toEqual(['POST', '/v1/submissions', 'a=1&b=2&dryRun=true']);
      expect(lines[5]).toMatch(/^[0-9a-f]{64}$/);
      expect(res.text).not.toContain(SIGNED.secret);
    });

    it('the query is canonical: parameter order and encoding variants sign the same', async () => {
      const b = body([penalty(15)]);
      const res = await signed(h, '/v1/submissions?x=%E7%81%8C+%E4%BA%91&dryRun=true', { body: b, signedPath: '/v1/submissions?dryRun=true&x=灌%20云' });
      expect(res.status).toBe(200);
    });

    it('a timestamp more than 300 s away → SIGNATURE_EXPIRED (both directions); 299 s is accepted', async () => {
      const now = Math.floor(Date.now() / 1000);
      const b = body([penalty(16)]);
      const old = await signed(h, '/v1/submissions?dryRun=true', { body: b, timestamp: now - 302 });
      expectError(old, 401, 'SIGNATURE_EXPIRED');
      expect(old.json.error.message).toContain('300');
      expectError(await signed(h, '/v1/submissions?dryRun=true', { body: b, timestamp: now + 302 }), 401, 'SIGNATURE_EXPIRED');
      expect((await signed(h, '/v1/submissions?dryRun=true', { body: b, timestamp: now - 298 })).status).toBe(200);
      expect((await signed(h, '/v1/submissions?dryRun=true', { body: b, timestamp: now + 298 })).status).toBe(200);
    });

    it('malformed signature headers → SIGNATURE_INVALID; upper-case hex is accepted', async () => {
      const b = body([penalty(17)]);
      expectError(await signed(h, '/v1/submissions?dryRun=true', { body: b, headers: { 'x-timestamp': '1.7e9' } }), 401, 'SIGNATURE_INVALID');
      expectError(await signed(h, '/v1/submissions?dryRun=true', { body: b, nonce: 'short' }), 401, 'SIGNATURE_INVALID');
      expectError(await signed(h, '/v1/submissions?dryRun=true', { body: b, nonce: `${'n'.repeat(40)}/../${'n'.repeat(10)}` }), 401, 'SIGNATURE_INVALID');
      expectError(await signed(h, '/v1/submissions?dryRun=true', { body: b, headers: { 'x-signature': 'zz'.repeat(32) } }), 401, 'SIGNATURE_INVALID');
      expectError(await signed(h, '/v1/submissions?dryRun=true', { body: b, headers: { 'x-signature': 'ab'.repeat(31) } }), 401, 'SIGNATURE_INVALID');
      const { signRequest } = await import('../../src/http/security/signing.ts');
      const sig = signRequest({ secret: SIGNED.secret, department: SIGNED.department, method: 'POST', url: '/v1/submissions?dryRun=true', body: b });
      const upper = await request(h, '/v1/submissions?dryRun=true', { key: SIGNED.key, body: b, headers: { ...sig, 'x-signature': sig['x-signature'].toUpperCase() } });
      expect(upper.status).toBe(200);
    });

    it('a replayed request → SIGNATURE_REPLAYED; the nonce is kept in Redis under the queue prefix for twice the window', async () => {
      const { signRequest } = await import('../../src/http/security/signing.ts');
      const b = body([penalty(18, { data: { decisionNo: '灌应急罚〔2026〕签18号' } })]);
      const headers = signRequest({ secret: SIGNED.secret, department: SIGNED.department, method: 'POST', url: '/v1/submissions', body: b });
      const first = await request(h, '/v1/submissions', { key: SIGNED.key, body: b, headers });
      expect(first.status).toBe(202);
      const before = await count('submissions');
      const again = await request(h, '/v1/submissions', { key: SIGNED.key, body: b, headers });
      expectError(again, 401, 'SIGNATURE_REPLAYED');
      // Even with an Idempotency-Key added (the header is not signed, the nonce is).
      expectError(await request(h, '/v1/submissions', { key: SIGNED.key, body: b, headers: { ...headers, 'idempotency-key': 'replay-1' } }), 401, 'SIGNATURE_REPLAYED');
      expect(await count('submissions')).toBe(before);
      const ttl = await h.gateway.redis.pttl(`${h.settings.env.queuePrefix}:sig-nonce:${SIGNED.department}:${headers['x-nonce']}`);
      expect(ttl).toBeGreaterThan(590_000);
      expect(ttl).toBeLessThanOrEqual(600_000);
    });

    it('a request refused for its signature does not spend its nonce', async () => {
      const b = body([penalty(19)]);
      const nonce = 'nonce-not-spent-by-a-forgery';
      expectError(await signed(h, '/v1/submissions?dryRun=true', { body: b, nonce, secret: 'forged-secret-forged-secret-forged-secret' }), 401, 'SIGNATURE_INVALID');
      expect((await signed(h, '/v1/submissions?dryRun=true', { body: b, nonce })).status).toBe(200);
    });

    it('the previous signing secret is accepted during a rotation', async () => {
      const res = await signed(h, '/v1/submissions?dryRun=true', { body: body([penalty(20)]), secret: PREVIOUS_SECRET });
      expect(res.status).toBe(200);
    });

    it('an unsigned department ignores signature headers (it has no secret to check them against) but still needs its key', async () => {
      expectError(await signed(h, '/v1/submissions?dryRun=true', { key: null, body: body([penalty(21)]), headers: { 'x-department': 'county-safety-bureau' } }), 401, 'AUTH_MISSING');
    });
  });

  describe('authorisation: a department submits only its record types, regions and itself', () => {
    it('another record type, another region, another data source, another department as authority → rejected per record; the valid one beside them is stored', async () => {
      const records = [
        licence(0),
        penalty(30, { data: { regionCode: '320106' } }),
        penalty(31, { data: { dataSourceName: PARK.name, dataSourceUscc: PARK.uscc } }),
        penalty(32, { data: { authorityName: PARK.name, authorityUscc: PARK.uscc } }),
        penalty(33, { data: { authorityName: PARK.name } }),
        penalty(34, { data: { authorityUscc: '11320723mb7654321g' } }),
        penalty(35),
      ];
      const res = await request(h, '/v1/submissions', { body: body(records) });
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ accepted: 1, rejected: 6 });
      const codes = res.json.results.map((r: { errors?: Array<{ code: string; path: string }> }) => (r.errors ?? []).map((e) => `${e.path} ${e.code}`));
      expect(codes[0]).toContain('/recordType RECORD_TYPE_NOT_ALLOWED');
      expect(codes[1]).toContain('/data/regionCode REGION_OUT_OF_SCOPE');
      expect(codes[2]).toContain('/data/dataSourceUscc DATA_SOURCE_MISMATCH');
      expect(codes[2]).toContain('/data/dataSourceName AUTHORITY_MISMATCH');
      expect(codes[3]).toEqual(expect.arrayContaining(['/data/authorityUscc AUTHORITY_MISMATCH', '/data/authorityName AUTHORITY_MISMATCH']));
      expect(codes[4]).toEqual(['/data/authorityName AUTHORITY_MISMATCH']);
      expect(codes[5]).toContain('/data/authorityUscc AUTHORITY_MISMATCH');
      expect(res.json.results[3].errors.find((e: { code: string }) => e.code === 'AUTHORITY_MISMATCH').message).toContain('chemical-park');
      expect(res.json.results[6]).toMatchObject({ status: 'accepted', versionNo: 1 });
      const stored = await h.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM record_versions WHERE submission_id = $1', [res.json.submissionId]);
      expect(stored.rows[0]!.n).toBe(1);
    });

    it('departments sharing one data source (the bureau and its signed system) may both name it as authority', async () => {
      const res = await signed(h, '/v1/submissions?dryRun=true', { body: body([penalty(36, { data: { authorityName: AUTHORITY.name, authorityUscc: AUTHORITY.uscc } })]) });
      expect(res.status).toBe(200);
      expect(res.json.accepted).toBe(1);
    });

    it('the park may not submit a package naming the bureau as authority', async () => {
      const xml = `${XML_HEAD}<DataPackage><Header/><Body><XZCF><CF_WSH>灌化园罚〔2026〕9号</CF_WSH><CF_XDR_MC>连云港恒瑞化工有限公司</CF_XDR_MC><CF_XDR_LB>法人及非法人组织</CF_XDR_LB><CF_XDR_SHXYM>91320723MA1XYW1236</CF_XDR_SHXYM><CF_FRDB>王建国</CF_FRDB><CF_WFXW>未按规定开展安全生产教育和培训</CF_WFXW><CF_SY>事实</CF_SY><CF_YJ>《中华人民共和国安全生产法》第九十七条</CF_YJ><CF_CFLB>罚款</CF_CFLB><CF_NR>罚款人民币2万元</CF_NR><CF_NR_FK>2</CF_NR_FK><CF_JDRQ>2026-03-05</CF_JDRQ><CF_YXQ>2027-03-05</CF_YXQ><CF_CFJG>${AUTHORITY.name}</CF_CFJG><CF_CFJGDM>${AUTHORITY.uscc}</CF_CFJGDM></XZCF></Body></DataPackage>`;
      const res = await request(h, '/v1/submissions?dryRun=true', park(xml));
      expect(res.status).toBe(200);
      expect(res.json.rejected).toBe(1);
      expect(res.json.results[0].errors.map((e: { code: string }) => e.code)).toContain('AUTHORITY_MISMATCH');
    });
  });

  describe('limits and hostile bodies', () => {
    it('a body over maxBodyBytes → 413, declared or streamed without a length; nothing stored', async () => {
      const before = await count('submissions');
      const big = body([penalty(40, { data: { violationFacts: '违'.repeat(100_000) } })]);
      // Own connections: the gateway answers before reading such a body, then drops the connection.
      const client = new Client(h.gateway.url!);
      try {
        const headers = { authorization: 'Bearer demo-canonical-key', 'content-type': 'application/json' };
        const declared = await client.request({ method: 'POST', path: '/v1/submissions', headers, body: big });
        expect(declared.statusCode).toBe(413);
        expect(((await declared.body.json()) as any).error.code).toBe('BODY_TOO_LARGE');
      } finally {
        await client.destroy();
      }
      // Streamed without a Content-Length: counted as it arrives.
      const streamed = new Client(h.gateway.url!);
      try {
        const res = await streamed.request({ method: 'POST', path: '/v1/submissions', headers: { authorization: 'Bearer demo-canonical-key', 'content-type': 'application/json' }, body: Readable.from([Buffer.from(big)]) });
        expect(res.statusCode).toBe(413);
        expect(((await res.body.json()) as any).error.code).toBe('BODY_TOO_LARGE');
      } finally {
        await streamed.destroy();
      }
      expect(await count('submissions')).toBe(before);
    });

    it('more records than maxRecordsPerSubmission → 413 TOO_MANY_RECORDS', async () => {
      expectError(await request(h, '/v1/submissions', { body: body(Array.from({ length: 51 }, (_, i) => penalty(i))) }), 413, 'TOO_MANY_RECORDS');
    });

    it('deeply nested JSON → 413 NESTING_TOO_DEEP before parsing, quickly', async () => {
      const t0 = performance.now();
      const deep = `{"records":[${'['.repeat(50_000)}${']'.repeat(50_000)}]}`;
      const res = await request(h, '/v1/submissions', { body: deep });
      expectError(res, 413, 'NESTING_TOO_DEEP');
      expect(res.json.error.message).toContain('JSON');
      const inRecord = body([penalty(41, { data: { remarks: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) } })]);
      expectError(await request(h, '/v1/submissions', { body: inRecord }), 413, 'NESTING_TOO_DEEP');
      // Brackets inside strings are text, not nesting.
      const brackets = await request(h, '/v1/submissions?dryRun=true', { body: body([penalty(42, { data: { remarks: '[[[[{{{{'.repeat(100) } })]) });
      expect(brackets.status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(3000);
    });

    it('deeply nested XML and too many XML elements → 413 before the parser runs', async () => {
      const deep = `${XML_HEAD}<DataPackage><Header/><Body>${'<a>'.repeat(30)}${'</a>'.repeat(30)}</Body></DataPackage>`;
      const res = await request(h, '/v1/submissions', park(deep));
      expectError(res, 413, 'NESTING_TOO_DEEP');
      expect(res.json.error.message).toContain('XML');
      const many = `${XML_HEAD}<DataPackage><Header/><Body>${'<XZCF/>'.repeat(2001)}</Body></DataPackage>`;
      expectError(await request(h, '/v1/submissions', park(many)), 413, 'TOO_MANY_ELEMENTS');
      // 10,000 levels in a small body: refused in well under a second.
      const t0 = performance.now();
      expectError(await request(h, '/v1/submissions', park(`${XML_HEAD}${'<a>'.repeat(10_000)}`)), 413, 'NESTING_TOO_DEEP');
      expect(performance.now() - t0).toBeLessThan(1000);
    });

    it('billion laughs, external entities (file, http, parameter), lower-case doctype → 400 MALFORMED_XML, fast, nothing echoed', async () => {
      const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
      const bodies = [
        `${XML_HEAD}<!DOCTYPE DataPackage [<!ENTITY lol0 "lol">${lol}]><DataPackage><Body><XZCF><CF_XDR_MC>&lol9;</CF_XDR_MC></XZCF></Body></DataPackage>`,
        `${XML_HEAD}<!DOCTYPE DataPackage [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><DataPackage><Body><XZCF><CF_XDR_MC>&xxe;</CF_XDR_MC></XZCF></Body></DataPackage>`,
        `${XML_HEAD}<!DOCTYPE DataPackage SYSTEM "http://127.0.0.1:9/evil.dtd"><DataPackage><Body/></DataPackage>`,
        `${XML_HEAD}<!DOCTYPE DataPackage [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]><DataPackage><Body/></DataPackage>`,
        `${XML_HEAD}<!-- a comment first --><!doctype DataPackage [<!ENTITY a "b">]><DataPackage><Body/></DataPackage>`,
        `${XML_HEAD}<DataPackage><Body><!ENTITY a "b"><XZCF/></Body></DataPackage>`,
        `${XML_HEAD}<DataPackage><Body><XZCF><CF_XDR_MC>&xxe;</CF_XDR_MC></XZCF></Body></DataPackage>`,
      ];
      const before = await count('submissions');
      for (const xml of bodies) {
        const t0 = performance.now();
        const res = await request(h, '/v1/submissions', park(xml));
        expect(performance.now() - t0).toBeLessThan(1000);
        expectError(res, 400, 'MALFORMED_XML');
        expect(res.text).not.toMatch(/root:|lollollol|evil|passwd/);
      }
      // Markup-like text inside comments and CDATA is neither nesting nor elements.
      const cdata = await request(h, '/v1/submissions?dryRun=true', park(`${XML_HEAD}<DataPackage><Header/><!-- ${'<a>'.repeat(40)} --><Body><![CDATA[${'<b>'.repeat(40)}]]></Body></DataPackage>`));
      expect(cdata.status).toBe(200);
      expect(await count('submissions')).toBe(before);
    });

    it('CSV rows and columns are bounded before the adapter runs (quoted newlines and delimiters are not rows or columns)', async () => {
      const csv = (b: string) => ({ key: 'csv-dept-key', contentType: 'text/csv', body: b });
      const header = Array.from({ length: 20 }, (_, i) => `c${i}`).join(',');
      const ok = await request(h, '/v1/submissions?dryRun=true', csv(`${header}\n${Array.from({ length: 99 }, (_, i) => `"a\n,b",${i}`).join('\r\n')}\n`));
      expect(ok.status).toBe(200);
      expectError(await request(h, '/v1/submissions', csv(`${header}\n${'x\n'.repeat(100)}`)), 413, 'CSV_TOO_MANY_ROWS');
      const wide = await request(h, '/v1/submissions', csv(`${header},c20\n1`));
      expectError(wide, 413, 'CSV_TOO_MANY_COLUMNS');
      expect(wide.json.error.message).toContain('1');
    });

    it('a NUL or an unpaired surrogate in a field rejects that record (INVALID_CHARACTER), never the submission', async () => {
      const res = await request(h, '/v1/submissions', { body: body([penalty(43, { data: { violationFacts: 'a\u0000b' } }), penalty(44, { subject: { name: 'x\ud800y' } }), { ...penalty(45), ['k\u0000']: 1 }, penalty(46)]) });
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ accepted: 1, rejected: 3 });
      expect(res.json.results.slice(0, 3).map((r: { errors: Array<{ code: string }> }) => r.errors[0]!.code)).toEqual(['INVALID_CHARACTER', 'INVALID_CHARACTER', 'INVALID_CHARACTER']);
      expect(res.text).not.toContain('\\u0000');
    });

    it('in a park XML package too: a control character XML does not allow in a field rejects that record, the package and its other records are kept', async () => {
      const item = (n: number, facts: string) =>
        `<XZCF><SourceRecordId>CTRL-${n}</SourceRecordId><CF_XDR_MC>连云港恒瑞化工有限公司</CF_XDR_MC><CF_XDR_LB>法人及非法人组织</CF_XDR_LB><CF_XDR_SHXYM>91320723MA1XYW1236</CF_XDR_SHXYM><CF_FRDB>王建国</CF_FRDB><CF_WSH>灌化园罚〔2026〕C${n}号</CF_WSH><CF_WFXW>未按规定开展安全生产教育和培训</CF_WFXW><CF_SY>${facts}</CF_SY><CF_YJ>《中华人民共和国安全生产法》第九十七条</CF_YJ><CF_CFLB>罚款</CF_CFLB><CF_NR>罚款人民币2万元</CF_NR><CF_NR_FK>2</CF_NR_FK><CF_JDRQ>2026-03-05</CF_JDRQ><CF_YXQ>2027-03-05</CF_YXQ><CF_CFJG>${PARK.name}</CF_CFJG><CF_CFJGDM>${PARK.uscc}</CF_CFJGDM><DFBM>320723</DFBM></XZCF>`;
      // A NUL in the header too (information stored with the submission, not a record): replaced, never a failed submission.
      const xml = `${XML_HEAD}<DataPackage><Header><SenderName>园区\u0000管委会</SenderName></Header><Body>${item(1, '未如实记录\u0001培训情况')}${item(2, '未如实记录培训情况。')}${item(3, '垂直制表\u000b符')}</Body></DataPackage>`;
      const res = await request(h, '/v1/submissions', park(xml));
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ accepted: 1, rejected: 2 });
      expect(res.json.results.map((r: { status: string; errors?: Array<{ code: string; path: string }> }) => [r.status, r.errors?.[0]?.code, r.errors?.[0]?.path])).toEqual([
        ['rejected', 'INVALID_CHARACTER', '/data/violationFacts'], ['accepted', undefined, undefined], ['rejected', 'INVALID_CHARACTER', '/data/violationFacts'],
      ]);
      const header = await h.gateway.db.query<{ header: Record<string, string> }>('SELECT header FROM submissions WHERE id = $1', [res.json.submissionId]);
      expect(header.rows[0]!.header).toEqual({ SenderName: '园区\ufffd管委会' });
    });

    it('per-department request rate: past requestsPerMinute → 429 RATE_LIMITED with Retry-After; other departments unaffected', async () => {
      const b = body([penalty(47)]);
      for (let i = 0; i < 3; i++) expect((await request(h, '/v1/submissions?dryRun=true', { key: KEYS.rateLimited, body: b })).status).toBe(200);
      const limited = await request(h, '/v1/submissions?dryRun=true', { key: KEYS.rateLimited, body: b });
      expectError(limited, 429, 'RATE_LIMITED');
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(20);
      expect(limited.json.error.message).toContain(String(retryAfter));
      // Reads count against the same bucket; another department is untouched.
      expectError(await request(h, '/v1/records', { key: KEYS.rateLimited }), 429, 'RATE_LIMITED');
      expect((await request(h, '/v1/submissions?dryRun=true', { body: b })).status).toBe(200);
      // The bucket lives in Redis (shared by every gateway process).
      expect(await h.gateway.redis.exists(`${h.settings.env.queuePrefix}:rate:rate-limited`)).toBe(1);
    });
  });

  describe('field values', () => {
    it('SQL-injection-shaped values are stored and delivered verbatim and harm nothing', async () => {
      const nasty = {
        name: "Robert'); DROP TABLE records;--有限公司",
        facts: "' OR '1'='1'; DELETE FROM submissions WHERE ''=''; --",
        content: "罚款人民币2万元 $1 $$ E'\\\\' ; SELECT pg_sleep(5); /* */",
        remarks: '\\x27; TRUNCATE deliveries CASCADE; -- 𠀀',
      };
      const rec = penalty(48, { subject: { name: nasty.name }, data: { decisionNo: "灌应急罚〔2026〕48号'--", violationFacts: nasty.facts, penaltyContent: nasty.content, remarks: nasty.remarks } });
      const t0 = performance.now();
      const res = await request(h, '/v1/submissions', { body: body([rec]) });
      expect(performance.now() - t0).toBeLessThan(4000);
      expect(res.status).toBe(202);
      expect(res.json.accepted).toBe(1);
      const id = res.json.results[0].recordId;
      const got = await request(h, `/v1/records/${id}`);
      expect(got.json.record.subject.name).toBe(nasty.name);
      expect(got.json.record.data).toMatchObject({ violationFacts: nasty.facts, penaltyContent: nasty.content, remarks: nasty.remarks, decisionNo: "灌应急罚〔2026〕48号'--" });
      const search = await request(h, `/v1/records?uscc=${(rec.subject as { uscc: string }).uscc}`);
      expect(search.json.items.map((x: { subjectName: string }) => x.subjectName)).toContain(nasty.name);
      for (const t of ['records', 'submissions', 'deliveries', 'record_versions']) expect(await count(t)).toBeGreaterThan(0);
      await h.waitDelivered(1);
      const deadline = Date.now() + 20_000;
      while (!h.sim.record(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect((h.sim.record(id) as { subject: { name: string } } | undefined)?.subject.name).toBe(nasty.name);
    });
  });

  describe('personal ID numbers in answers', () => {
    it('an invalid ID number is quoted masked in the error; a valid one never appears; dry runs mask the record', async () => {
      const bad = `${residentId('320723', '19800101', '123').slice(0, 17)}${residentId('320723', '19800101', '123').endsWith('0') ? '1' : '0'}`;
      const good = residentId('320723', '19790315', '456');
      const rep = residentId('320723', '19650709', '789');
      const res = await request(h, '/v1/submissions', { body: body([personPenalty(1, bad), personPenalty(2, good), orgPenaltyWithRepId(3, rep)]) });
      expect(res.status).toBe(202);
      expect(res.json.results[0].errors[0]).toMatchObject({ path: '/subject/idNo', code: 'ID_NUMBER_INVALID' });
      expect(res.json.results[0].errors[0].message).toContain(`${bad.slice(0, 6)}********${bad.slice(14)}`);
      for (const id of [bad, good, rep]) expect(res.text).not.toContain(id);
      const dry = await request(h, '/v1/submissions?dryRun=true', { body: body([personPenalty(4, good), orgPenaltyWithRepId(5, rep)]) });
      expect(dry.status).toBe(200);
      expect(dry.json.results[0].record.subject.idNo).toBe(`${good.slice(0, 6)}********${good.slice(14)}`);
      for (const id of [good, rep]) expect(dry.text).not.toContain(id);
    });
  });

  it('no answer in this file echoed a key, a secret, a stack trace or internals', () => expectNoLeaks());
});
