import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, type ErrorCode } from '../src/errors/index.ts';
import type { Database } from '../src/store/index.ts';
import { todayInShanghai } from '../src/util/time.ts';
import { parseConfig } from '../src/config/index.ts';
import { CORPUS } from '../src/model/corpus/index.ts';
import { DEMO_KEYS, freshPostgres, startHarness, testRawConfig, type Harness } from './helpers.ts';
import { body, licence, penalty } from './records.ts';

// Every bad input the ingest API can meet: status, stable code, the one error envelope, the language
// of its message, and what is (not) stored. Record-level problems must not hurt the valid records
// beside them: those are accepted and reach the municipal simulator.

type Reply = { status: number; json: any; headers: Headers };

const CJK = /[\u4e00-\u9fff]/;

/** The fixed part of a catalogue template (text before its first placeholder). */
function templatePrefix(code: ErrorCode, lang: 'zh' | 'en'): string {
  return catalogue[code][lang].split('{')[0]!;
}

/** Asserts the error envelope `{ error: { code, message, requestId } }` (details optional), its status and message language. */
function expectError(res: Reply, status: number, code: ErrorCode, lang: 'zh' | 'en' = 'zh'): void {
  expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code });
  expect(Object.keys(res.json)).toEqual(['error']);
  const e = res.json.error;
  for (const k of Object.keys(e)) expect(['code', 'message', 'requestId', 'details']).toContain(k);
  expect(typeof e.message).toBe('string');
  expect(e.message.startsWith(templatePrefix(code, lang))).toBe(true);
  if (lang === 'zh') expect(e.message).toMatch(CJK);
  expect(e.requestId).toMatch(/^[\w.-]{1,128}$/);
  expect(res.headers.get('x-request-id')).toBe(e.requestId);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
}

async function counts(db: Database): Promise<Record<string, number>> {
  const r = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM submissions) AS submissions, (SELECT count(*)::int FROM records) AS records,
            (SELECT count(*)::int FROM record_versions) AS versions, (SELECT count(*)::int FROM deliveries) AS deliveries`,
  );
  return r.rows[0]!;
}

/** Runs `fn` and asserts that it left every table as it was. */
async function expectNothingStored(db: Database, fn: () => Promise<void>): Promise<void> {
  const before = await counts(db);
  await fn();
  expect(await counts(db)).toEqual(before);
}

/** Waits until every given record's deliveries are delivered, then checks the simulator holds exactly that version. */
async function expectDelivered(h: Harness, db: Database, results: Array<{ recordId: string; version: string }>, timeoutMs = 15_000): Promise<void> {
  const ids = results.map((r) => r.recordId);
  const t0 = Date.now();
  for (;;) {
    const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE record_id = ANY($1::uuid[]) AND state = 'delivered'`, [ids]);
    if (r.rows[0]!.n >= ids.length) break;
    if (Date.now() - t0 > timeoutMs) {
      const s = await db.query('SELECT record_id, state, last_error FROM deliveries WHERE record_id = ANY($1::uuid[])', [ids]);
      throw new Error(`not delivered after ${timeoutMs} ms: ${JSON.stringify(s.rows)}`);
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  for (const x of results) {
    const held = h.sim.record(x.recordId);
    expect(held, `simulator holds ${x.recordId}`).toBeDefined();
    expect(held!.version).toBe(x.version);
  }
}

async function raw(h: Harness, path: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<Reply> {
  const res = await fetch(`${h.gateway.url}${path}`, init);
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { unparsable: text };
  }
  return { status: res.status, json, headers: res.headers };
}

const PARK_PACKAGE_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

describe('ingest errors: request level and record level (PostgreSQL, default limits)', () => {
  let h: Harness;
  let db: Database;
  let drop: () => Promise<void>;
  /** Set to make the injected clock throw inside the pipeline: the only way to get a 5xx without editing code. */
  let explode: Error | null = null;

  beforeAll(async () => {
    const pg = await freshPostgres();
    db = pg.db;
    drop = pg.drop;
    h = await startHarness(pg.db, {
      gateway: {
        today: () => {
          if (explode) throw explode;
          return todayInShanghai();
        },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  const valid = () => body([penalty(40), licence(41)]);

  it('malformed JSON → 400 MALFORMED_JSON with the position; nothing stored', async () => {
    await expectNothingStored(db, async () => {
      const res = await h.post('{"records": [ {"recordType": "administrative-penalty",, } ]}');
      expectError(res, 400, 'MALFORMED_JSON');
      expect(res.json.error.message).toMatch(/line 1, column \d+/);
      const truncated = await h.post(valid().slice(0, 120));
      expectError(truncated, 400, 'MALFORMED_JSON');
    });
  });

  it.each([
    ['a top-level array', '[]'],
    ['records not an array', '{"records": {"a": 1}}'],
    ['no records key', '{"数据": []}'],
    ['a bare string', '"records"'],
    ['null', 'null'],
  ])('wrong top-level shape (%s) → 422 PAYLOAD_SHAPE; nothing stored', async (_name, text) => {
    await expectNothingStored(db, async () => {
      expectError(await h.post(text), 422, 'PAYLOAD_SHAPE');
    });
  });

  it('malformed XML from the park → 400 MALFORMED_XML; nothing stored', async () => {
    await expectNothingStored(db, async () => {
      const xml = `${PARK_PACKAGE_HEAD}<DataPackage><Header><SenderCode>11320723MB7654321G</SenderCode></Header><Body><XZCF><CF_WSH>灌化园罚〔2024〕3号</CF_WSH></Body></DataPackage>`;
      const res = await h.post(xml, { key: DEMO_KEYS.park, contentType: 'application/xml' });
      expectError(res, 400, 'MALFORMED_XML');
      const notXml = await h.post('this is not xml at all', { key: DEMO_KEYS.park, contentType: 'application/xml; charset=utf-8' });
      expectError(notXml, 400, 'MALFORMED_XML');
    });
  });

  it('XML with a DTD (billion laughs) or an external entity is refused quickly with MALFORMED_XML', async () => {
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const laughs = `${PARK_PACKAGE_HEAD}<!DOCTYPE DataPackage [\n<!ENTITY lol0 "lol">\n${lol}\n]>\n<DataPackage><Header/><Body><XZCF><CF_XDR_MC>&lol9;</CF_XDR_MC><CF_WSH>灌化园罚〔2024〕3号</CF_WSH></XZCF></Body></DataPackage>`;
    const xxe = `${PARK_PACKAGE_HEAD}<!DOCTYPE DataPackage [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><DataPackage><Body><XZCF><CF_XDR_MC>&xxe;</CF_XDR_MC></XZCF></Body></DataPackage>`;
    // Without any DTD an undefined entity reference is an error too, never passed through as text.
    const undefinedEntity = `${PARK_PACKAGE_HEAD}<DataPackage><Body><XZCF><CF_XDR_MC>&lol9;</CF_XDR_MC></XZCF></Body></DataPackage>`;
    await expectNothingStored(db, async () => {
      for (const xml of [laughs, xxe, undefinedEntity]) {
        const t0 = performance.now();
        const res = await h.post(xml, { key: DEMO_KEYS.park, contentType: 'application/xml' });
        expect(performance.now() - t0).toBeLessThan(1000);
        expectError(res, 400, 'MALFORMED_XML');
        expect(JSON.stringify(res.json)).not.toMatch(/root:|lollollol/);
      }
    });
  });

  it('wrong content type for the department → 415 UNSUPPORTED_MEDIA_TYPE naming the expected type; nothing stored', async () => {
    await expectNothingStored(db, async () => {
      const csv = await h.post(valid(), { contentType: 'text/csv' });
      expectError(csv, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(csv.json.error.message).toContain('application/json');
      // The park speaks XML only.
      expectError(await h.post(valid(), { key: DEMO_KEYS.park, contentType: 'application/json' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      // No content type at all.
      const none = await raw(h, '/v1/submissions', { method: 'POST', headers: { authorization: `Bearer ${DEMO_KEYS.canonical}` }, body: new TextEncoder().encode(valid()) });
      expectError(none, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  it('invalid UTF-8 bytes → 400 ENCODING_INVALID (never replacement characters); nothing stored', async () => {
    await expectNothingStored(db, async () => {
      const text = valid();
      const cut = text.indexOf('未按规定');
      const bytes = Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(text.slice(cut))]);
      expectError(await h.post(new Uint8Array(bytes)), 400, 'ENCODING_INVALID');
      // GBK bytes declared as UTF-8 are invalid too.
      const gbk = Buffer.from([0x7b, 0x22, 0xd6, 0xd0, 0xce, 0xc4, 0x22, 0x3a, 0x31, 0x7d]); // {"中文":1} in GBK
      expectError(await h.post(new Uint8Array(gbk), { contentType: 'application/json; charset=utf-8' }), 400, 'ENCODING_INVALID');
    });
  });

  it('unknown charset → 415 CHARSET_UNSUPPORTED naming it; nothing stored', async () => {
    await expectNothingStored(db, async () => {
      const res = await h.post(valid(), { contentType: 'application/json; charset=ebcdic-cp-us' });
      expectError(res, 415, 'CHARSET_UNSUPPORTED');
      expect(res.json.error.message).toContain('ebcdic-cp-us');
    });
  });

  it('empty body → 400 BODY_EMPTY; nothing stored', async () => {
    await expectNothingStored(db, async () => {
      expectError(await h.post(''), 400, 'BODY_EMPTY');
      expectError(await h.post('', { key: DEMO_KEYS.park, contentType: 'application/xml' }), 400, 'BODY_EMPTY');
    });
  });

  it('authentication: missing, wrong key, unknown department, another department → 401 with distinct codes; nothing stored', async () => {
    await expectNothingStored(db, async () => {
      const missing = await raw(h, '/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: valid() });
      expectError(missing, 401, 'AUTH_MISSING');
      const notBearer = await raw(h, '/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, body: valid() });
      expectError(notBearer, 401, 'AUTH_MISSING');
      expectError(await h.post(valid(), { key: 'not-a-key' }), 401, 'AUTH_INVALID');
      // A valid key's hash prefix or a near miss is still wrong.
      expectError(await h.post(valid(), { key: `${DEMO_KEYS.canonical}x` }), 401, 'AUTH_INVALID');
      const unknown = await h.post(valid(), { headers: { 'x-department': 'nonexistent' } });
      expectError(unknown, 401, 'DEPARTMENT_UNKNOWN');
      expect(unknown.json.error.message).toContain('nonexistent');
      // The canonical key belongs to county-safety-bureau, not the park.
      expectError(await h.post(valid(), { headers: { 'x-department': 'chemical-park' } }), 401, 'AUTH_INVALID');
      // Claiming its own department is fine (checked below to not store: use a dry run).
      const own = await h.post(valid(), { headers: { 'x-department': 'county-safety-bureau' }, query: '?dryRun=true' });
      expect(own.status).toBe(200);
    });
  });

  it('region outside the department → REGION_OUT_OF_SCOPE on that record; the valid one beside it is accepted and delivered', async () => {
    const res = await h.post(body([penalty(50, { data: { regionCode: '320106' } }), penalty(51)]));
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 1, rejected: 1, unchanged: 0 });
    expect(res.json.results[0]).toMatchObject({ index: 0, status: 'rejected', errors: [{ path: '/data/regionCode', code: 'REGION_OUT_OF_SCOPE' }] });
    expect(res.json.results[0].errors[0].message).toMatch(CJK);
    expect(res.json.results[0].errors[0].message).toContain('320106');
    expect(res.json.results[0].recordId).toBeUndefined();
    expect(res.json.results[1]).toMatchObject({ index: 1, status: 'accepted', versionNo: 1 });
    await expectDelivered(h, db, [res.json.results[1]]);
    const stored = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM record_versions WHERE submission_id = $1', [res.json.submissionId]);
    expect(stored.rows[0]!.n).toBe(1);
  });

  it('bad USCC checksum → USCC_CHECKSUM at /subject/uscc; the valid records beside it are accepted and delivered', async () => {
    const res = await h.post(body([licence(52), penalty(53, { subject: { uscc: '91320723MA1XYW1237' } }), penalty(54)]));
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 2, rejected: 1 });
    expect(res.json.results[1]).toMatchObject({ index: 1, status: 'rejected', errors: [{ path: '/subject/uscc', code: 'USCC_CHECKSUM' }] });
    expect(res.json.results[1].errors[0].message).toContain('91320723MA1XYW1237');
    await expectDelivered(h, db, [res.json.results[0], res.json.results[2]]);
    expect(h.sim.records().some((r) => r.subject?.uscc === '91320723MA1XYW1237')).toBe(false);
  });

  it('missing required field → REQUIRED with the path; the valid record beside it is accepted and delivered', async () => {
    const broken = penalty(55) as { data: Record<string, unknown> };
    delete broken.data.violationFacts;
    const res = await h.post(body([penalty(56), broken]));
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 1, rejected: 1 });
    expect(res.json.results[1]).toMatchObject({ index: 1, status: 'rejected', errors: [{ path: '/data/violationFacts', code: 'REQUIRED' }] });
    expect(res.json.results[1].errors[0].message.startsWith(templatePrefix('REQUIRED', 'zh'))).toBe(true);
    await expectDelivered(h, db, [res.json.results[0]]);
  });

  it('a record that is not an object, or lacks its type, is rejected alone', async () => {
    const res = await h.post(body([42, { subject: {} }, penalty(57)]));
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 1, rejected: 2 });
    expect(res.json.results[0].errors[0].code).toBe('RECORD_NOT_OBJECT');
    expect(res.json.results[1].errors[0]).toMatchObject({ path: '/recordType', code: 'REQUIRED' });
    await expectDelivered(h, db, [res.json.results[2]]);
  });

  it('bad Idempotency-Key → 400 IDEMPOTENCY_KEY_INVALID; nothing stored', async () => {
    await expectNothingStored(db, async () => {
      for (const key of ['has spaces in it', 'x'.repeat(201), 'tab\there']) {
        expectError(await h.post(valid(), { headers: { 'idempotency-key': key } }), 400, 'IDEMPOTENCY_KEY_INVALID');
      }
    });
  });

  it('bad dryRun value → 400 QUERY_INVALID; nothing stored', async () => {
    await expectNothingStored(db, async () => {
      const res = await h.post(valid(), { query: '?dryRun=maybe' });
      expectError(res, 400, 'QUERY_INVALID');
      expect(res.json.error.message).toContain('dryRun');
      expectError(await h.post(valid(), { query: '?dryRun=' }), 400, 'QUERY_INVALID');
    });
  });

  it('unknown route → 404 ROUTE_NOT_FOUND, also for a typo of the submissions path', async () => {
    expectError(await raw(h, '/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
    const typo = await raw(h, '/v1/submission', { method: 'POST', headers: { authorization: `Bearer ${DEMO_KEYS.canonical}`, 'content-type': 'application/json' }, body: valid() });
    expectError(typo, 404, 'ROUTE_NOT_FOUND');
    expect(typo.json.error.message).toContain('/v1/submission');
  });

  it('Accept-Language: en gives English messages, request level and record level', async () => {
    const en = { 'accept-language': 'en-US,en;q=0.9' };
    const json = await h.post('{"records": [', { headers: en });
    expectError(json, 400, 'MALFORMED_JSON', 'en');
    expect(json.json.error.message).not.toMatch(CJK);
    expectError(await h.post(valid(), { key: 'nope', headers: en }), 401, 'AUTH_INVALID', 'en');
    expectError(await raw(h, '/v1/nope', { headers: en }), 404, 'ROUTE_NOT_FOUND', 'en');
    expectError(await h.post(valid(), { contentType: 'text/csv', headers: en }), 415, 'UNSUPPORTED_MEDIA_TYPE', 'en');
    const rec = await h.post(body([penalty(58, { subject: { uscc: '91320723MA1XYW1237' } })]), { headers: en });
    expect(rec.status).toBe(202);
    expect(rec.json.results[0].errors[0]).toMatchObject({ code: 'USCC_CHECKSUM' });
    expect(rec.json.results[0].errors[0].message).toMatch(/^Unified social credit code "91320723MA1XYW1237" fails its check character/);
    // Chinese is the default, also for an unrelated language.
    const fr = await h.post('{"records": [', { headers: { 'accept-language': 'fr-FR' } });
    expectError(fr, 400, 'MALFORMED_JSON', 'zh');
  });

  it('an echoed X-Request-Id is carried in the envelope; a hostile one is replaced', async () => {
    const ok = await h.post('{', { headers: { 'x-request-id': 'dept-req.42' } });
    expectError(ok, 400, 'MALFORMED_JSON');
    expect(ok.json.error.requestId).toBe('dept-req.42');
    const bad = await h.post('{', { headers: { 'x-request-id': 'a b<script>' } });
    expectError(bad, 400, 'MALFORMED_JSON');
    expect(bad.json.error.requestId).not.toContain('<');
  });

  it('an SQL-injection-shaped value is stored verbatim and harmless', async () => {
    const evil = "'); DROP TABLE records; --";
    const p = penalty(59, { subject: { name: `连云港恒瑞化工有限公司${evil}` }, data: { violationFacts: evil, penaltyContent: `罚款人民币2万元${evil}` } });
    const res = await h.post(body([p]));
    expect(res.status).toBe(202);
    expect(res.json.results[0].status).toBe('accepted');
    const id = res.json.results[0].recordId as string;
    const v = await db.query<{ body: any }>('SELECT body FROM record_versions WHERE record_id = $1', [id]);
    expect(v.rows[0]!.body.data.violationFacts).toBe(evil);
    const r = await db.query<{ subject_name: string }>('SELECT subject_name FROM records WHERE id = $1', [id]);
    expect(r.rows[0]!.subject_name).toBe(`连云港恒瑞化工有限公司${evil}`);
    // The table is still there and still holds everything accepted so far.
    const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
    expect(n.rows[0]!.n).toBeGreaterThan(5);
    const read = await h.get(`/v1/records/${id}`);
    expect(read.status).toBe(200);
    expect(read.json.record.data.violationFacts).toBe(evil);
    await expectDelivered(h, db, [res.json.results[0]]);
    expect(h.sim.record(id)!.data!.violationFacts).toBe(evil);
  });

  it('a 5xx never echoes internals: generic INTERNAL envelope with the request id, nothing stored', async () => {
    explode = new Error('SECRET-INTERNAL password=hunter2 at /srv/gateway/src/ingest/pipeline.ts:77');
    try {
      await expectNothingStored(db, async () => {
        for (const lang of ['zh', 'en'] as const) {
          const res = await h.post(valid(), { headers: lang === 'en' ? { 'accept-language': 'en' } : {} });
          expectError(res, 500, 'INTERNAL', lang);
          expect(res.json.error.details).toBeUndefined();
          const text = JSON.stringify(res.json);
          expect(text).not.toMatch(/SECRET|hunter2|pipeline\.ts|\/srv\//);
        }
      });
    } finally {
      explode = null;
    }
    // And the gateway keeps working afterwards.
    const after = await h.post(body([penalty(60)]));
    expect(after.status).toBe(202);
  });
});

describe('ingest errors: record type outside the department scope (patched config)', () => {
  let h: Harness;
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const pg = await freshPostgres();
    db = pg.db;
    drop = pg.drop;
    h = await startHarness(pg.db, {
      patch: (raw) => {
        raw.departments.find((d: { id: string }) => d.id === 'county-safety-bureau').recordTypes = ['administrative-license'];
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('a penalty from a licence-only department → RECORD_TYPE_NOT_ALLOWED; the licence beside it is accepted and delivered', async () => {
    const res = await h.post(body([penalty(0), licence(1)]));
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 1, rejected: 1, unchanged: 0 });
    expect(res.json.results[0]).toMatchObject({ index: 0, status: 'rejected', errors: [{ path: '/recordType', code: 'RECORD_TYPE_NOT_ALLOWED' }] });
    expect(res.json.results[0].errors[0].message).toContain('administrative-penalty');
    expect(res.json.results[1]).toMatchObject({ index: 1, status: 'accepted', versionNo: 1 });
    await expectDelivered(h, db, [res.json.results[1]]);
    expect(h.sim.records().map((r) => r.recordType)).toEqual(['administrative-license']);
    const types = await db.query<{ record_type: string }>('SELECT record_type FROM records');
    expect(types.rows.map((r) => r.record_type)).toEqual(['administrative-license']);
  });
});

describe('credit-grade score bands from configuration (patched config)', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  const grade = (over: Record<string, unknown>) => {
    const input = structuredClone(CORPUS.find((c) => c.type === 'credit-grade')!.valid[0]!.input) as { data: Record<string, unknown> };
    return { ...input, data: { ...input.data, ...over } };
  };
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, {
      patch: (raw) => {
        raw.departments.find((d: { id: string }) => d.id === 'county-safety-bureau').recordTypes.push('credit-grade');
        raw.gradeBands = { A: 85, B: 70, C: 60 };
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('a score is checked against the configured floors (A from 85 here), not the default 90/80/60', async () => {
    const res = await h.post(body([grade({ grade: 'B', score: '86.5' }), grade({ grade: 'A', score: '86.5' }), grade({ grade: 'B', score: '84.99' })]), { query: '?dryRun=true' });
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { status: string; errors?: Array<{ code: string }> }) => [r.status, r.errors?.map((e) => e.code)])).toEqual([
      ['rejected', ['SCORE_GRADE_MISMATCH']], ['accepted', undefined], ['accepted', undefined],
    ]);
    expect(res.json.results[0].errors[0].message).toContain('85');
  });

  it('floors that do not fall from A to C are refused at load', () => {
    expect(() => parseConfig(testRawConfig('http://127.0.0.1:1', (raw) => (raw.gradeBands = { A: 80, B: 85, C: 60 })), {})).toThrow(/gradeBands: the floors must fall from A to C/);
    expect(() => parseConfig(testRawConfig('http://127.0.0.1:1', (raw) => (raw.gradeBands = { A: 95, B: 80 })), {})).toThrow(/gradeBands/);
    expect(parseConfig(testRawConfig('http://127.0.0.1:1'), {}).config.gradeBands).toEqual({ A: 90, B: 80, C: 60, D: 0 });
  });
});

const READ_ONLY_KEY = 'read-only-test-key';

describe('ingest errors: body and record-count limits, key scopes (patched config)', () => {
  let h: Harness;
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const pg = await freshPostgres();
    db = pg.db;
    drop = pg.drop;
    h = await startHarness(pg.db, {
      patch: (raw) => {
        raw.limits = { maxBodyBytes: 2048, maxRecordsPerSubmission: 3 };
        const county = raw.departments.find((d: { id: string }) => d.id === 'county-safety-bureau');
        county.apiKeys.push({ id: 'reader', sha256: createHash('sha256').update(READ_ONLY_KEY).digest('hex'), scopes: ['read'] });
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('a body over maxBodyBytes → 413 BODY_TOO_LARGE naming the limit; nothing stored', async () => {
    const big = body([penalty(0), penalty(1), penalty(2)]);
    expect(Buffer.byteLength(big)).toBeGreaterThan(2048);
    await expectNothingStored(db, async () => {
      const res = await h.post(big);
      expectError(res, 413, 'BODY_TOO_LARGE');
      expect(res.json.error.message).toContain('2048');
      // The limit cannot be dodged by another spelling of the path.
      for (const path of ['/v1/submissions/', '/v1/submissions?dryRun=true', '/v1/./submissions']) {
        const other = await raw(h, path, { method: 'POST', headers: { authorization: `Bearer ${DEMO_KEYS.canonical}`, 'content-type': 'application/json' }, body: big });
        expectError(other, 413, 'BODY_TOO_LARGE');
      }
    });
  });

  it('a chunked body (no Content-Length) over the limit → 413 BODY_TOO_LARGE; nothing stored', async () => {
    const chunk = new TextEncoder().encode(`${' '.repeat(1000)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"records": ['));
        if (sent >= 5) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    await expectNothingStored(db, async () => {
      const res = await raw(h, '/v1/submissions', {
        method: 'POST', headers: { authorization: `Bearer ${DEMO_KEYS.canonical}`, 'content-type': 'application/json' }, body: stream, duplex: 'half',
      });
      expectError(res, 413, 'BODY_TOO_LARGE');
    });
  });

  it('a body exactly at the limit is read (and judged on its content)', async () => {
    const base = '{"records": []}';
    const exact = base + ' '.repeat(2048 - Buffer.byteLength(base));
    expect(Buffer.byteLength(exact)).toBe(2048);
    const res = await h.post(exact);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 0, rejected: 0, results: [] });
  });

  it('more records than maxRecordsPerSubmission → 413 TOO_MANY_RECORDS; nothing stored', async () => {
    await expectNothingStored(db, async () => {
      const res = await h.post(body([{}, {}, {}, {}]));
      expectError(res, 413, 'TOO_MANY_RECORDS');
      expect(res.json.error.message).toContain('4');
      expect(res.json.error.message).toContain('3');
    });
    // Exactly at the limit is a normal submission (here three records, each rejected on its own).
    const at = await h.post(body([{}, {}, {}]));
    expect(at.status).toBe(202);
    expect(at.json).toMatchObject({ accepted: 0, rejected: 3 });
  });

  it('a key without the submit scope → 403 FORBIDDEN_SCOPE; nothing stored; it may still read', async () => {
    await expectNothingStored(db, async () => {
      const res = await h.post(body([{}]), { key: READ_ONLY_KEY });
      expectError(res, 403, 'FORBIDDEN_SCOPE');
      expect(res.json.error.message).toContain('submit');
    });
    const read = await h.get('/v1/records?limit=1', READ_ONLY_KEY);
    expect(read.status).toBe(200);
  });
});
