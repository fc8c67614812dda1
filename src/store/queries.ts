import type { Database } from './db.ts';
import { partialIndexOf } from './deliveries.ts';
import { SUBMISSION_ANSWER } from './submissions.ts';

export interface SubmissionView {
  submissionId: string;
  departmentId: string;
  adapter: string;
  contentType: string | null;
  receivedAt: string;
  recordCount: number;
  accepted: number;
  rejected: number;
  unchanged: number;
  header: Record<string, string> | null;
  response: unknown;
}

const iso = (d: unknown): string | null => (d instanceof Date ? d.toISOString() : d == null ? null : String(d));

export async function getSubmission(db: Database, id: string): Promise<SubmissionView | null> {
  const r = await db.query<Record<string, unknown>>(
    `SELECT id, department_id, adapter, content_type, received_at, record_count, accepted, rejected, unchanged, header, ${SUBMISSION_ANSWER} AS response FROM submissions WHERE id = $1`,
    [id],
  );
  const s = r.rows[0];
  if (!s) return null;
  return {
    submissionId: s.id as string,
    departmentId: s.department_id as string,
    adapter: s.adapter as string,
    contentType: (s.content_type as string) ?? null,
    receivedAt: iso(s.received_at)!,
    recordCount: s.record_count as number,
    accepted: s.accepted as number,
    rejected: s.rejected as number,
    unchanged: s.unchanged as number,
    header: (s.header as Record<string, string>) ?? null,
    response: s.response,
  };
}

export interface DeliveryView {
  id: number;
  target: string;
  versionNo: number;
  state: string;
  attempts: number;
  lastErrorCode: string | null;
  lastError: string | null;
  receiptId: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export interface RecordLifecycleView {
  state: string;
  rule: string | null;
  publicityMinEnd: string | null;
  publicityEnd: string | null;
  withdrawnReason: string | null;
  withdrawnAt: string | null;
  objectionPending: boolean;
  firstReceivedAt: string | null;
  reportDelayWorkingDays: number | null;
  reportedLate: boolean | null;
}

const dateText = (d: unknown): string | null => (d instanceof Date ? d.toISOString().slice(0, 10) : d == null ? null : String(d));

function lifecycleView(r: Record<string, unknown>): RecordLifecycleView {
  return {
    state: r.lifecycle_state as string,
    rule: (r.lifecycle_rule as string) ?? null,
    publicityMinEnd: dateText(r.publicity_min_end),
    publicityEnd: dateText(r.publicity_end),
    withdrawnReason: (r.withdrawn_reason as string) ?? null,
    withdrawnAt: iso(r.withdrawn_at),
    objectionPending: Boolean(r.objection_pending),
    firstReceivedAt: iso(r.first_received_at),
    reportDelayWorkingDays: (r.report_delay_days as number) ?? null,
    reportedLate: (r.reported_late as boolean) ?? null,
  };
}

export interface RecordView {
  recordId: string;
  recordKey: string;
  recordType: string;
  departmentId: string;
  subjectName: string;
  subjectUscc: string | null;
  operation: string;
  currentVersion: string;
  currentVersionNo: number;
  createdAt: string;
  updatedAt: string;
  record: unknown;
  lifecycle: RecordLifecycleView;
  versions: Array<{ versionNo: number; version: string; operation: string; submissionId: string; createdAt: string; warnings: unknown }>;
  deliveries: DeliveryView[];
  attempts: Array<{ target: string; batchId: string; startedAt: string; durationMs: number; httpStatus: number | null; outcome: string; errorCode: string | null; message: string | null }>;
}

function deliveryView(d: Record<string, unknown>): DeliveryView {
  return {
    id: Number(d.id),
    target: d.target as string,
    versionNo: d.version_no as number,
    state: d.state as string,
    attempts: d.attempts as number,
    lastErrorCode: (d.last_error_code as string) ?? null,
    lastError: (d.last_error as string) ?? null,
    receiptId: (d.receipt_id as string) ?? null,
    createdAt: iso(d.created_at)!,
    updatedAt: iso(d.updated_at)!,
    deliveredAt: iso(d.delivered_at),
  };
}

export async function getRecord(db: Database, id: string): Promise<RecordView | null> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM records WHERE id = $1', [id]);
  const rec = r.rows[0];
  if (!rec) return null;
  const [versions, deliveries] = await Promise.all([
    db.query<Record<string, unknown>>('SELECT version_no, version, operation, submission_id, created_at, warnings, body FROM record_versions WHERE record_id = $1 ORDER BY version_no', [id]),
    db.query<Record<string, unknown>>('SELECT * FROM deliveries WHERE record_id = $1 ORDER BY target, version_no', [id]),
  ]);
  const ids = deliveries.rows.map((d) => Number(d.id));
  const attempts = ids.length
    ? await db.query<Record<string, unknown>>('SELECT * FROM push_attempts WHERE delivery_ids && $1::bigint[] ORDER BY started_at', [ids])
    : { rows: [] };
  const current = versions.rows.find((v) => v.version_no === rec.current_version_no);
  return {
    recordId: rec.id as string,
    recordKey: rec.record_key as string,
    recordType: rec.record_type as string,
    departmentId: rec.department_id as string,
    subjectName: rec.subject_name as string,
    subjectUscc: (rec.subject_uscc as string) ?? null,
    operation: rec.operation as string,
    currentVersion: rec.current_version as string,
    currentVersionNo: rec.current_version_no as number,
    createdAt: iso(rec.created_at)!,
    updatedAt: iso(rec.updated_at)!,
    record: current?.body ?? null,
    lifecycle: lifecycleView(rec),
    versions: versions.rows.map((v) => ({ versionNo: v.version_no as number, version: v.version as string, operation: v.operation as string, submissionId: v.submission_id as string, createdAt: iso(v.created_at)!, warnings: v.warnings ?? null })),
    deliveries: deliveries.rows.map(deliveryView),
    attempts: attempts.rows.map((a) => ({
      target: a.target as string, batchId: a.batch_id as string, startedAt: iso(a.started_at)!, durationMs: a.duration_ms as number,
      httpStatus: (a.http_status as number) ?? null, outcome: a.outcome as string, errorCode: (a.error_code as string) ?? null, message: (a.message as string) ?? null,
    })),
  };
}

export interface RecordFilter {
  uscc?: string;
  type?: string;
  departmentId?: string;
  operation?: string;
  /** Delivery state on any target (e.g. failed). */
  deliveryState?: string;
  from?: string;
  to?: string;
  limit: number;
  /** Opaque cursor: the last (updated_at, id) seen. */
  cursor?: { updatedAt: string; id: string };
}

export interface RecordSummary {
  recordId: string;
  recordType: string;
  departmentId: string;
  subjectName: string;
  subjectUscc: string | null;
  operation: string;
  currentVersionNo: number;
  decisionDate: string | null;
  updatedAt: string;
  lifecycleState: string;
  publicityEnd: string | null;
  objectionPending: boolean;
  deliveries: Array<{ target: string; state: string; versionNo: number }>;
}

export async function listRecords(db: Database, f: RecordFilter): Promise<{ items: RecordSummary[]; next: { updatedAt: string; id: string } | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.uscc) where.push(`r.subject_uscc = ${p(f.uscc)}`);
  if (f.type) where.push(`r.record_type = ${p(f.type)}`);
  if (f.departmentId) where.push(`r.department_id = ${p(f.departmentId)}`);
  if (f.operation) where.push(`r.operation = ${p(f.operation)}`);
  if (f.from) where.push(`r.decision_date >= ${p(f.from)}::date`);
  if (f.to) where.push(`r.decision_date <= ${p(f.to)}::date`);
  if (f.deliveryState) {
    const partial = partialIndexOf(f.deliveryState);
    where.push(`EXISTS (SELECT 1 FROM deliveries d WHERE d.record_id = r.id AND d.version_no = r.current_version_no AND d.state = ${p(f.deliveryState)}${partial ? ` AND d.${partial}` : ''})`);
  }
  if (f.cursor) where.push(`(r.updated_at, r.id) < (${p(f.cursor.updatedAt)}::timestamptz, ${p(f.cursor.id)}::uuid)`);
  const sql = `SELECT r.id, r.record_type, r.department_id, r.subject_name, r.subject_uscc, r.operation, r.current_version_no, r.decision_date, r.updated_at,
      r.lifecycle_state, r.publicity_end, r.objection_pending, r.updated_at::text AS cursor_at,
      (SELECT coalesce(json_agg(json_build_object('target', d.target, 'state', d.state, 'versionNo', d.version_no) ORDER BY d.target), '[]'::json)
         FROM deliveries d WHERE d.record_id = r.id AND d.version_no = r.current_version_no) AS deliveries
    FROM records r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY r.updated_at DESC, r.id DESC LIMIT ${p(f.limit + 1)}`;
  const r = await db.query<Record<string, unknown>>(sql, params);
  const rows = r.rows.slice(0, f.limit);
  const items = rows.map((x) => ({
    recordId: x.id as string,
    recordType: x.record_type as string,
    departmentId: x.department_id as string,
    subjectName: x.subject_name as string,
    subjectUscc: (x.subject_uscc as string) ?? null,
    operation: x.operation as string,
    currentVersionNo: x.current_version_no as number,
    decisionDate: x.decision_date instanceof Date ? x.decision_date.toISOString().slice(0, 10) : ((x.decision_date as string) ?? null),
    updatedAt: iso(x.updated_at)!,
    lifecycleState: x.lifecycle_state as string,
    publicityEnd: dateText(x.publicity_end),
    objectionPending: Boolean(x.objection_pending),
    deliveries: (typeof x.deliveries === 'string' ? JSON.parse(x.deliveries) : x.deliveries) as RecordSummary['deliveries'],
  }));
  const last = rows[rows.length - 1];
  // The cursor keeps microsecond precision (as text): JS Dates would lose it and repeat or skip rows.
  const next = r.rows.length > f.limit && last ? { updatedAt: last.cursor_at as string, id: last.id as string } : null;
  return { items, next };
}

export interface DeliveryCounts {
  target: string;
  state: string;
  count: number;
}

/** The settled bulk's counts (delivered, superseded) per database, and when they were read. */
const settled = new WeakMap<Database, { at: number; rows: DeliveryCounts[]; refreshing?: Promise<void> }>();

async function countAll(db: Database): Promise<DeliveryCounts[]> {
  return (await db.query<DeliveryCounts>('SELECT target, state, count(*)::int AS count FROM deliveries GROUP BY target, state')).rows;
}

/**
 * Deliveries by target and state, for /metrics and the console's overview. Open and problem states are
 * counted at each call through their indexes; the settled bulk (delivered, superseded: the whole table,
 * which only grows) is counted at most every `settledMaxAgeMs` (default 5 minutes), in the background
 * once a first count exists, so a scrape or a page never waits for a full scan after the first.
 */
export async function deliveryCounts(db: Database, opts: { settledMaxAgeMs?: number } = {}): Promise<DeliveryCounts[]> {
  const maxAge = opts.settledMaxAgeMs ?? 300_000;
  const cache = settled.get(db);
  // Each count is stamped with when it started; an older one never replaces a newer one.
  const keep = (at: number, rows: DeliveryCounts[]) => {
    const now = settled.get(db);
    if (!now || now.at <= at) settled.set(db, { at, rows: rows.filter((r) => !partialIndexOf(r.state)) });
  };
  if (!cache || maxAge === 0) {
    const at = Date.now();
    const rows = await countAll(db);
    keep(at, rows);
    return sortCounts(rows);
  }
  if (Date.now() - cache.at > maxAge && !cache.refreshing) {
    const c = cache;
    const at = Date.now();
    c.refreshing = countAll(db).then(
      (rows) => keep(at, rows),
      () => void (c.refreshing = undefined),
    );
  }
  const live = await db.query<DeliveryCounts>(
    `SELECT target, state, count(*)::int AS count FROM deliveries WHERE is_open OR is_problem GROUP BY target, state`,
    [],
    { prepare: true },
  );
  return sortCounts([...live.rows, ...cache.rows]);
}

const sortCounts = (rows: DeliveryCounts[]): DeliveryCounts[] => rows.sort((a, b) => (a.target === b.target ? (a.state < b.state ? -1 : 1) : a.target < b.target ? -1 : 1));

export async function openDeliveryCount(db: Database): Promise<number> {
  const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE is_open`);
  return r.rows[0]?.n ?? 0;
}

export async function submissionTotals(db: Database): Promise<Array<{ departmentId: string; submissions: number; accepted: number; rejected: number; unchanged: number }>> {
  const r = await db.query<{ department_id: string; n: number; a: number; r: number; u: number }>(
    'SELECT department_id, count(*)::int AS n, sum(accepted)::int AS a, sum(rejected)::int AS r, sum(unchanged)::int AS u FROM submissions GROUP BY department_id ORDER BY department_id',
  );
  return r.rows.map((x) => ({ departmentId: x.department_id, submissions: x.n, accepted: x.a, rejected: x.r, unchanged: x.u }));
}
