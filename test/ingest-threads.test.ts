import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { adapters } from '../adapters/index.ts';
import { GatewayError } from '../src/errors/index.ts';
import { analyse, analyseInputFor, type AnalyseInput, type Analysis } from '../src/ingest/analyse.ts';
import { migrate, recordColumns, storeSubmission, type RecordToStore, type SubmissionRow } from '../src/store/index.ts';
import { createAnalyser } from '../src/ingest/index.ts';
import { parseContentType } from '../src/ingest/decode.ts';
import { loadSettings } from '../src/config/index.ts';
import { freshPglite, useHarness } from './helpers.ts';
import { body, penalty } from './records.ts';

// Large bodies are analysed (decoded, parsed, validated) in ingest threads: the answer must be the
// one the API thread gives, record for record, and a refused body the same refusal.

const { config } = loadSettings(undefined, {});
const CONTENT_TYPES: Record<string, string> = { json: 'application/json', xml: 'application/xml', csv: 'text/csv' };

function inputFor(adapterName: string, file: string): AnalyseInput {
  const dir = new URL(`../adapters/${adapterName}/fixtures/`, import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('conformance.json', dir), 'utf8')) as { context: AnalyseInput['parse'] };
  const dept = config.departments.find((d) => d.id === manifest.context.departmentId) ?? config.departments[0]!;
  const body = new Uint8Array(readFileSync(new URL(file, dir)));
  const media = parseContentType(CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)]);
  // The fixture's own parse context (its package, its query), the rest as the gateway gives it.
  return { ...analyseInputFor(config, dept, { body, media, query: {}, lang: 'zh', today: '2026-11-27' }), adapter: adapterName, parse: manifest.context };
}

/**
 * An analysis with each stored record in one form: the thread sends columns and the JSON as UTF-8
 * bytes, and the record object is rebuilt from those bytes when asked for.
 */
function comparable(a: Analysis): unknown {
  return {
    ...a,
    stored: a.stored.map((s) => ({ ...s, json: typeof s.json === 'string' ? s.json : Buffer.from(s.json!).toString('utf8'), columns: s.columns ?? recordColumns(s.record) })),
  };
}

async function outcome(run: () => Promise<Analysis>): Promise<unknown> {
  try {
    return { ok: comparable(await run()) };
  } catch (e) {
    if (e instanceof GatewayError) return { code: e.code, params: e.params };
    throw e;
  }
}

describe('ingest threads', () => {
  const threaded = createAnalyser(adapters, config, { threads: 1, minBytes: 0 });
  afterAll(() => threaded.close());

  it('every adapter fixture: the thread answers exactly what the API thread answers (records, issues, refusals)', async () => {
    let refused = 0;
    let records = 0;
    for (const name of adapters.keys()) {
      const files = readdirSync(new URL(`../adapters/${name}/fixtures/`, import.meta.url)).filter((f) => /\.(json|xml|csv)$/.test(f) && !f.endsWith('.expected.json') && f !== 'conformance.json');
      for (const file of files) {
        const input = inputFor(name, file);
        const here = await outcome(async () => analyse(adapters, config, input));
        const there = await outcome(() => threaded.analyse(input));
        expect(there, `${name}/${file}`).toEqual(here);
        if ('code' in (here as object)) refused++;
        else records += (here as { ok: { results: unknown[] } }).ok.results.length;
      }
    }
    expect(threaded.threads).toBe(1);
    expect(refused).toBeGreaterThanOrEqual(8); // malformed, wrong shape, billion laughs, unterminated CSV …
    expect(records).toBeGreaterThan(50);
  });

  it('the thread hands records over as JSON bytes and columns; a record object only when asked for, or for a dry run', async () => {
    const input = inputFor('canonical-json', 'valid.json');
    const there = await threaded.analyse(input);
    const here = analyse(adapters, config, input);
    expect(there.stored.length).toBe(here.stored.length);
    for (const [i, s] of there.stored.entries()) {
      expect(s.json).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(s.json as Uint8Array).toString('utf8')).toBe(here.stored[i]!.json);
      expect(s.columns).toEqual(recordColumns(here.stored[i]!.record));
      expect(Object.getOwnPropertyDescriptor(s, 'record')?.get).toBeTypeOf('function');
      expect(s.record).toEqual(here.stored[i]!.record);
    }
    expect(there.results.some((r) => 'record' in r)).toBe(false);
    const dry = await threaded.analyse({ ...input, withRecords: true });
    const accepted = dry.results.filter((r) => r.status === 'accepted');
    expect(accepted.length).toBe(here.stored.length);
    expect(accepted.map((r) => r.record)).toEqual(here.stored.map((s) => s.record));
  });

  it('storing a thread\'s answer never rebuilds a record object (columns and bytes are enough), and stores the same rows', async () => {
    const dept = config.departments.find((d) => d.adapter === 'canonical-json')!;
    const input = analyseInputFor(config, dept, {
      body: new TextEncoder().encode(JSON.stringify({ records: Array.from({ length: 30 }, (_, i) => penalty(i)) })),
      media: parseContentType('application/json'), query: {}, lang: 'zh', today: '2026-11-27',
    });
    const there = await threaded.analyse(input);
    const here = analyse(adapters, config, input);
    expect(there.stored.length).toBe(30);
    let reads = 0;
    const counted = there.stored.map((s) => {
      const get = Object.getOwnPropertyDescriptor(s, 'record')!.get!;
      return Object.defineProperty(s, 'record', { get: () => (reads++, get()), enumerable: true });
    });
    const rows = async (items: RecordToStore[]) => {
      const db = await freshPglite();
      await migrate(db);
      const sub: SubmissionRow = {
        id: randomUUID(), departmentId: dept.id, requestHash: 'h', adapter: 'canonical-json', receivedAt: '2026-11-27T02:00:00.000Z',
        raw: input.body, recordCount: items.length, rejected: 0,
      };
      const r = await storeSubmission(db, sub, items, { batchSize: () => 100 }, () => null);
      expect(r.kind).toBe('stored');
      const out = await db.query<Record<string, unknown>>(
        `SELECT r.id, r.record_type, r.subject_name, r.subject_uscc, r.subject_id, r.operation, r.decision_date::text, r.doc_no, v.operation AS vop, v.body::jsonb - 'meta' AS body
         FROM records r JOIN record_versions v ON v.record_id = r.id ORDER BY r.id`);
      await db.close();
      return out.rows;
    };
    const stored = await rows(counted);
    expect(reads).toBe(0);
    expect(stored).toEqual(await rows(here.stored));
  });

  it('a refusal of the whole body keeps its code and parameters across the thread', async () => {
    const input = { ...inputFor('canonical-json', 'valid.json'), limits: { ...config.limits, maxRecordsPerSubmission: 1 } };
    const there = await outcome(() => threaded.analyse(input));
    expect(there).toMatchObject({ code: 'TOO_MANY_RECORDS', params: { limit: 1 } });
  });

  it('small bodies stay in the API thread', async () => {
    const small = createAnalyser(adapters, config, { threads: 1, minBytes: 1 << 20 });
    const r = await small.analyse(inputFor('canonical-json', 'valid.json'));
    expect(r.stored.length).toBeGreaterThan(0);
    expect(small.threads).toBe(0);
    await small.close();
  });
});

describe('a gateway analysing every body in an ingest thread', () => {
  const harness = useHarness();
  it('accepts the valid records, rejects the bad one with its code, and delivers', async () => {
    const h = await harness({ env: { INGEST_THREAD_MIN_BYTES: '0' } });
    const bad = penalty(2, { subject: { uscc: '91320700MA1XXXXXX0' } });
    const r = await h.post(body([penalty(0), penalty(1), bad, penalty(3)]));
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ accepted: 3, rejected: 1 });
    expect(r.json.results[2].errors.map((e: { code: string }) => e.code)).toContain('USCC_CHECKSUM');
    const malformed = await h.post('{"records": [');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('MALFORMED_JSON');
    expect(h.gateway.analyser.threads).toBe(1);
    await h.waitDelivered(3);
  });
});
