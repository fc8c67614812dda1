// Fuzzing (issue 8): thousands of malformed and random inputs at every registered adapter and at
// POST /v1/submissions. Properties: nothing throws anything but a catalogue GatewayError; every HTTP
// answer is a 2xx with one result per record or an error envelope whose code is in the catalogue
// with that status (never a 5xx); valid records mixed into a submission with garbage are all
// stored. FUZZ_RUNS scales the run counts (default 1).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../adapters/index.ts';
import type { AdapterContext } from '../../adapters/types.ts';
import { catalogue, GatewayError, type CatalogueEntry } from '../../src/errors/index.ts';
import { validateRecord } from '../../src/model/index.ts';
import { freshPostgres, startHarness, type Harness } from '../helpers.ts';
import { body, penalty } from '../records.ts';

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const params = (n: number) => ({ numRuns: runs(n), ...(SEED !== undefined ? { seed: SEED } : {}) });

const CTX: AdapterContext = { departmentId: 'fuzz', dataSource: { name: '灌云县应急管理局', uscc: '11320723MB1234567K' }, defaultRegionCode: '320723', query: {} };
const VALIDATION = { today: '2026-11-27', usccExceptions: new Set<string>(), scope: { recordTypes: ['administrative-penalty', 'administrative-license'], regionPrefixes: ['3207'], dataSource: CTX.dataSource, defaultRegionCode: '320723' } };

// ---- generators ------------------------------------------------------------------------------------

/** Characters that break parsers: markup, quotes, escapes, controls, lone surrogates, BOMs, CJK. */
const nasty = fc.constantFrom('<', '>', '&', '"', "'", '\\', '/', '{', '}', '[', ']', ',', ':', '\n', '\r', '\t', '\u0000', '\u0001', '\ud800', '\udfff', '\ufeff', '\ufffe', '&amp;', '&#0;', '&#x110000;', ']]>', '<!--', '<![CDATA[', '<!DOCTYPE', '灌', '〔', '𠀀', '__proto__', 'constructor', '1e999', '-0', 'null');
const text = fc.string({ unit: fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: nasty }), maxLength: 200 });

/** Random character-level damage to a document: insert, delete or replace slices. */
function mutate(doc: string): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat({ max: Math.max(0, doc.length) }), fc.nat({ max: 20 }), text);
  return fc.array(edit, { minLength: 1, maxLength: 8 }).map((edits) => {
    let s = doc;
    for (const [at, del, ins] of edits) {
      const i = Math.min(at, s.length);
      s = s.slice(0, i) + ins + s.slice(i + del);
    }
    return s;
  });
}

const jsonish = fc.jsonValue({ maxDepth: 4 });
const PATHS = [['recordType'], ['operation'], ['subject'], ['subject', 'name'], ['subject', 'uscc'], ['subject', 'category'], ['subject', 'legalRep'], ['subject', 'idNo'], ['data'], ['data', 'decisionNo'], ['data', 'fineAmountWan'], ['data', 'decisionDate'], ['data', 'penaltyCategories'], ['data', 'authorityUscc'], ['data', 'regionCode'], ['data', 'dataSourceUscc'], ['__proto__'], ['data', 'constructor'], ['subject', 'toString']];

/** A valid penalty with one to four fields replaced by random JSON, text or removed, plus random extra keys. */
const damagedRecord = (tag: string) =>
  fc.tuple(fc.array(fc.tuple(fc.constantFrom(...PATHS), fc.oneof(jsonish, text, fc.constant(undefined))), { minLength: 1, maxLength: 4 }), fc.dictionary(text, jsonish, { maxKeys: 2 })).map(([edits, extra]) => {
    const rec = JSON.parse(JSON.stringify(penalty(0, { data: { decisionNo: `灌应急罚〔2026〕${tag}号` } }))) as Record<string, any>;
    for (const [path, value] of edits) {
      let o = rec;
      for (const k of path.slice(0, -1)) {
        if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
        o = o[k];
      }
      Object.defineProperty(o, path[path.length - 1]!, { value, enumerable: true, configurable: true, writable: true });
    }
    return { ...rec, ...extra };
  });

const garbageRecord = (tag: string) => fc.oneof(damagedRecord(tag), jsonish, text);

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const XML_TAGS = ['XZCF', 'XZXK', 'CF_WSH', 'CF_XDR_MC', 'CF_XDR_SHXYM', 'CF_NR_FK', 'CF_JDRQ', 'CF_CFLB', 'XK_WSH', 'XK_YXQZI', 'DFBM', 'Operation', 'SourceRecordId', 'Header', 'Body', 'x', '__proto__', 'constructor'];
const xmlTree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map(xmlEscape),
    fc.tuple(fc.constantFrom(...XML_TAGS), fc.array(tie('node'), { maxLength: 4 })).map(([t, kids]) => `<${t}>${kids.join('')}</${t}>`),
  ),
})).node;
const xmlPackage = fc.array(xmlTree, { maxLength: 6 }).map((items) => `<?xml version="1.0" encoding="UTF-8"?><DataPackage><Header><SenderCode>11320723MB7654321G</SenderCode></Header><Body>${items.join('')}</Body></DataPackage>`);

function parkItem(n: number): string {
  return `<XZCF><SourceRecordId>FUZZ-${n}</SourceRecordId><CF_XDR_MC>连云港恒瑞化工有限公司</CF_XDR_MC><CF_XDR_LB>法人及非法人组织</CF_XDR_LB><CF_XDR_SHXYM>91320723MA1XYW1236</CF_XDR_SHXYM><CF_FRDB>王建国</CF_FRDB><CF_WSH>灌化园罚〔2026〕F${n}号</CF_WSH><CF_WFXW>未按规定开展安全生产教育和培训</CF_WFXW><CF_SY>该公司未如实记录从业人员安全生产教育和培训情况。</CF_SY><CF_YJ>《中华人民共和国安全生产法》第九十七条</CF_YJ><CF_CFLB>罚款</CF_CFLB><CF_NR>罚款人民币2万元</CF_NR><CF_NR_FK>2</CF_NR_FK><CF_JDRQ>2026-03-05</CF_JDRQ><CF_YXQ>2027-03-05</CF_YXQ><CF_CFJG>灌云县化工园区管理委员会</CF_CFJG><CF_CFJGDM>11320723MB7654321G</CF_CFJGDM><DFBM>320723</DFBM></XZCF>`;
}

const SAMPLE_JSON = body([penalty(0), penalty(1, { data: { fineAmountWan: '1.5' } })]);
const SAMPLE_XML = `<?xml version="1.0" encoding="UTF-8"?><DataPackage><Header/><Body>${parkItem(0)}${parkItem(1)}</Body></DataPackage>`;

/** What may come out of an adapter: output, or a GatewayError with a request-level catalogue code. */
function expectDefinedOutcome(run: () => unknown): void {
  try {
    const out = run() as { records: Array<{ record?: unknown; issues: unknown[] }> };
    expect(Array.isArray(out.records)).toBe(true);
    for (const r of out.records) {
      expect(Array.isArray(r.issues)).toBe(true);
      // Whatever the adapter built, validation answers without throwing.
      if (r.record !== undefined) validateRecord(r.record, VALIDATION);
    }
  } catch (e) {
    if (!(e instanceof GatewayError)) throw e;
    const entry: CatalogueEntry = catalogue[e.code];
    expect(entry.status, e.code).toBeGreaterThanOrEqual(400);
  }
}

// ---- adapters ----------------------------------------------------------------------------------------

describe('fuzz: every registered adapter', () => {
  const inputs: Record<string, fc.Arbitrary<string>> = {
    'random text': text,
    'random JSON': jsonish.map((v) => JSON.stringify(v)),
    'records of random JSON': fc.array(jsonish, { maxLength: 5 }).map((r) => JSON.stringify({ records: r })),
    'damaged records': fc.array(damagedRecord('A'), { maxLength: 5 }).map((r) => JSON.stringify({ records: r })),
    'mutated JSON sample': mutate(SAMPLE_JSON),
    'random XML trees': xmlPackage,
    'mutated XML sample': mutate(SAMPLE_XML),
  };
  for (const [name, adapter] of adapters) {
    for (const [kind, arb] of Object.entries(inputs)) {
      it(`${name}: ${kind}`, () => {
        fc.assert(fc.property(arb, (input) => expectDefinedOutcome(() => adapter.parse(input, CTX))), params(500));
      });
    }
  }
});

// ---- POST /v1/submissions ----------------------------------------------------------------------------

interface Answer {
  status: number;
  json: any;
}

describe('fuzz: POST /v1/submissions', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  let serial = 0;
  const validIds: string[] = [];
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, {
      patch: (raw) => {
        raw.limits = { requestsPerMinute: 1_000_000 };
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  async function post(payload: string | Uint8Array, contentType: string, key: string, query = ''): Promise<Answer> {
    const res = await fetch(`${h.gateway.url}/v1/submissions${query}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': contentType }, body: payload });
    const t = await res.text();
    let json: any;
    try {
      json = JSON.parse(t);
    } catch {
      throw new Error(`answer ${res.status} is not JSON: ${t.slice(0, 200)}`);
    }
    return { status: res.status, json };
  }

  /** 2xx with one result per record, or a catalogue error envelope with its own status; never 5xx. */
  function expectDefinedAnswer(a: Answer): void {
    expect(a.status, JSON.stringify(a.json).slice(0, 300)).toBeLessThan(500);
    if (a.status < 300) {
      expect(Array.isArray(a.json.results)).toBe(true);
      expect(a.json.accepted + a.json.rejected + a.json.unchanged).toBe(a.json.results.length);
      for (const r of a.json.results) for (const e of r.errors ?? []) expect(Object.hasOwn(catalogue, e.code), e.code).toBe(true);
    } else {
      expect(Object.keys(a.json)).toEqual(['error']);
      const entry: CatalogueEntry | undefined = Object.hasOwn(catalogue, a.json.error.code) ? catalogue[a.json.error.code as keyof typeof catalogue] : undefined;
      expect(entry, a.json.error.code).toBeDefined();
      expect(entry!.status).toBe(a.status);
    }
  }

  const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=gbk', 'application/json; charset=gb18030', 'application/json; charset=latin1', 'application/xml', 'text/xml; charset=GBK', 'text/csv', 'text/plain', '', 'application/json; charset=', ';;;', 'application/json; charset="utf-8"'];

  it('whole-body garbage at both departments: random bytes, text, JSON, XML trees, mutated samples, any content type', async () => {
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      text,
      jsonish.map((v) => JSON.stringify(v)),
      xmlPackage,
      mutate(SAMPLE_JSON),
      mutate(SAMPLE_XML),
    );
    await fc.assert(
      fc.asyncProperty(payload, fc.constantFrom(...CONTENT_TYPES), fc.constantFrom('demo-canonical-key', 'demo-park-key'), fc.constantFrom('', '?dryRun=true', '?dryRun=maybe', '?recordType=x&dryRun=1'), async (p, ct, key, q) => {
        expectDefinedAnswer(await post(p, ct, key, q));
      }),
      params(400),
    );
  });

  it('canonical JSON: valid records mixed with garbage records are all stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.array(garbageRecord('G'), { maxLength: 8 }), async (validMask, garbage) => {
        const records: unknown[] = [];
        const validAt: number[] = [];
        let g = 0;
        for (const isValid of validMask) {
          if (isValid) {
            validAt.push(records.length);
            records.push(penalty(serial % 4, { data: { decisionNo: `灌应急罚〔2026〕V${serial++}号` } }));
          } else if (g < garbage.length) records.push(garbage[g++]);
        }
        records.push(...garbage.slice(g));
        const a = await post(JSON.stringify({ records }), 'application/json', 'demo-canonical-key');
        expectDefinedAnswer(a);
        expect(a.status).toBe(202);
        expect(a.json.results).toHaveLength(records.length);
        for (const i of validAt) {
          expect(a.json.results[i], JSON.stringify(a.json.results[i])).toMatchObject({ status: 'accepted', versionNo: 1 });
          validIds.push(a.json.results[i].recordId);
        }
      }),
      params(250),
    );
  });

  it('park XML: valid items mixed with random well-formed items are all stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), fc.array(xmlTree, { maxLength: 6 }), async (validMask, garbage) => {
        const items: string[] = [];
        const validAt: number[] = [];
        let g = 0;
        for (const isValid of validMask) {
          if (isValid) {
            validAt.push(items.length);
            items.push(parkItem(1000 + serial++));
          } else if (g < garbage.length) items.push(`<XZCF>${garbage[g++]}</XZCF>`);
        }
        for (const x of garbage.slice(g)) items.push(`<XZXK>${x}</XZXK>`);
        const xml = `<?xml version="1.0" encoding="UTF-8"?><DataPackage><Header/><Body>${items.join('')}</Body></DataPackage>`;
        const a = await post(xml, 'application/xml', 'demo-park-key');
        expectDefinedAnswer(a);
        expect(a.status, JSON.stringify(a.json).slice(0, 300)).toBe(202);
        for (const i of validAt) {
          expect(a.json.results[i], JSON.stringify(a.json.results[i])).toMatchObject({ status: 'accepted', versionNo: 1 });
          validIds.push(a.json.results[i].recordId);
        }
      }),
      params(150),
    );
  });

  it('every valid record accepted above is in the store, and the gateway is still healthy', async () => {
    expect(validIds.length).toBeGreaterThan(0);
    const r = await h.gateway.db.query<{ n: number }>('SELECT count(DISTINCT id)::int AS n FROM records WHERE id = ANY($1::uuid[])', [validIds]);
    expect(r.rows[0]!.n).toBe(new Set(validIds).size);
    const ready = await fetch(`${h.gateway.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
