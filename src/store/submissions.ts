import type { RecordIssue } from '../errors/index.ts';
import type { CanonicalRecord, RecordMeta } from '../model/index.ts';
import { recordDate, subjectId } from '../model/index.ts';
import type { Database, Sql } from './db.ts';
import { chunkRows, valuesList } from './sql-util.ts';

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
}

export interface EnqueueRequest {
  target: string;
  jobId: string;
  deliveryIds: number[];
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
  batchSizeOf: (target: string) => number,
  respond: (outcomes: StoredOutcome[]) => R,
  /** Targets in batch mode: their deliveries wait, without a job, for the nightly package. */
  deferred: (target: string) => boolean = () => false,
): Promise<StoreResult<R>> {
  const insertSubmission = (tx: Sql, counts: [number, number, number] | null, response: R | null) =>
    tx.query(
      `INSERT INTO submissions (id, department_id, idempotency_key, request_hash, adapter, content_type, received_at, record_count, raw, header, accepted, rejected, unchanged, response)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10::jsonb,$11,$12,$13,$14::jsonb) ON CONFLICT DO NOTHING RETURNING id`,
      [
        sub.id, sub.departmentId, sub.idempotencyKey ?? null, sub.requestHash, sub.adapter, sub.contentType ?? null, sub.receivedAt, sub.recordCount, sub.raw,
        sub.header ? JSON.stringify(sub.header) : null, counts?.[0] ?? 0, counts?.[1] ?? 0, counts?.[2] ?? 0, response === null ? null : JSON.stringify(response),
      ],
    );
  const attempt = () => db.transaction(async (tx): Promise<StoreResult<R>> => {
    // With an Idempotency-Key the row goes in first: a concurrent twin waits on it and then finds it.
    // Without one, it goes in once, at the end, answer included.
    if (sub.idempotencyKey) {
      const inserted = await insertSubmission(tx, null, null);
      if (inserted.rowCount === 0) return { kind: 'existing', requestHash: '', response: null };
    }
    const { outcomes, versions } = await writeVersions(tx, sub, records);
    const jobs = await writeDeliveries(tx, sub.id, versions, batchSizeOf, deferred);
    const accepted = outcomes.filter((o) => o.status === 'accepted').length;
    const response = respond(outcomes);
    if (sub.idempotencyKey) {
      await tx.query('UPDATE submissions SET accepted = $2, rejected = $3, unchanged = $4, response = $5::jsonb WHERE id = $1', [
        sub.id, accepted, sub.rejected, outcomes.length - accepted, JSON.stringify(response),
      ]);
    } else {
      await insertSubmission(tx, [accepted, sub.rejected, outcomes.length - accepted], response);
    }
    return { kind: 'stored', outcomes, response, jobs };
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
      'SELECT request_hash, response FROM submissions WHERE department_id = $1 AND idempotency_key = $2',
      [sub.departmentId, sub.idempotencyKey],
    );
    const row = prior.rows[0];
    return { kind: 'existing', requestHash: row?.request_hash ?? '', response: row?.response ?? null };
  }
  return result;
}

/** The document number operators search by (文书号), whatever the record type calls it. */
function docNo(rec: CanonicalRecord): string | null {
  const d = rec.data as unknown as Record<string, unknown>;
  const v = d.decisionNo ?? d.decisionDocNo ?? d.docNo ?? d.orderNo ?? d.reportNo ?? rec.sourceRecordId;
  return typeof v === 'string' ? v : null;
}

interface NewVersion {
  recordId: string;
  versionNo: number;
  targets: readonly string[];
}

/** A concurrent transaction created one of our new records first: run the whole transaction again. */
export class RetryTransaction extends Error {}

async function writeVersions(tx: Sql, sub: SubmissionRow, records: readonly RecordToStore[]): Promise<{ outcomes: StoredOutcome[]; versions: NewVersion[] }> {
  if (records.length === 0) return { outcomes: [], versions: [] };
  // Lock in id order so concurrent submissions touching the same records cannot deadlock.
  const ids = [...new Set(records.map((r) => r.recordId))].sort();
  const current = await tx.query<{ id: string; current_version_no: number; current_version: string }>(
    'SELECT id, current_version_no, current_version FROM records WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
    [ids],
  );
  const existing = new Set(current.rows.map((r) => r.id));
  const state = new Map(current.rows.map((r) => [r.id, { no: r.current_version_no, version: r.current_version }]));
  for (const id of ids) if (!state.has(id)) state.set(id, { no: 0, version: '' });

  const meta: RecordMeta = { departmentId: sub.departmentId, adapter: sub.adapter, receivedAt: sub.receivedAt, submissionId: sub.id };
  const outcomes: StoredOutcome[] = [];
  const rows: Array<{ r: RecordToStore; no: number }> = [];
  for (const r of records) {
    const s = state.get(r.recordId)!;
    if (s.version === r.version) {
      outcomes.push({ index: r.index, recordId: r.recordId, status: 'unchanged', version: r.version, versionNo: s.no });
      continue;
    }
    s.no += 1;
    s.version = r.version;
    rows.push({ r, no: s.no });
    outcomes.push({ index: r.index, recordId: r.recordId, status: 'accepted', version: r.version, versionNo: s.no });
  }

  // Each changed record's newest version (the last one of this submission wins); new records are
  // inserted with it directly, existing ones updated.
  const latest = [...new Map(rows.map((x) => [x.r.recordId, x])).values()].sort((a, b) => (a.r.recordId < b.r.recordId ? -1 : 1));
  const fresh = latest.filter((x) => !existing.has(x.r.recordId));
  const changed = latest.filter((x) => existing.has(x.r.recordId));
  const cols = (x: { r: RecordToStore; no: number }) => {
    const lc = x.r.lifecycle;
    const revoke = x.r.record.operation === 'revoke';
    return [
      x.r.recordId, x.r.key, x.r.record.recordType, sub.departmentId, x.r.record.subject.name, x.r.record.subject.uscc ?? null, subjectId(x.r.record.subject),
      x.no, x.r.version, x.r.record.operation, recordDate(x.r.record), docNo(x.r.record),
      revoke ? 'withdrawn' : 'active', lc?.plan?.rule ?? null, lc?.plan?.minEnd ?? null, lc?.plan?.end ?? null,
      revoke ? (lc?.withdrawReason ?? 'REVOKED_BY_DEPARTMENT') : null,
      lc?.timeliness?.delayWorkingDays ?? null, lc?.timeliness?.late ?? null,
    ];
  };
  const casts = ['uuid', '', '', '', '', '', '', 'int', '', '', 'date', '', '', '', 'date', 'date', '', 'int', 'boolean'];
  for (const chunk of chunkRows(fresh, casts.length)) {
    const res = await tx.query(
      `INSERT INTO records (id, record_key, record_type, department_id, subject_name, subject_uscc, subject_id, current_version_no, current_version, operation,
                            decision_date, doc_no, lifecycle_state, lifecycle_rule, publicity_min_end, publicity_end, withdrawn_reason, report_delay_days, reported_late,
                            withdrawn_at, first_received_at)
       SELECT v.*, CASE WHEN v.wreason IS NULL THEN NULL ELSE now() END, $${chunk.length * casts.length + 1}::timestamptz
       FROM (VALUES ${valuesList(chunk.length, casts)}) AS v(id, rkey, rtype, dept, name, uscc, sid, no, version, op, ddate, docno, lstate, lrule, pmin, pend, wreason, delay, late)
       ON CONFLICT (id) DO NOTHING`,
      [...chunk.flatMap(cols), sub.receivedAt],
    );
    if (res.rowCount < chunk.length) throw new RetryTransaction('a concurrent submission created the same record');
  }
  for (const chunk of chunkRows(changed, casts.length)) {
    await tx.query(
      `UPDATE records AS r SET current_version_no = v.no, current_version = v.version, operation = v.op, subject_name = v.name,
              subject_uscc = v.uscc, decision_date = v.ddate, doc_no = v.docno, lifecycle_state = v.lstate, lifecycle_rule = v.lrule,
              publicity_min_end = v.pmin, publicity_end = v.pend, withdrawn_reason = v.wreason,
              withdrawn_at = CASE WHEN v.wreason IS NULL THEN NULL ELSE now() END, updated_at = now()
       FROM (VALUES ${valuesList(chunk.length, casts)}) AS v(id, rkey, rtype, dept, name, uscc, sid, no, version, op, ddate, docno, lstate, lrule, pmin, pend, wreason, delay, late)
       WHERE r.id = v.id`,
      chunk.flatMap(cols),
    );
  }
  for (const chunk of chunkRows(rows, 8)) {
    await tx.query(
      `INSERT INTO record_versions (record_id, version_no, version, operation, body, submission_id, result_index, warnings)
       VALUES ${valuesList(chunk.length, ['uuid', 'int', '', '', 'jsonb', 'uuid', 'int', 'jsonb'])}`,
      chunk.flatMap(({ r, no }) => [
        r.recordId, no, r.version, r.record.operation, JSON.stringify({ ...r.record, meta }), sub.id, r.index,
        r.warnings.length ? JSON.stringify(r.warnings) : null,
      ]),
    );
  }
  const versions = rows.map(({ r, no }) => ({ recordId: r.recordId, versionNo: no, targets: r.targets }));
  return { outcomes, versions };
}

async function writeDeliveries(tx: Sql, submissionId: string, versions: readonly NewVersion[], batchSizeOf: (target: string) => number, deferred: (target: string) => boolean): Promise<EnqueueRequest[]> {
  if (versions.length === 0) return [];
  const byTarget = new Map<string, NewVersion[]>();
  for (const v of versions) for (const t of v.targets) byTarget.set(t, [...(byTarget.get(t) ?? []), v]);
  // A newer version supersedes any older one not yet handed to that platform (only on the targets the
  // new version goes to: a target it is no longer routed to keeps its pending delivery).
  for (const [target, list] of byTarget) {
    // Only records that had a version before can have a pending older delivery.
    const older = [...new Set(list.filter((v) => v.versionNo > 1).map((v) => v.recordId))];
    if (older.length === 0) continue;
    await tx.query(`UPDATE deliveries SET state = 'superseded', updated_at = now() WHERE record_id = ANY($1::uuid[]) AND target = $2 AND state = 'pending'`, [older, target]);
  }
  const jobs: EnqueueRequest[] = [];
  for (const [target, list] of byTarget) {
    const size = batchSizeOf(target);
    // Only the newest version of a record within this submission needs pushing.
    const newest = [...new Map(list.map((v) => [v.recordId, v])).values()];
    const superseded = list.filter((v) => !newest.includes(v));
    const wait = deferred(target);
    for (let i = 0, n = 0; i < newest.length; i += size, n++) {
      const chunk = newest.slice(i, i + size);
      const jobId = wait ? null : `${submissionId}_${target}_${n}`;
      const res = await tx.query<{ id: number }>(
        `INSERT INTO deliveries (record_id, version_no, target, state, job_id)
         VALUES ${valuesList(chunk.length, ['uuid', 'int', '', '', ''])} RETURNING id`,
        chunk.flatMap((v) => [v.recordId, v.versionNo, target, 'pending', jobId]),
      );
      if (jobId) jobs.push({ target, jobId, deliveryIds: res.rows.map((r) => Number(r.id)) });
    }
    for (const chunk of chunkRows(superseded, 5)) {
      await tx.query(
        `INSERT INTO deliveries (record_id, version_no, target, state, job_id) VALUES ${valuesList(chunk.length, ['uuid', 'int', '', '', ''])}`,
        chunk.flatMap((v) => [v.recordId, v.versionNo, target, 'superseded', null]),
      );
    }
  }
  return jobs;
}
