import type { RecordIssue } from '../errors/index.ts';
import { canonicalJson, type CanonicalRecord, type RecordMeta } from '../model/index.ts';
import type { Database, Sql } from './db.ts';
import { recordColumns, type RecordColumns } from './record-columns.ts';
import { jsonRows, jsonValue } from './sql-util.ts';
import { jsonArrayBytes, utf8Concat, type Piece } from '../util/utf8.ts';

export interface SubmissionRow {
  id: string;
  departmentId: string;
  idempotencyKey?: string;
  requestHash: string;
  adapter: string;
  contentType?: string;
  receivedAt: string;
  raw: Uint8Array;
  header?: Record<string, string>;
  recordCount: number;
  rejected: number;
}

export interface RecordToStore {
  index: number;
  recordId: string;
  key: string;
  version: string;
  record: CanonicalRecord;
  /**
   * `record` as canonical JSON when the caller has it (it is then stored as is, meta added): text, or
   * its UTF-8 bytes (what an ingest thread hands over). Without it the store makes it.
   */
  json?: string | Uint8Array;
  /** `record`'s columns when the caller computed them (an ingest thread); they must describe `record`. */
  columns?: RecordColumns;
  warnings: RecordIssue[];
  /** Target ids the record is routed to. */
  targets: readonly string[];
  /** When publication ends and how late the record was reported (computed from configuration by the caller). */
  lifecycle?: RecordLifecycle;
}

export interface RecordLifecycle {
  plan: { rule: string; minEnd: string | null; end: string } | null;
  timeliness: { delayWorkingDays: number; late: boolean } | null;
  /** Set on versions the gateway itself generates to withdraw a record (e.g. PUBLICITY_EXPIRED). */
  withdrawReason?: string;
}

export interface StoredOutcome {
  index: number;
  recordId: string;
  status: 'accepted' | 'unchanged';
  version: string;
  versionNo: number;
  /** The stored version's warnings when they are not the item's (the record was held withdrawn). */
  warnings?: RecordIssue[];
}

/** What the store knows of a record a granted repair withdrew, for the caller to make a new version of it withdrawn too. */
export interface HeldWithdrawal {
  reason: string;
  plan: RecordLifecycle['plan'];
}

/**
 * The item as a withdrawn (revoke) version with a warning saying why: the store asks for it when a new
 * version arrives for a record a granted repair took down, which must stay down (and keep that reason).
 * The caller owns the model (canonical JSON, version); the store only knows the record's state.
 */
export type HoldWithdrawn = (item: RecordToStore, held: HeldWithdrawal) => RecordToStore;

/** Records that stay withdrawn whatever their department sends, and why. */
const HELD_REASONS = ['REPAIR_GRANTED'];

export interface EnqueueRequest {
  target: string;
  jobId: string;
  deliveryIds: number[];
  /** The target's coalescing job: it pushes every delivery marked COALESCED_JOB (jobId and deliveryIds unused). */
  coalesce?: true;
}

/** The job_id of deliveries waiting for their target's coalescing job (small submissions). */
export const COALESCED_JOB = 'coalesce';

/** How the outbox treats each target's deliveries (from the targets' configuration: `deliveryPolicy`). */
export interface OutboxPolicy {
  /** Deliveries per job. */
  batchSize(target: string): number;
  /** Batch mode: the deliveries wait, without a job, for the nightly package. */
  deferred?(target: string): boolean;
  /** Below this many deliveries for a target, a submission's go to the target's coalescing job (0: never). */
  coalesceBelow?(target: string): number;
}

export type StoreResult<R> =
  | { kind: 'stored'; outcomes: StoredOutcome[]; response: R; jobs: EnqueueRequest[] }
  | { kind: 'existing'; requestHash: string; response: R | null };

/**
 * Stores a submission, its accepted record versions and their pending deliveries in one
 * transaction (the outbox). The caller enqueues `jobs` after commit; the sweeper covers a crash
 * in between.
 */
export async function storeSubmission<R>(
  db: Database,
  sub: SubmissionRow,
  records: readonly RecordToStore[],
  policy: OutboxPolicy,
  respond: (outcomes: StoredOutcome[]) => R,
  holdWithdrawn?: HoldWithdrawn,
): Promise<StoreResult<R>> {
  // A small submission without an Idempotency-Key is first stored as if all its records were new: one
  // statement, committed on its own (no BEGIN, lock query or COMMIT round trips). If any record exists
  // already the statement writes nothing (or, created concurrently, fails on its version's unique key),
  // and the submission then goes the locking way below.
  if (!sub.idempotencyKey && records.length > 0 && records.length <= OPTIMISTIC_MAX_RECORDS) {
    const stored = await storeAsNew(db, sub, records, policy, respond);
    if (stored) return stored;
  }
  const attempt = () => db.transaction(async (tx): Promise<StoreResult<R>> => {
    // With an Idempotency-Key the row goes in first: a concurrent twin waits on it and then finds it.
    // Without one, it goes in once, at the end, answer included.
    if (sub.idempotencyKey) {
      const inserted = await tx.query(INSERT_SUBMISSION_FIRST, submissionParams(sub, null, null));
      if (inserted.rowCount === 0) return { kind: 'existing', requestHash: '', response: null };
    }
    return planAndWrite(tx, sub, records, policy, respond, false, holdWithdrawn);
  });
  let result: StoreResult<R> | undefined;
  for (let i = 0; !result; i++) {
    try {
      result = await attempt();
    } catch (e) {
      if (!(e instanceof RetryTransaction) || i >= 4) throw e;
    }
  }
  if (result.kind === 'existing' && sub.idempotencyKey) {
    const prior = await db.query<{ request_hash: string; response: R | null }>(
      `SELECT request_hash, ${SUBMISSION_ANSWER} AS response FROM submissions WHERE department_id = $1 AND idempotency_key = $2`,
      [sub.departmentId, sub.idempotencyKey],
    );
    const row = prior.rows[0];
    return { kind: 'existing', requestHash: row?.request_hash ?? '', response: row?.response ?? null };
  }
  return result;
}

/** The columns of a records row as json_to_recordset reads them. */
const RECORD_COLUMNS = `id uuid, rkey text, rtype text, name text, uscc text, sid text, no int, version text, op text, ddate date, docno text,
  lstate text, lrule text, pmin date, pend date, wreason text, delay int, late boolean`;

interface NewVersion {
  recordId: string;
  versionNo: number;
  targets: readonly string[];
}

/** A concurrent transaction created one of our new records first: run the whole transaction again. */
export class RetryTransaction extends Error {
  /** 'unique': a unique violation rolled the statement back; 'short': fewer new records went in than planned. */
  constructor(message: string, readonly why: 'unique' | 'short') {
    super(message);
  }
}

interface VersionPlan {
  outcomes: StoredOutcome[];
  versions: NewVersion[];
  /** records rows to insert (new records) and to update (existing ones), as json_to_recordset reads them. */
  fresh: object[];
  changed: object[];
  /** record_versions rows, as one json array (UTF-8 bytes), each naming its body's bytes in `bodies`. */
  rows: Buffer;
  /** The versions' bodies (JSON, UTF-8), one after the other. */
  bodies: Buffer;
}

/** Submissions up to this size try the one-statement way first (storeAsNew). */
const OPTIMISTIC_MAX_RECORDS = 20;

/** Plans the versions and deliveries and writes them with the answer; `asNew`: as storeAsNew does, in one gated statement. */
async function planAndWrite<R>(sql: Sql, sub: SubmissionRow, records: readonly RecordToStore[], policy: OutboxPolicy, respond: (outcomes: StoredOutcome[]) => R, asNew: boolean, holdWithdrawn?: HoldWithdrawn): Promise<StoreResult<R>> {
  const plan = await planVersions(sql, sub, records, { assumeNew: asNew, holdWithdrawn });
  const deliveries = planDeliveries(sub.id, plan.versions, policy);
  const accepted = plan.outcomes.filter((o) => o.status === 'accepted').length;
  const response = respond(plan.outcomes);
  const jobs = await writeAll(sql, sub, plan, deliveries, [accepted, sub.rejected, plan.outcomes.length - accepted], response, asNew);
  return { kind: 'stored', outcomes: plan.outcomes, response, jobs };
}

/** storeSubmission's first try for small submissions: undefined when a record exists already (nothing was written). */
async function storeAsNew<R>(db: Database, sub: SubmissionRow, records: readonly RecordToStore[], policy: OutboxPolicy, respond: (outcomes: StoredOutcome[]) => R): Promise<StoreResult<R> | undefined> {
  // No hold to ask about: every record is new here (the statement writes nothing otherwise).
  try {
    return await planAndWrite(db, sub, records, policy, respond, true);
  } catch (e) {
    // 'short': a record exists, the statement wrote nothing (its gate); 'unique': one was created
    // concurrently, the statement was rolled back.
    if (e instanceof RetryTransaction) return undefined;
    throw e;
  }
}

/**
 * Locks the submission's existing records and decides, per record, unchanged or the next version
 * number; with `assumeNew`, without a query, as if none of them existed (storeAsNew).
 */
async function planVersions(tx: Sql, sub: SubmissionRow, input: readonly RecordToStore[], opts: { assumeNew?: boolean; holdWithdrawn?: HoldWithdrawn } = {}): Promise<VersionPlan> {
  const meta: RecordMeta = { departmentId: sub.departmentId, adapter: sub.adapter, receivedAt: sub.receivedAt, submissionId: sub.id };
  if (input.length === 0) return { outcomes: [], versions: [], fresh: [], changed: [], ...versionRows([], meta) };
  // Lock in id order so concurrent submissions touching the same records cannot deadlock.
  const ids = [...new Set(input.map((r) => r.recordId))].sort();
  const current = opts.assumeNew
    ? []
    : (await tx.query<{ id: string; current_version_no: number; current_version: string; withdrawn_reason: string | null; lifecycle_rule: string | null; publicity_min_end: string | null; publicity_end: string | null }>(
        `SELECT id, current_version_no, current_version, withdrawn_reason, lifecycle_rule, publicity_min_end::text, publicity_end::text
         FROM records WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [ids],
        { prepare: true },
      )).rows;
  const existing = new Set(current.map((r) => r.id));
  const state = new Map(current.map((r) => [r.id, { no: r.current_version_no, version: r.current_version }]));
  for (const id of ids) if (!state.has(id)) state.set(id, { no: 0, version: '' });
  // A record a granted repair took down stays down: any new version for it (an upsert, or a revoke of
  // the department's, which must not replace the reason either) is stored withdrawn, for that reason.
  const held = new Map(current.filter((r) => r.withdrawn_reason && HELD_REASONS.includes(r.withdrawn_reason)).map((r) => [r.id, r]));
  const records = held.size === 0 || !opts.holdWithdrawn
    ? input
    : input.map((r) => {
        const h = held.get(r.recordId);
        if (!h) return r;
        const plan = h.lifecycle_rule && h.publicity_end ? { rule: h.lifecycle_rule, minEnd: h.publicity_min_end, end: h.publicity_end } : null;
        return opts.holdWithdrawn!(r, { reason: h.withdrawn_reason!, plan });
      });

  const outcomes: StoredOutcome[] = [];
  const rows: Array<{ r: RecordToStore; no: number }> = [];
  records.forEach((r, i) => {
    const s = state.get(r.recordId)!;
    const warnings = r === input[i] ? {} : { warnings: r.warnings };
    if (s.version === r.version) {
      outcomes.push({ index: r.index, recordId: r.recordId, status: 'unchanged', version: r.version, versionNo: s.no, ...warnings });
      return;
    }
    s.no += 1;
    s.version = r.version;
    rows.push({ r, no: s.no });
    outcomes.push({ index: r.index, recordId: r.recordId, status: 'accepted', version: r.version, versionNo: s.no, ...warnings });
  });

  // Each changed record's newest version (the last one of this submission wins); new records are
  // inserted with it directly, existing ones updated.
  const latest = [...new Map(rows.map((x) => [x.r.recordId, x])).values()].sort((a, b) => (a.r.recordId < b.r.recordId ? -1 : 1));
  const recordRow = (x: { r: RecordToStore; no: number }) => {
    const lc = x.r.lifecycle;
    const c = columnsOf(x.r);
    const revoke = c.op === 'revoke';
    return {
      id: x.r.recordId, rkey: x.r.key, ...c, no: x.no, version: x.r.version,
      lstate: revoke ? 'withdrawn' : 'active', lrule: lc?.plan?.rule ?? null, pmin: lc?.plan?.minEnd ?? null, pend: lc?.plan?.end ?? null,
      wreason: revoke ? (lc?.withdrawReason ?? 'REVOKED_BY_DEPARTMENT') : null,
      delay: lc?.timeliness?.delayWorkingDays ?? null, late: lc?.timeliness?.late ?? null,
    };
  };
  return {
    outcomes,
    versions: rows.map(({ r, no }) => ({ recordId: r.recordId, versionNo: no, targets: r.targets })),
    fresh: latest.filter((x) => !existing.has(x.r.recordId)).map(recordRow),
    changed: latest.filter((x) => existing.has(x.r.recordId)).map(recordRow),
    ...versionRows(rows, meta),
  };
}

/**
 * The record_versions rows as one json array, and their bodies as one run of bytes that each row
 * points into (1-based offset and length): the statement slices each body out and stores it as json.
 * Inside the rows' document PostgreSQL would lex every body twice, reading the recordset and then
 * checking the json column (measured, 848-byte bodies, 500 a statement: 24.6-25.8 against 10.0-13.2
 * µs of PostgreSQL CPU per version). Each record's canonical JSON (from validation) is reused as its
 * body instead of serialised again, with the meta appended.
 */
function versionRows(rows: ReadonlyArray<{ r: RecordToStore; no: number }>, meta: RecordMeta): { rows: Buffer; bodies: Buffer } {
  const metaTail = Buffer.from(`,"meta":${JSON.stringify(meta)}}`);
  const pieces: Piece[] = [];
  let offset = 1;
  const heads = rows.map(({ r, no }) => {
    // The caller's canonical JSON, or (the gateway's own versions: the lifecycle run) made here.
    const body = typeof r.json === 'string' ? Buffer.from(r.json) : (r.json ?? Buffer.from(canonicalJson(r.record)));
    let length: number;
    // An object with at least one member: its closing brace gives way to the meta.
    if (body.length >= 3 && body[body.length - 1] === 0x7d) {
      pieces.push(body.subarray(0, body.length - 1), metaTail);
      length = body.length - 1 + metaTail.length;
    } else {
      const whole = Buffer.from(JSON.stringify({ ...r.record, meta }));
      pieces.push(whole);
      length = whole.length;
    }
    const head = JSON.stringify({ id: r.recordId, no, version: r.version, op: r.columns?.op ?? r.record.operation, idx: r.index, warnings: r.warnings.length ? r.warnings : null, off: offset, len: length });
    offset += length;
    return head;
  });
  return { rows: jsonArrayBytes(heads), bodies: utf8Concat(pieces) };
}

const columnsOf = (r: RecordToStore): RecordColumns => r.columns ?? recordColumns(r.record);

interface DeliveryPlan {
  /** Older pending deliveries to supersede: record and target. */
  supersede: Array<{ id: string; t: string }>;
  rows: Array<{ id: string; no: number; t: string; s: 'pending' | 'superseded'; j: string | null }>;
  jobs: Array<{ target: string; jobId: string; coalesce?: true }>;
}

function planDeliveries(submissionId: string, versions: readonly NewVersion[], policy: OutboxPolicy): DeliveryPlan {
  const byTarget = new Map<string, NewVersion[]>();
  for (const v of versions) for (const t of v.targets) (byTarget.get(t) ?? byTarget.set(t, []).get(t)!).push(v);
  const plan: DeliveryPlan = { supersede: [], rows: [], jobs: [] };
  for (const [target, list] of byTarget) {
    // A newer version supersedes any older one not yet handed to that platform (only on the targets the
    // new version goes to: a target it is no longer routed to keeps its pending delivery). Only records
    // that had a version before can have one.
    for (const id of new Set(list.filter((v) => v.versionNo > 1).map((v) => v.recordId))) plan.supersede.push({ id, t: target });
    const size = policy.batchSize(target);
    // Only the newest version of a record within this submission needs pushing; the job of each is decided here.
    const newest = [...new Map(list.map((v) => [v.recordId, v])).values()];
    const wait = policy.deferred?.(target) ?? false;
    // A few records for this target: pushed with other small submissions' by the coalescing job.
    const coalesce = !wait && newest.length < (policy.coalesceBelow?.(target) ?? 0);
    if (coalesce) plan.jobs.push({ target, jobId: COALESCED_JOB, coalesce: true });
    newest.forEach((v, i) => {
      const jobId = wait ? null : coalesce ? COALESCED_JOB : `${submissionId}_${target}_${Math.floor(i / size)}`;
      if (jobId && !coalesce && i % size === 0) plan.jobs.push({ target, jobId });
      plan.rows.push({ id: v.recordId, no: v.versionNo, t: target, s: 'pending', j: jobId });
    });
    if (newest.length < list.length) {
      const kept = new Set(newest);
      for (const v of list) if (!kept.has(v)) plan.rows.push({ id: v.recordId, no: v.versionNo, t: target, s: 'superseded', j: null });
    }
  }
  return plan;
}

/** A submissions row's columns in submissionParams' order, each with the type its parameter is read as. */
const SUBMISSION_COLUMNS = [
  ['id', 'uuid'], ['department_id', 'text'], ['idempotency_key', 'text'], ['request_hash', 'text'], ['adapter', 'text'], ['content_type', 'text'],
  ['received_at', 'timestamptz'], ['record_count', 'int'], ['raw', 'bytea'], ['header', 'jsonb'], ['accepted', 'int'], ['rejected', 'int'], ['unchanged', 'int'],
  ['answer', 'json'],
] as const;

/** The placeholder of `column` when submissionParams' values start at $`first`. */
const submissionParam = (column: (typeof SUBMISSION_COLUMNS)[number][0], first: number) => `$${first + SUBMISSION_COLUMNS.findIndex(([c]) => c === column)}`;

/** Inserts a submission from submissionParams' values, starting at $`first`; `where` may gate it. */
function insertSubmission(first: number, where = ''): string {
  const values = SUBMISSION_COLUMNS.map(([, type], i) => `$${first + i}::${type}`).join(', ');
  return `INSERT INTO submissions (${SUBMISSION_COLUMNS.map(([c]) => c).join(', ')}) SELECT ${values} ${where}`;
}

/** A submission's stored answer: in `answer`, or (stored before migration 014) in the jsonb `response`. */
export const SUBMISSION_ANSWER = 'coalesce(answer, response::json)';

function submissionParams(sub: SubmissionRow, counts: [number, number, number] | null, response: unknown): unknown[] {
  return [
    sub.id, sub.departmentId, sub.idempotencyKey ?? null, sub.requestHash, sub.adapter, sub.contentType ?? null, sub.receivedAt, sub.recordCount, sub.raw,
    sub.header ? JSON.stringify(sub.header) : null, counts?.[0] ?? 0, counts?.[1] ?? 0, counts?.[2] ?? 0, response === null ? null : jsonValue(response),
  ];
}

/**
 * Everything the submission writes after the lock, in one statement (data-modifying CTEs, one round
 * trip; each takes its rows as one JSON document: one parameter to serialise instead of thousands, a
 * constant text PostgreSQL plans once). All parts see the same snapshot: the supersede sees only
 * deliveries older than this submission's. The documents are json, not jsonb: json_to_recordset reads
 * the text as it goes, where jsonb_to_recordset first builds the binary form (measured, 500 records
 * rows a call: PostgreSQL CPU 10-12 against 17-18 µs per row; docs/benchmarks.md, 2026-12-03 evening).
 */
function writeStatement(idempotent: boolean, asNew = false): string {
  // $1–$5: the JSON documents, $6 the versions' bodies (see versionRows); from $7 the submission's own
  // values: all its columns, or, when its row went in first, its id, department and time (which the
  // records need too), its counts and the answer.
  const p = idempotent
    ? { id: '$7', dept: '$8', at: '$9' }
    : { id: submissionParam('id', 7), dept: submissionParam('department_id', 7), at: submissionParam('received_at', 7) };
  // asNew (storeAsNew, no Idempotency-Key): every part writes only if none of the new records exists
  // yet, so a submission touching an existing record writes nothing and is told so (fewer new records
  // than planned) without a failed statement; only a record created concurrently fails it (unique key).
  const gateCte = asNew ? 'gate AS (SELECT NOT EXISTS (SELECT 1 FROM records r JOIN json_to_recordset($1::json) AS g(id uuid) ON r.id = g.id) AS ok), ' : '';
  const where = asNew ? 'WHERE (SELECT ok FROM gate)' : '';
  const and = asNew ? 'AND (SELECT ok FROM gate)' : '';
  const sub = idempotent
    ? 'UPDATE submissions SET accepted = $10, rejected = $11, unchanged = $12, answer = $13::json WHERE id = $7 RETURNING 1'
    : `${insertSubmission(7, where)} RETURNING 1`;
  return `WITH ${gateCte}fresh AS (
      INSERT INTO records (id, record_key, record_type, department_id, subject_name, subject_uscc, subject_id, current_version_no, current_version, operation,
                           decision_date, doc_no, lifecycle_state, lifecycle_rule, publicity_min_end, publicity_end, withdrawn_reason, report_delay_days, reported_late,
                           withdrawn_at, first_received_at)
      SELECT v.id, v.rkey, v.rtype, ${p.dept}, v.name, v.uscc, v.sid, v.no, v.version, v.op, v.ddate, v.docno, v.lstate, v.lrule, v.pmin, v.pend, v.wreason, v.delay, v.late,
             CASE WHEN v.wreason IS NULL THEN NULL ELSE now() END, ${p.at}::timestamptz
      FROM json_to_recordset($1::json) AS v(${RECORD_COLUMNS}) ${where}
      ON CONFLICT (id) DO NOTHING
      RETURNING 1
    ), changed AS (
      UPDATE records AS r SET current_version_no = v.no, current_version = v.version, operation = v.op, subject_name = v.name,
             subject_uscc = v.uscc, decision_date = v.ddate, doc_no = v.docno, lifecycle_state = v.lstate, lifecycle_rule = v.lrule,
             publicity_min_end = v.pmin, publicity_end = v.pend, withdrawn_reason = v.wreason,
             withdrawn_at = CASE WHEN v.wreason IS NULL THEN NULL ELSE now() END, updated_at = now()
      FROM json_to_recordset($2::json) AS v(${RECORD_COLUMNS})
      WHERE r.id = v.id ${and}
      RETURNING 1
    ), versions AS (
      INSERT INTO record_versions (record_id, version_no, version, operation, body, submission_id, result_index, warnings)
      SELECT v.id, v.no, v.version, v.op, convert_from(substring($6::bytea FROM v.off FOR v.len), 'UTF8')::json, ${p.id}::uuid, v.idx, v.warnings::jsonb
      FROM json_to_recordset($3::json) AS v(id uuid, no int, version text, op text, off int, len int, idx int, warnings json) ${where}
      RETURNING 1
    ), superseded AS (
      UPDATE deliveries d SET state = 'superseded', updated_at = now()
      FROM json_to_recordset($4::json) AS o(id uuid, t text)
      WHERE d.record_id = o.id AND d.target = o.t AND d.state = 'pending' ${and}
      RETURNING 1
    ), delivery AS (
      INSERT INTO deliveries (record_id, version_no, target, state, job_id)
      SELECT v.id, v.no, v.t, v.s, v.j FROM json_to_recordset($5::json) AS v(id uuid, no int, t text, s text, j text) ${where}
      RETURNING id, job_id
    ), submission AS (${sub})
    SELECT 'fresh' AS kind, count(*)::bigint AS id, NULL AS job_id FROM fresh
    UNION ALL
    SELECT 'delivery', id, job_id FROM delivery WHERE job_id IS NOT NULL AND job_id <> '${COALESCED_JOB}'`;
}

const WRITE = { plain: writeStatement(false), idempotent: writeStatement(true), asNew: writeStatement(false, true) };

/** With an Idempotency-Key: the submission's row alone, first, unless its twin is there already. */
const INSERT_SUBMISSION_FIRST = `${insertSubmission(1)} ON CONFLICT DO NOTHING RETURNING id`;

async function writeAll(tx: Sql, sub: SubmissionRow, plan: VersionPlan, deliveries: DeliveryPlan, counts: [number, number, number], response: unknown, asNew = false): Promise<EnqueueRequest[]> {
  let res;
  try {
    res = await tx.query<{ kind: 'fresh' | 'delivery'; id: number; job_id: string | null }>(
      sub.idempotencyKey ? WRITE.idempotent : asNew ? WRITE.asNew : WRITE.plain,
      [
        jsonRows(plan.fresh), jsonRows(plan.changed), plan.rows, jsonRows(deliveries.supersede), jsonRows(deliveries.rows), plan.bodies,
        ...(sub.idempotencyKey
          ? [sub.id, sub.departmentId, sub.receivedAt, ...counts, jsonValue(response)]
          : submissionParams(sub, counts, response)),
      ],
      { prepare: true },
    );
  } catch (e) {
    // A concurrent submission created one of our new records (and its first version) after our lock.
    if ((e as { code?: string }).code === '23505') throw new RetryTransaction('a concurrent submission created the same record', 'unique');
    throw e;
  }
  const fresh = Number(res.rows.find((r) => r.kind === 'fresh')?.id ?? 0);
  if (fresh < plan.fresh.length) throw new RetryTransaction('a concurrent submission created the same record', 'short');
  const idsByJob = new Map<string, number[]>();
  for (const r of res.rows) if (r.kind === 'delivery' && r.job_id) (idsByJob.get(r.job_id) ?? idsByJob.set(r.job_id, []).get(r.job_id)!).push(Number(r.id));
  return deliveries.jobs.map(({ target, jobId, coalesce }) =>
    coalesce ? { target, jobId, deliveryIds: [], coalesce } : { target, jobId, deliveryIds: (idsByJob.get(jobId) ?? []).sort((a, b) => a - b) },
  );
}
