import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, validateRecord, type ValidationContext } from '../src/model/index.ts';
import {
  claimDeliveries, completeDeliveries, deliveryCounts, expireLeases, getSubmission, migrate, openPglite, releaseDeliveries, storeSubmission,
  type Database, type RecordToStore, type StoredOutcome, type SubmissionRow,
} from '../src/store/index.ts';
import { freshPglite, freshPostgres } from './helpers.ts';
import { AUTHORITY, licence, penalty } from './records.ts';

// The store suite, run against both back ends: the outbox write, versions and supersession,
// claiming with leases, releasing, completing, idempotency and rollback.

const DEPT = 'county-safety-bureau';
const ctx: ValidationContext = {
  today: '2026-06-01',
  usccExceptions: new Set(),
  scope: { recordTypes: ['administrative-penalty', 'administrative-license'], regionPrefixes: ['3207'], dataSource: AUTHORITY, defaultRegionCode: '320723' },
};

/** A test record validated the way the pipeline does it, as an item to store. */
function item(index: number, raw: Record<string, unknown>, targets: readonly string[] = ['municipal']): RecordToStore {
  const v = validateRecord(structuredClone(raw), ctx);
  if (!v.ok) throw new Error(`test record ${index} is invalid: ${JSON.stringify(v.issues)}`);
  return { index, recordId: v.recordId, key: v.key, version: v.version, record: v.record, json: v.json, warnings: v.warnings, targets };
}

function submission(over: Partial<SubmissionRow> = {}): SubmissionRow {
  return {
    id: randomUUID(), departmentId: DEPT, requestHash: `hash-${randomUUID()}`, adapter: 'canonical-json', contentType: 'application/json',
    receivedAt: new Date().toISOString(), raw: new TextEncoder().encode('{"records":[]}'), recordCount: 0, rejected: 0, ...over,
  };
}

const BATCH: Record<string, number> = { municipal: 2, provincial: 10 };
const policy = { batchSize: (t: string) => BATCH[t] ?? 100 };
const respond = (outcomes: StoredOutcome[]) => ({ echoed: outcomes.map((o) => `${o.index}:${o.status}:${o.versionNo}`) });

/** Stores and expects a fresh store (not an idempotent replay). */
async function store(db: Database, records: RecordToStore[], over: Partial<SubmissionRow> = {}) {
  const sub = submission({ recordCount: records.length, ...over });
  const r = await storeSubmission(db, sub, records, policy, respond);
  if (r.kind !== 'stored') throw new Error('expected a stored result');
  return { sub, ...r };
}

interface DeliveryRow {
  id: number;
  record_id: string;
  version_no: number;
  target: string;
  state: string;
  job_id: string | null;
  lease_owner: string | null;
  lease_until: unknown;
  attempts: number;
  last_error_code: string | null;
  last_error: string | null;
  receipt_id: string | null;
  delivered_at: unknown;
}

async function deliveriesOf(db: Database, recordId: string): Promise<DeliveryRow[]> {
  const r = await db.query<DeliveryRow>('SELECT * FROM deliveries WHERE record_id = $1 ORDER BY target, version_no', [recordId]);
  return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
}

async function delivery(db: Database, id: number): Promise<DeliveryRow> {
  const r = await db.query<DeliveryRow>('SELECT * FROM deliveries WHERE id = $1', [id]);
  return { ...r.rows[0]!, id: Number(r.rows[0]!.id) };
}

interface Counts {
  submissions: number;
  records: number;
  versions: number;
  deliveries: number;
}

async function counts(db: Database): Promise<Counts> {
  const r = await db.query<Counts>(
    `SELECT (SELECT count(*)::int FROM submissions) AS submissions, (SELECT count(*)::int FROM records) AS records,
            (SELECT count(*)::int FROM record_versions) AS versions, (SELECT count(*)::int FROM deliveries) AS deliveries`,
  );
  return r.rows[0]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Distinct record numbers per test so tests do not see each other's records.
let seq = 100;
const next = () => seq++;

const backends: Array<[string, () => Promise<{ db: Database; close(): Promise<void> }>]> = [
  ['PostgreSQL', async () => {
    const p = await freshPostgres();
    return { db: p.db, close: p.drop };
  }],
  ['PGlite', async () => {
    const db = await freshPglite();
    return { db, close: () => db.close() };
  }],
];

describe.each(backends)('store (%s)', (name, open) => {
  let db: Database;
  let close: () => Promise<void>;
  let firstMigration: string[];
  beforeAll(async () => {
    const o = await open();
    db = o.db;
    close = o.close;
    firstMigration = await migrate(db);
  });
  afterAll(async () => {
    await close?.();
  });

  it('migrate() applies every migration once; a second run applies nothing', async () => {
    const files = readdirSync(new URL('../src/store/migrations/', import.meta.url)).filter((f) => f.endsWith('.sql')).sort();
    expect(files.length).toBeGreaterThan(0);
    expect(firstMigration).toEqual(files);
    expect(await migrate(db)).toEqual([]);
    const applied = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(applied.rows.map((r) => r.name)).toEqual(files);
    for (const t of ['submissions', 'records', 'record_versions', 'deliveries', 'push_attempts']) {
      expect((await db.query(`SELECT count(*) FROM ${t}`)).rows.length).toBe(1);
    }
    // Raw bodies: LZ4 on PostgreSQL (Debian's is built with it), the default pglz on PGlite (it has no lz4).
    const compression = await db.query<{ c: string }>(`SELECT attcompression AS c FROM pg_attribute WHERE attrelid = 'submissions'::regclass AND attname = 'raw'`);
    expect(compression.rows[0]?.c).toBe(name === 'PostgreSQL' ? 'l' : '');
  });

  it('storeSubmission writes submission, records, versions and pending deliveries, and returns jobs chunked by batch size with deterministic ids', async () => {
    const before = await counts(db);
    const n = [next(), next(), next(), next(), next()];
    const items = [item(0, penalty(n[0]!), ['municipal', 'provincial']), item(1, licence(n[1]!), ['municipal', 'provincial']), item(2, penalty(n[2]!), ['municipal', 'provincial']),
      item(3, penalty(n[3]!), ['municipal', 'provincial']), item(4, licence(n[4]!), ['municipal'])];
    const header = { PackageId: 'P-1' };
    const { sub, outcomes, response, jobs } = await store(db, items, { rejected: 2, recordCount: 7, header, idempotencyKey: undefined });

    expect(outcomes).toEqual(items.map((it) => ({ index: it.index, recordId: it.recordId, status: 'accepted', version: it.version, versionNo: 1 })));
    expect(response).toEqual({ echoed: ['0:accepted:1', '1:accepted:1', '2:accepted:1', '3:accepted:1', '4:accepted:1'] });

    // municipal: 5 records in batches of 2 → 3 jobs; provincial: 4 records in one batch of 10.
    expect(jobs.map((j) => [j.target, j.jobId, j.deliveryIds.length])).toEqual([
      ['municipal', `${sub.id}_municipal_0`, 2],
      ['municipal', `${sub.id}_municipal_1`, 2],
      ['municipal', `${sub.id}_municipal_2`, 1],
      ['provincial', `${sub.id}_provincial_0`, 4],
    ]);
    const allIds = jobs.flatMap((j) => j.deliveryIds);
    expect(new Set(allIds).size).toBe(9);

    const s = await db.query<Record<string, unknown>>('SELECT * FROM submissions WHERE id = $1', [sub.id]);
    expect(s.rows[0]).toMatchObject({ department_id: DEPT, request_hash: sub.requestHash, adapter: 'canonical-json', record_count: 7, accepted: 5, rejected: 2, unchanged: 0, header, answer: response, response: null });
    expect(Buffer.from(s.rows[0]!.raw as Uint8Array).toString()).toBe('{"records":[]}');

    const recs = await db.query<Record<string, unknown>>('SELECT * FROM records WHERE id = ANY($1::uuid[]) ORDER BY record_key', [items.map((i) => i.recordId)]);
    expect(recs.rows.length).toBe(5);
    for (const r of recs.rows) {
      const it = items.find((x) => x.recordId === r.id)!;
      expect(r).toMatchObject({ record_key: it.key, record_type: it.record.recordType, department_id: DEPT, current_version_no: 1, current_version: it.version, operation: 'upsert', subject_uscc: it.record.subject.uscc });
    }
    const versions = await db.query<{ record_id: string; version_no: number; version: string; body: any; submission_id: string; result_index: number }>(
      'SELECT * FROM record_versions WHERE submission_id = $1 ORDER BY result_index', [sub.id],
    );
    expect(versions.rows.map((v) => [v.record_id, v.version_no, v.version, v.result_index])).toEqual(items.map((it) => [it.recordId, 1, it.version, it.index]));
    expect(versions.rows[0]!.body.meta).toEqual({ departmentId: DEPT, adapter: 'canonical-json', receivedAt: sub.receivedAt, submissionId: sub.id });
    expect(versions.rows[0]!.body.data).toEqual(items[0]!.record.data);

    const dels = await db.query<{ id: number; target: string; state: string; job_id: string; attempts: number }>('SELECT * FROM deliveries WHERE id = ANY($1::bigint[])', [allIds]);
    expect(dels.rows.length).toBe(9);
    expect(dels.rows.every((d) => d.state === 'pending' && d.attempts === 0)).toBe(true);
    for (const j of jobs) {
      for (const id of j.deliveryIds) expect(dels.rows.find((d) => Number(d.id) === id)).toMatchObject({ target: j.target, job_id: j.jobId });
    }
    expect(await counts(db)).toEqual({ submissions: before.submissions + 1, records: before.records + 5, versions: before.versions + 5, deliveries: before.deliveries + 9 });
  });

  it('the raw body is kept byte for byte (every byte value, a GBK body, a body of several hundred KB)', async () => {
    const bodies = [Uint8Array.from({ length: 256 }, (_, i) => i), Uint8Array.from([0xb9, 0xe0, 0xd4, 0xc6, 0x0d, 0x0a, 0x00]), new Uint8Array(600_000).map((_, i) => (i * 7919) % 251)];
    for (const raw of bodies) {
      const { sub } = await store(db, [], { raw, recordCount: 0 });
      const s = await db.query<{ raw: Uint8Array }>('SELECT raw FROM submissions WHERE id = $1', [sub.id]);
      expect(Buffer.from(s.rows[0]!.raw).equals(Buffer.from(raw))).toBe(true);
    }
  });

  it('a submission with no storable records is still stored, with no jobs', async () => {
    const { sub, outcomes, jobs } = await store(db, [], { rejected: 3, recordCount: 3 });
    expect(outcomes).toEqual([]);
    expect(jobs).toEqual([]);
    const s = await db.query<{ accepted: number; rejected: number }>('SELECT accepted, rejected FROM submissions WHERE id = $1', [sub.id]);
    expect(s.rows[0]).toEqual({ accepted: 0, rejected: 3 });
  });

  it("the same key and version again → 'unchanged', no new version, no delivery, no job", async () => {
    const p = penalty(next());
    const first = await store(db, [item(0, p)]);
    const before = await counts(db);
    const again = await store(db, [item(0, p)]);
    expect(again.outcomes).toEqual([{ index: 0, recordId: first.outcomes[0]!.recordId, status: 'unchanged', version: first.outcomes[0]!.version, versionNo: 1 }]);
    expect(again.jobs).toEqual([]);
    expect(await counts(db)).toEqual({ ...before, submissions: before.submissions + 1 });
    const s = await db.query<{ accepted: number; unchanged: number }>('SELECT accepted, unchanged FROM submissions WHERE id = $1', [again.sub.id]);
    expect(s.rows[0]).toEqual({ accepted: 0, unchanged: 1 });
  });

  it('a new version supersedes the pending delivery of the older one', async () => {
    const k = next();
    const v1 = await store(db, [item(0, penalty(k))]);
    const v2 = await store(db, [item(0, penalty(k, { data: { fineAmountWan: '3', penaltyContent: '罚款人民币3万元' } }))]);
    const id = v1.outcomes[0]!.recordId;
    expect(v2.outcomes[0]).toMatchObject({ recordId: id, status: 'accepted', versionNo: 2 });
    expect(v2.outcomes[0]!.version).not.toBe(v1.outcomes[0]!.version);
    const d = await deliveriesOf(db, id);
    expect(d.map((x) => [x.version_no, x.state])).toEqual([[1, 'superseded'], [2, 'pending']]);
    expect(v2.jobs).toEqual([{ target: 'municipal', jobId: `${v2.sub.id}_municipal_0`, deliveryIds: [d[1]!.id] }]);
    const r = await db.query<{ current_version_no: number; current_version: string }>('SELECT current_version_no, current_version FROM records WHERE id = $1', [id]);
    expect(r.rows[0]).toEqual({ current_version_no: 2, current_version: v2.outcomes[0]!.version });
  });

  it('the same record twice in one submission → two versions; only the newest is delivered, the older superseded', async () => {
    const k = next();
    const older = item(0, penalty(k));
    const other = item(1, licence(next()));
    const newer = item(2, penalty(k, { data: { violationFacts: '更正后的违法事实。' } }));
    expect(newer.recordId).toBe(older.recordId);
    const { outcomes, jobs } = await store(db, [older, other, newer]);
    expect(outcomes.map((o) => [o.index, o.status, o.versionNo])).toEqual([[0, 'accepted', 1], [1, 'accepted', 1], [2, 'accepted', 2]]);
    const versions = await db.query<{ version_no: number; version: string }>('SELECT version_no, version FROM record_versions WHERE record_id = $1 ORDER BY version_no', [older.recordId]);
    expect(versions.rows).toEqual([{ version_no: 1, version: older.version }, { version_no: 2, version: newer.version }]);
    const d = await deliveriesOf(db, older.recordId);
    expect(d.map((x) => [x.version_no, x.state, x.job_id === null])).toEqual([[1, 'superseded', true], [2, 'pending', false]]);
    const jobIds = jobs.flatMap((j) => j.deliveryIds);
    expect(jobIds).toContain(d[1]!.id);
    expect(jobIds).not.toContain(d[0]!.id);
    expect(jobIds.length).toBe(2);
    const r = await db.query<{ current_version_no: number; current_version: string }>('SELECT current_version_no, current_version FROM records WHERE id = $1', [older.recordId]);
    expect(r.rows[0]).toEqual({ current_version_no: 2, current_version: newer.version });
  });

  describe('claiming, releasing, completing', () => {
    /** Stores one fresh record and returns its pending delivery id. */
    async function pendingOne(raw = penalty(next())) {
      const s = await store(db, [item(0, raw)]);
      return { id: s.jobs[0]!.deliveryIds[0]!, recordId: s.outcomes[0]!.recordId, version: s.outcomes[0]!.version, raw };
    }

    it('claims pending deliveries: in flight under the owner, one attempt, the record without meta', async () => {
      const a = await pendingOne();
      const b = await pendingOne(licence(next()));
      const res = await claimDeliveries(db, [b.id, a.id], 'job-A', 60_000);
      expect(res.blocked).toEqual([]);
      expect(res.gone).toEqual([]);
      expect(res.claimed.map((c) => c.id)).toEqual([a.id, b.id].sort((x, y) => x - y));
      const ca = res.claimed.find((c) => c.id === a.id)!;
      expect(ca).toMatchObject({ recordId: a.recordId, versionNo: 1, version: a.version });
      expect(ca.record).not.toHaveProperty('meta');
      expect(ca.record).toMatchObject({ recordType: 'administrative-penalty', operation: 'upsert', subject: { uscc: (a.raw.subject as { uscc: string }).uscc } });
      // The stored text too, as it is (the municipal connector copies members from it), meta included.
      const stored = await db.query<{ text: string }>('SELECT body::text AS text FROM record_versions WHERE record_id = $1 AND version_no = 1', [a.recordId]);
      expect(ca.json).toBe(stored.rows[0]!.text);
      expect(JSON.parse(ca.json)).toEqual({ ...ca.record, meta: expect.any(Object) });
      const row = await delivery(db, a.id);
      expect(row).toMatchObject({ state: 'in_flight', lease_owner: 'job-A', attempts: 1 });
      expect(row.lease_until).not.toBeNull();
      expect(await claimDeliveries(db, [], 'job-A', 1000)).toEqual({ claimed: [], blocked: [], gone: [] });
    });

    it('a claim changes no indexed column (a heap-only update); is_open, which the open indexes name, follows the state', async () => {
      // An index naming a column a claim writes (in its key or its WHERE) makes every claim a full
      // update with an insert into each index (migration 009).
      const defs = (await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'deliveries' AND schemaname = current_schema()`)).rows.map((r) => r.indexdef);
      expect(defs.length).toBeGreaterThanOrEqual(4);
      for (const def of defs) expect(def).not.toMatch(/\b(state|updated_at|lease_owner|lease_until|attempts)\b/);
      expect(defs.some((d) => /\(id\) WHERE is_open$/.test(d))).toBe(true);
      const a = await pendingOne();
      const isOpen = async () => (await db.query<{ is_open: boolean }>('SELECT is_open FROM deliveries WHERE id = $1', [a.id])).rows[0]!.is_open;
      expect(await isOpen()).toBe(true);
      await claimDeliveries(db, [a.id], 'job-H', 60_000);
      expect(await isOpen()).toBe(true);
      await completeDeliveries(db, 'job-H', [{ id: a.id, outcome: 'delivered', receiptId: 'R1' }]);
      expect(await isOpen()).toBe(false);
    });

    it('deliveryCounts: open and problem states counted at each call, the settled bulk at most every few minutes (in the background)', async () => {
      const truth = async () => (await db.query<{ target: string; state: string; count: number }>('SELECT target, state, count(*)::int AS count FROM deliveries GROUP BY target, state ORDER BY target, state')).rows;
      const of = (rows: Array<{ target: string; state: string; count: number }>, state: string) => rows.filter((r) => r.state === state).reduce((n, r) => n + r.count, 0);
      await pendingOne();
      expect(await deliveryCounts(db, { settledMaxAgeMs: 0 })).toEqual(await truth());
      const before = await deliveryCounts(db);
      // A delivery completed and one rejected: pending and rejected change at once, delivered waits for the next full count.
      const [a, b] = [await pendingOne(), await pendingOne()];
      await claimDeliveries(db, [a.id, b.id], 'job-N', 60_000);
      await completeDeliveries(db, 'job-N', [{ id: a.id, outcome: 'delivered', receiptId: 'R' }, { id: b.id, outcome: 'rejected', reason: 'no' }]);
      const now = await deliveryCounts(db);
      expect(of(now, 'pending')).toBe(of(await truth(), 'pending'));
      expect(of(now, 'rejected')).toBe(of(before, 'rejected') + 1);
      expect(of(now, 'delivered')).toBe(of(before, 'delivered'));
      // Past its age the settled count is refreshed without making the caller wait; the next call has it.
      await sleep(5);
      expect(of(await deliveryCounts(db, { settledMaxAgeMs: 1 }), 'delivered')).toBe(of(before, 'delivered'));
      for (let i = 0; i < 100 && of(await deliveryCounts(db), 'delivered') === of(before, 'delivered'); i++) await sleep(10);
      expect(await deliveryCounts(db)).toEqual(await truth());
    });

    it('deliveryCounts: a background count that answers after a newer full count does not replace it', async () => {
      const truth = async () => (await db.query<{ target: string; state: string; count: number }>('SELECT target, state, count(*)::int AS count FROM deliveries GROUP BY target, state ORDER BY target, state')).rows;
      // The same database behind another handle (the settled cache is per handle), whose next full
      // count runs at once but answers only when released: a slow background count.
      type Gate = { released: Promise<void>; release: () => void; answered?: Promise<unknown> };
      let hold: Gate | undefined;
      const slow = Object.create(db) as typeof db;
      slow.query = ((text: string, ...rest: unknown[]) => {
        const q = (db.query as (...a: unknown[]) => Promise<unknown>)(text, ...rest);
        if (!hold || !/^SELECT target, state, count\(\*\)::int AS count FROM deliveries GROUP BY/.test(text)) return q;
        const h = hold;
        hold = undefined;
        return (h.answered = q.then(async (r) => (await h.released, r)));
      }) as typeof db.query;
      const deliver = async () => {
        const a = await pendingOne();
        await claimDeliveries(db, [a.id], 'job-R', 60_000);
        await completeDeliveries(db, 'job-R', [{ id: a.id, outcome: 'delivered', receiptId: 'R' }]);
      };
      await deliveryCounts(slow, { settledMaxAgeMs: 0 });
      await deliver();
      let release!: () => void;
      const gate: Gate = { released: new Promise<void>((r) => (release = r)), release: () => release() };
      hold = gate;
      await sleep(5);
      await deliveryCounts(slow, { settledMaxAgeMs: 1 }); // starts the (held) background count
      expect(gate.answered).toBeDefined();
      await deliver();
      const fresh = await deliveryCounts(slow, { settledMaxAgeMs: 0 });
      expect(fresh).toEqual(await truth());
      gate.release();
      await gate.answered;
      await sleep(5);
      // The older count (one delivery fewer) arrived last and was dropped.
      expect(await deliveryCounts(slow)).toEqual(await truth());
    });

    it('refuses a delivery whose record has another version in flight under another owner (blocked, left pending)', async () => {
      const k = next();
      const v1 = await pendingOne(penalty(k));
      expect((await claimDeliveries(db, [v1.id], 'job-A', 60_000)).claimed.length).toBe(1);
      const v2s = await store(db, [item(0, penalty(k, { data: { fineAmountWan: '5', penaltyContent: '罚款人民币5万元' } }))]);
      const v2 = v2s.jobs[0]!.deliveryIds[0]!;
      // v1 was in flight, so storing v2 did not supersede it.
      expect((await delivery(db, v1.id)).state).toBe('in_flight');
      const res = await claimDeliveries(db, [v2], 'job-B', 60_000);
      expect(res).toEqual({ claimed: [], blocked: [v2], gone: [] });
      expect(await delivery(db, v2)).toMatchObject({ state: 'pending', lease_owner: null, attempts: 0 });
      // Another owner cannot take v1 itself while the lease holds.
      expect(await claimDeliveries(db, [v1.id], 'job-B', 60_000)).toEqual({ claimed: [], blocked: [v1.id], gone: [] });
      // Once v1 is settled, v2 can go.
      await completeDeliveries(db, 'job-A', [{ id: v1.id, outcome: 'delivered', receiptId: 'R-1' }]);
      const after = await claimDeliveries(db, [v2], 'job-B', 60_000);
      expect(after.claimed.map((c) => [c.id, c.versionNo])).toEqual([[v2, 2]]);
    });

    it('lets the same owner re-claim its own in-flight rows (job re-run after a crash)', async () => {
      const a = await pendingOne();
      await claimDeliveries(db, [a.id], 'job-R', 60_000);
      const again = await claimDeliveries(db, [a.id], 'job-R', 60_000);
      expect(again.claimed.map((c) => c.id)).toEqual([a.id]);
      expect(again.blocked).toEqual([]);
      expect(await delivery(db, a.id)).toMatchObject({ state: 'in_flight', lease_owner: 'job-R', attempts: 2 });
    });

    it('an expired lease of another owner can be taken over', async () => {
      const a = await pendingOne();
      await claimDeliveries(db, [a.id], 'job-dead', 1);
      await sleep(30);
      const res = await claimDeliveries(db, [a.id], 'job-new', 60_000);
      expect(res.claimed.map((c) => c.id)).toEqual([a.id]);
      expect(await delivery(db, a.id)).toMatchObject({ state: 'in_flight', lease_owner: 'job-new', attempts: 2 });
    });

    it('a re-run that finds a newer version supersedes its older in-flight row and claims the newer one', async () => {
      const k = next();
      const v1 = await pendingOne(penalty(k));
      await claimDeliveries(db, [v1.id], 'job-C', 60_000);
      const v2 = (await store(db, [item(0, penalty(k, { data: { fineAmountWan: '4', penaltyContent: '罚款人民币4万元' } }))])).jobs[0]!.deliveryIds[0]!;
      const res = await claimDeliveries(db, [v1.id, v2], 'job-C', 60_000);
      expect(res.claimed.map((c) => [c.id, c.versionNo])).toEqual([[v2, 2]]);
      expect(res.gone).toEqual([v1.id]);
      expect(res.blocked).toEqual([]);
      expect((await delivery(db, v1.id)).state).toBe('superseded');
    });

    it('supersedes an older pending version when a newer one exists; settled rows are gone', async () => {
      const k = next();
      const v1 = await pendingOne(penalty(k));
      await claimDeliveries(db, [v1.id], 'job-D', 60_000);
      await releaseDeliveries(db, 'job-D', [v1.id], { code: 'RETRIES_EXHAUSTED', message: 'gave up' }, true);
      expect((await delivery(db, v1.id)).state).toBe('failed');
      const v2 = (await store(db, [item(0, penalty(k, { data: { fineAmountWan: '6', penaltyContent: '罚款人民币6万元' } }))])).jobs[0]!.deliveryIds[0]!;
      // An operator retries the old failed delivery: it is pending again beside the newer version.
      await db.query(`UPDATE deliveries SET state = 'pending' WHERE id = $1`, [v1.id]);
      const res = await claimDeliveries(db, [v1.id], 'job-E', 60_000);
      expect(res).toEqual({ claimed: [], blocked: [], gone: [v1.id] });
      expect((await delivery(db, v1.id)).state).toBe('superseded');
      expect((await delivery(db, v2)).state).toBe('pending');
      // A delivered row is gone too.
      const c = await claimDeliveries(db, [v2], 'job-E', 60_000);
      await completeDeliveries(db, 'job-E', [{ id: c.claimed[0]!.id, outcome: 'delivered' }]);
      expect(await claimDeliveries(db, [v2], 'job-F', 60_000)).toEqual({ claimed: [], blocked: [], gone: [v2] });
    });

    it('releaseDeliveries: back to pending when not final, failed when final, superseded when newer exists; only for the owner', async () => {
      const a = await pendingOne();
      const b = await pendingOne();
      await claimDeliveries(db, [a.id, b.id], 'job-G', 60_000);
      // Not the owner: nothing happens.
      await releaseDeliveries(db, 'job-other', [a.id, b.id], { code: 'X', message: 'x' }, false);
      expect((await delivery(db, a.id)).state).toBe('in_flight');
      await releaseDeliveries(db, 'job-G', [a.id], { code: 'PLATFORM_TRANSIENT', message: 'HTTP 503' }, false);
      expect(await delivery(db, a.id)).toMatchObject({ state: 'pending', lease_owner: null, lease_until: null, last_error_code: 'PLATFORM_TRANSIENT', last_error: 'HTTP 503', attempts: 1 });
      await releaseDeliveries(db, 'job-G', [b.id], { code: 'RETRIES_EXHAUSTED', message: 'x'.repeat(5000) }, true);
      const fb = await delivery(db, b.id);
      expect(fb).toMatchObject({ state: 'failed', lease_owner: null, last_error_code: 'RETRIES_EXHAUSTED' });
      expect(fb.last_error!.length).toBe(2000);
      // The released pending row can be claimed again.
      expect((await claimDeliveries(db, [a.id], 'job-H', 60_000)).claimed.length).toBe(1);
      expect((await delivery(db, a.id)).attempts).toBe(2);

      const k = next();
      const v1 = await pendingOne(penalty(k));
      await claimDeliveries(db, [v1.id], 'job-I', 60_000);
      await store(db, [item(0, penalty(k, { data: { fineAmountWan: '7', penaltyContent: '罚款人民币7万元' } }))]);
      await releaseDeliveries(db, 'job-I', [v1.id], { code: 'PLATFORM_TRANSIENT', message: 'timeout' }, false);
      expect((await delivery(db, v1.id)).state).toBe('superseded');
    });

    it('expireLeases frees expired leases only (pending again, or superseded when newer exists)', async () => {
      const a = await pendingOne();
      const live = await pendingOne();
      const k = next();
      const old = await pendingOne(penalty(k));
      await claimDeliveries(db, [a.id, old.id], 'job-crashed', 1);
      await claimDeliveries(db, [live.id], 'job-alive', 60_000);
      await store(db, [item(0, penalty(k, { data: { fineAmountWan: '8', penaltyContent: '罚款人民币8万元' } }))]);
      await sleep(30);
      const n = await expireLeases(db);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(await delivery(db, a.id)).toMatchObject({ state: 'pending', lease_owner: null, lease_until: null });
      expect((await delivery(db, old.id)).state).toBe('superseded');
      expect(await delivery(db, live.id)).toMatchObject({ state: 'in_flight', lease_owner: 'job-alive' });
      expect(await expireLeases(db)).toBe(0);
    });

    it('completeDeliveries records receipts and rejections for the owner only', async () => {
      const a = await pendingOne();
      const b = await pendingOne();
      await claimDeliveries(db, [a.id, b.id], 'job-K', 60_000);
      await completeDeliveries(db, 'job-intruder', [{ id: a.id, outcome: 'delivered', receiptId: 'nope' }]);
      expect((await delivery(db, a.id)).state).toBe('in_flight');
      await completeDeliveries(db, 'job-K', [
        { id: a.id, outcome: 'delivered', receiptId: 'MR000123' },
        { id: b.id, outcome: 'rejected', reason: '统一社会信用代码校验位错误' },
      ]);
      const da = await delivery(db, a.id);
      expect(da).toMatchObject({ state: 'delivered', receipt_id: 'MR000123', last_error_code: null, lease_owner: null, lease_until: null });
      expect(da.delivered_at).not.toBeNull();
      const dbb = await delivery(db, b.id);
      expect(dbb).toMatchObject({ state: 'rejected', receipt_id: null, last_error_code: 'PLATFORM_REJECTED', last_error: '统一社会信用代码校验位错误', delivered_at: null });
      // A second completion (e.g. a late duplicate answer) changes nothing.
      await completeDeliveries(db, 'job-K', [{ id: b.id, outcome: 'delivered', receiptId: 'late' }]);
      expect((await delivery(db, b.id)).state).toBe('rejected');
      await completeDeliveries(db, 'job-K', []);
    });
  });

  it("idempotency: the same (department, Idempotency-Key) again → { kind: 'existing', requestHash, response }, nothing written", async () => {
    const key = `idem-${randomUUID()}`;
    const rec = item(0, penalty(next()));
    const first = await store(db, [rec], { idempotencyKey: key, requestHash: 'hash-one' });
    const before = await counts(db);
    const second = await storeSubmission(db, submission({ idempotencyKey: key, requestHash: 'hash-two', recordCount: 1 }), [item(0, penalty(next()))], policy, respond);
    expect(second).toEqual({ kind: 'existing', requestHash: 'hash-one', response: first.response });
    expect(await counts(db)).toEqual(before);
    // Another department may use the same key.
    const other = await storeSubmission(db, submission({ departmentId: 'chemical-park', idempotencyKey: key, recordCount: 0 }), [], policy, respond);
    expect(other.kind).toBe('stored');
  });

  it('idempotency under concurrency: two simultaneous submissions with one key → one stored, the other gets its answer', async () => {
    const key = `idem-${randomUUID()}`;
    const rec = item(0, penalty(next()));
    const before = await counts(db);
    const results = await Promise.all([1, 2].map(() => storeSubmission(db, submission({ idempotencyKey: key, requestHash: 'same-hash', recordCount: 1 }), [rec], policy, respond)));
    const stored = results.filter((r) => r.kind === 'stored');
    const existing = results.filter((r) => r.kind === 'existing');
    expect([stored.length, existing.length]).toEqual([1, 1]);
    expect(existing[0]).toEqual({ kind: 'existing', requestHash: 'same-hash', response: stored[0]!.response });
    expect(await counts(db)).toEqual({ submissions: before.submissions + 1, records: before.records + 1, versions: before.versions + 1, deliveries: before.deliveries + 1 });
  });

  it('concurrent submissions creating the same new records, in opposite orders: no deadlock, one version each', async () => {
    for (let round = 0; round < 3; round++) {
      const items = Array.from({ length: 150 }, (_, i) => item(i, penalty(next())));
      const reversed = [...items].reverse().map((x, i) => ({ ...x, index: i }));
      const before = await counts(db);
      const [a, b] = await Promise.all([store(db, items), store(db, reversed)]);
      const accepted = [...a.outcomes, ...b.outcomes].filter((o) => o.status === 'accepted').length;
      const unchanged = [...a.outcomes, ...b.outcomes].filter((o) => o.status === 'unchanged').length;
      expect([accepted, unchanged]).toEqual([150, 150]);
      const after = await counts(db);
      expect(after.records - before.records).toBe(150);
      expect(after.versions - before.versions).toBe(150);
      expect(after.deliveries - before.deliveries).toBe(150);
    }
  });

  it('small submissions go in as one statement when all their records are new; one meeting an existing or concurrently created record falls back to the locking way', async () => {
    // Eight simultaneous one-record submissions of the same new record: one creates it, the others fall back and find it unchanged.
    const p = penalty(next());
    const before = await counts(db);
    const runs = await Promise.all(Array.from({ length: 8 }, () => store(db, [item(0, p)])));
    const statuses = runs.map((r) => `${r.outcomes[0]!.status}:${r.outcomes[0]!.versionNo}`).sort();
    expect(statuses).toEqual(['accepted:1', ...Array<string>(7).fill('unchanged:1')]);
    const after = await counts(db);
    expect(after).toEqual({ ...before, submissions: before.submissions + 8, records: before.records + 1, versions: before.versions + 1, deliveries: before.deliveries + 1 });

    // An existing record (changed) beside a new one: nothing of the one-statement try stays, the locking way stores both.
    const fresh = penalty(next());
    const changed = item(0, { ...p, data: { ...(p.data as object), fineAmountWan: '7', penaltyContent: '罚款人民币7万元' } });
    const mixed = await store(db, [changed, item(1, fresh)]);
    expect(mixed.outcomes.map((o) => [o.index, o.status, o.versionNo])).toEqual([[0, 'accepted', 2], [1, 'accepted', 1]]);
    const end = await counts(db);
    expect(end).toEqual({ ...after, submissions: after.submissions + 1, records: after.records + 1, versions: after.versions + 2, deliveries: after.deliveries + 2 });
    expect((await deliveriesOf(db, changed.recordId)).map((d) => [d.version_no, d.state])).toEqual([[1, 'superseded'], [2, 'pending']]);
  });

  it('a failure inside the transaction leaves nothing behind', async () => {
    const before = await counts(db);
    const key = `idem-${randomUUID()}`;
    const k = next();
    const items = [item(0, penalty(k)), item(1, licence(next()))];
    const sub = submission({ idempotencyKey: key, recordCount: 2 });
    await expect(storeSubmission(db, sub, items, policy, () => {
      throw new Error('respond failed');
    })).rejects.toThrow('respond failed');
    expect(await counts(db)).toEqual(before);
    const left = await db.query('SELECT 1 FROM records WHERE id = ANY($1::uuid[])', [items.map((i) => i.recordId)]);
    expect(left.rows.length).toBe(0);
    // The key is free again, and the records store as new.
    const again = await store(db, items, { idempotencyKey: key });
    expect(again.outcomes.map((o) => [o.status, o.versionNo])).toEqual([['accepted', 1], ['accepted', 1]]);

    // A failure with existing records rolls back their version bump too.
    const bumped = item(0, penalty(k, { data: { fineAmountWan: '9', penaltyContent: '罚款人民币9万元' } }));
    const mid = await counts(db);
    await expect(storeSubmission(db, submission({ recordCount: 1 }), [bumped], policy, () => {
      throw new Error('again');
    })).rejects.toThrow('again');
    expect(await counts(db)).toEqual(mid);
    const r = await db.query<{ current_version_no: number }>('SELECT current_version_no FROM records WHERE id = $1', [bumped.recordId]);
    expect(r.rows[0]!.current_version_no).toBe(1);
    expect((await deliveriesOf(db, bumped.recordId)).map((d) => d.state)).toEqual(['pending']);
  });

  it('a version body is kept as the canonical text the gateway wrote (json, migration 013), meta appended', async () => {
    const it0 = item(0, penalty(next()), ['municipal']);
    const { sub } = await store(db, [it0]);
    const v = await db.query<{ text: string; type: string }>('SELECT body::text AS text, pg_typeof(body)::text AS type FROM record_versions WHERE submission_id = $1', [sub.id]);
    expect(v.rows[0]!.type).toBe('json');
    const meta = { departmentId: DEPT, adapter: 'canonical-json', receivedAt: sub.receivedAt, submissionId: sub.id };
    expect(v.rows[0]!.text).toBe(`${canonicalJson(it0.record).slice(0, -1)},"meta":${JSON.stringify(meta)}}`);
    // A version the gateway makes itself (the lifecycle run) comes without its JSON: the store writes it canonical too.
    const { json: _json, ...bare } = item(0, penalty(next()), ['municipal']);
    const own = await store(db, [bare]);
    const w = await db.query<{ text: string }>('SELECT body::text AS text FROM record_versions WHERE submission_id = $1', [own.sub.id]);
    expect(w.rows[0]!.text).toBe(`${canonicalJson(bare.record).slice(0, -1)},"meta":${JSON.stringify({ departmentId: DEPT, adapter: 'canonical-json', receivedAt: own.sub.receivedAt, submissionId: own.sub.id })}}`);
  });

  it('migration 013 turns stored jsonb bodies into json without changing their content; -> and ->> and claims read them as before', async () => {
    const o = await open();
    try {
      await migrate(o.db);
      const items = [item(0, penalty(next()), ['municipal']), item(1, licence(next()), ['municipal'])];
      const { sub } = await store(o.db, items);
      // The store as it was before 013: jsonb bodies (jsonb's own key order), 013 not applied.
      await o.db.query('ALTER TABLE record_versions ALTER COLUMN body TYPE jsonb USING body::jsonb');
      await o.db.query(`DELETE FROM schema_migrations WHERE name = '013_version_bodies_json.sql'`);
      const before = await o.db.query<{ body: Record<string, unknown>; text: string }>('SELECT body, body::text AS text FROM record_versions WHERE submission_id = $1 ORDER BY result_index', [sub.id]);
      expect(await migrate(o.db)).toEqual(['013_version_bodies_json.sql']);
      const after = await o.db.query<{ body: Record<string, unknown>; text: string; type: string; name: string }>(
        `SELECT body, body::text AS text, pg_typeof(body)::text AS type, body->'subject'->>'name' AS name FROM record_versions WHERE submission_id = $1 ORDER BY result_index`, [sub.id]);
      expect(after.rows.map((r) => r.type)).toEqual(['json', 'json']);
      expect(after.rows.map((r) => r.body)).toEqual(before.rows.map((r) => r.body));
      // The text too: what the jsonb rows printed is what the json rows keep.
      expect(after.rows.map((r) => r.text)).toEqual(before.rows.map((r) => r.text));
      expect(after.rows.map((r) => r.name)).toEqual(items.map((i) => i.record.subject.name));
      const ids = (await o.db.query<{ id: number }>('SELECT id FROM deliveries WHERE record_id = ANY($1::uuid[]) ORDER BY id', [items.map((i) => i.recordId)])).rows.map((r) => Number(r.id));
      const { claimed } = await claimDeliveries(o.db, ids, 'job-013', 60_000);
      expect(claimed.map((c) => c.record)).toEqual(items.map((i) => JSON.parse(canonicalJson(i.record))));
    } finally {
      await o.close();
    }
  });

  it('a submission\'s answer is stored as json (migration 014); an answer stored before 014 in `response` is still what a replay and the submission view give', async () => {
    const key = `k-${randomUUID()}`;
    const first = await store(db, [item(0, penalty(next()), ['municipal'])], { idempotencyKey: key });
    const fresh = await store(db, [item(0, penalty(next()), ['municipal'])]);
    for (const id of [first.sub.id, fresh.sub.id]) {
      const row = (await db.query<{ type: string; old: unknown }>('SELECT pg_typeof(answer)::text AS type, response AS old FROM submissions WHERE id = $1', [id])).rows[0]!;
      expect(row).toEqual({ type: 'json', old: null });
      expect((await getSubmission(db, id))!.response).toEqual(id === first.sub.id ? first.response : fresh.response);
    }
    // As a submission stored before 014 has it: the answer in the jsonb column, none in `answer`.
    await db.query('UPDATE submissions SET response = answer::jsonb, answer = NULL WHERE id = $1', [first.sub.id]);
    expect((await getSubmission(db, first.sub.id))!.response).toEqual(first.response);
    const replay = await storeSubmission(db, submission({ recordCount: 1, idempotencyKey: key }), [item(0, penalty(next()), ['municipal'])], policy, respond);
    expect(replay).toMatchObject({ kind: 'existing', response: first.response, requestHash: first.sub.requestHash });
  });

  it('after every flow above, each version and delivery names a stored record, and each delivery a stored version (no foreign keys since migration 010: the writers keep it)', async () => {
    const c = await counts(db);
    expect(c.versions).toBeGreaterThan(20);
    expect(c.deliveries).toBeGreaterThan(20);
    const orphans = await db.query<{ versions: number; deliveries: number; unversioned: number }>(
      `SELECT (SELECT count(*)::int FROM record_versions v WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = v.record_id)) AS versions,
              (SELECT count(*)::int FROM deliveries d WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = d.record_id)) AS deliveries,
              (SELECT count(*)::int FROM deliveries d WHERE NOT EXISTS (SELECT 1 FROM record_versions v WHERE v.record_id = d.record_id AND v.version_no = d.version_no)) AS unversioned`,
    );
    expect(orphans.rows[0]).toEqual({ versions: 0, deliveries: 0, unversioned: 0 });
    // And the constraints are gone (the measured cost), the stored answers compressed as the raw bodies are.
    const fks = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('record_versions'::regclass, 'deliveries'::regclass)`);
    expect(fks.rows[0]!.n).toBe(0);
    const compression = await db.query<{ c: string }>(`SELECT attcompression AS c FROM pg_attribute WHERE attrelid = 'submissions'::regclass AND attname = 'answer'`);
    expect(compression.rows[0]?.c).toBe(name === 'PostgreSQL' ? 'l' : '');
  });
});

describe('PostgreSQL prepared statements across a migration', () => {
  it('a claim and a locking store prepared before a column changed type are prepared again, not failed (cached plan must not change result type)', async () => {
    // One connection, so the second use of each statement meets the plan the first one prepared.
    const p = await freshPostgres(1);
    try {
      await migrate(p.db);
      const na = next();
      const [a, b] = [item(0, penalty(na)), item(1, penalty(next()))];
      await store(p.db, [a, b], { idempotencyKey: `k-${randomUUID()}` });
      const ids = (await p.db.query<{ id: number }>('SELECT id FROM deliveries WHERE record_id = ANY($1::uuid[]) ORDER BY id', [[a.recordId, b.recordId]])).rows.map((r) => Number(r.id));
      expect((await claimDeliveries(p.db, [ids[0]!], 'job-a', 60_000)).claimed).toHaveLength(1);
      // What a migration run by another process does under this one's feet: a result column changes
      // type (the claim's body, as migration 013 did). The claim's connection goes, the claim runs on a new one.
      await p.db.query('ALTER TABLE record_versions ALTER COLUMN body TYPE jsonb USING body::jsonb');
      const again = await claimDeliveries(p.db, [ids[1]!], 'job-b', 60_000);
      expect(again.claimed.map((c) => c.record)).toEqual([JSON.parse(canonicalJson(b.record))]);
      // The locking way (an Idempotency-Key), its lock query prepared on the new connection, then a
      // column it returns changes type: the transaction fails once and runs again.
      await store(p.db, [item(0, penalty(next()))], { idempotencyKey: `k-${randomUUID()}` });
      await p.db.query('ALTER TABLE records ALTER COLUMN lifecycle_rule TYPE varchar(200)');
      const newer = item(0, penalty(na, { data: { fineAmountWan: '3', penaltyContent: '罚款人民币3万元' } }));
      expect(newer.recordId).toBe(a.recordId);
      const { outcomes } = await store(p.db, [newer], { idempotencyKey: `k-${randomUUID()}` });
      expect(outcomes.map((o) => [o.status, o.versionNo])).toEqual([['accepted', 2]]);
    } finally {
      await p.drop();
    }
  });
});

describe('embedded PostgreSQL (PGlite) on disk', () => {
  it('a new data directory is initialised (in a child process), migrated, and keeps its data across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cgw-pglite-'));
    try {
      const first = await openPglite(join(dir, 'db'));
      expect(existsSync(join(dir, 'db', 'PG_VERSION'))).toBe(true);
      await migrate(first);
      await first.query('CREATE TABLE probe (n int)');
      await first.query('INSERT INTO probe VALUES (42)');
      await first.close();
      const again = await openPglite(join(dir, 'db'));
      expect(await migrate(again)).toEqual([]);
      expect((await again.query<{ n: number }>('SELECT n FROM probe')).rows).toEqual([{ n: 42 }]);
      expect((await again.query<{ s: string }>(`SELECT current_setting('shared_buffers') AS s`)).rows[0]!.s).toBe('32MB');
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
