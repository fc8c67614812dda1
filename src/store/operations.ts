import type { Database } from './db.ts';
import { appendAudit, type AuditEntryInput } from './audit.ts';
import type { EnqueueRequest } from './submissions.ts';
import { isUuid } from '../util/ids.ts';
import { NEWER_EXISTS, partialIndexOf } from './deliveries.ts';

export interface DeliveryFilter {
  target?: string;
  state?: string;
  errorCode?: string;
  departmentId?: string;
  recordType?: string;
  /** updated_at range, ISO dates or times. */
  from?: string;
  to?: string;
  /** USCC, record id or 文书号. */
  q?: string;
}

export interface DeliveryRow {
  id: number;
  recordId: string;
  versionNo: number;
  target: string;
  state: string;
  attempts: number;
  lastErrorCode: string | null;
  lastError: string | null;
  receiptId: string | null;
  updatedAt: string;
  recordType: string;
  departmentId: string;
  subjectName: string;
  subjectUscc: string | null;
  docNo: string | null;
}


function whereOf(f: DeliveryFilter, params: unknown[]): string {
  const w: string[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (f.target) w.push(`d.target = ${p(f.target)}`);
  if (f.state) {
    w.push(`d.state = ${p(f.state)}`);
    // Said so that PostgreSQL walks the small partial index of such deliveries, newest first, instead
    // of every delivery's primary key until enough of them match (migrations 009, 011).
    const partial = partialIndexOf(f.state);
    if (partial) w.push(`d.${partial}`);
  }
  if (f.errorCode) w.push(`d.last_error_code = ${p(f.errorCode)}`);
  if (f.departmentId) w.push(`r.department_id = ${p(f.departmentId)}`);
  if (f.recordType) w.push(`r.record_type = ${p(f.recordType)}`);
  if (f.from) w.push(`d.updated_at >= ${p(f.from)}::timestamptz`);
  if (f.to) w.push(`d.updated_at < ${p(f.to)}::timestamptz`);
  if (f.q) {
    const q = f.q.trim();
    if (isUuid(q)) w.push(`d.record_id = ${p(q)}::uuid`);
    else w.push(`(r.subject_uscc = ${p(q.toUpperCase())} OR r.doc_no = ${p(q)} OR r.subject_name = ${p(q)})`);
  }
  return w.length ? `WHERE ${w.join(' AND ')}` : '';
}

export async function listDeliveries(db: Database, f: DeliveryFilter, page: { limit: number; beforeId?: number }): Promise<{ items: DeliveryRow[]; nextBeforeId: number | null }> {
  const params: unknown[] = [];
  let where = whereOf(f, params);
  if (page.beforeId) where = `${where ? `${where} AND` : 'WHERE'} d.id < $${params.push(page.beforeId)}`;
  const r = await db.query<Record<string, unknown>>(
    `SELECT d.id, d.record_id, d.version_no, d.target, d.state, d.attempts, d.last_error_code, d.last_error, d.receipt_id, d.updated_at,
            r.record_type, r.department_id, r.subject_name, r.subject_uscc, r.doc_no
     FROM deliveries d JOIN records r ON r.id = d.record_id ${where}
     ORDER BY d.id DESC LIMIT $${params.push(page.limit + 1)}`,
    params,
  );
  const items = r.rows.slice(0, page.limit).map((x) => ({
    id: Number(x.id), recordId: x.record_id as string, versionNo: x.version_no as number, target: x.target as string, state: x.state as string,
    attempts: x.attempts as number, lastErrorCode: (x.last_error_code as string) ?? null, lastError: (x.last_error as string) ?? null,
    receiptId: (x.receipt_id as string) ?? null, updatedAt: (x.updated_at as Date).toISOString(), recordType: x.record_type as string,
    departmentId: x.department_id as string, subjectName: x.subject_name as string, subjectUscc: (x.subject_uscc as string) ?? null, docNo: (x.doc_no as string) ?? null,
  }));
  return { items, nextBeforeId: r.rows.length > page.limit ? items[items.length - 1]!.id : null };
}

export type OperatorError = 'NOT_FOUND' | 'IN_FLIGHT' | 'NOT_RETRYABLE' | 'SUPERSEDED' | 'NOT_DISCARDABLE';

const RETRYABLE = ['failed', 'rejected', 'discarded'];

/**
 * Puts failed / rejected / discarded deliveries back to pending under a new job and audits the
 * action in the same transaction. Only the newest version of a record is retried: an older one
 * would overwrite what the platform must hold.
 */
export async function retryDeliveries(
  db: Database,
  f: DeliveryFilter & { ids?: number[] },
  actor: Omit<AuditEntryInput, 'action' | 'subject'>,
  opts: { max: number; jobPrefix: string; batchSizeOf: (t: string) => number },
): Promise<{ retried: number; jobs: EnqueueRequest[]; skipped: Array<{ id: number; why: OperatorError }> }> {
  return db.transaction(async (tx) => {
    const params: unknown[] = [];
    let where = whereOf(f, params);
    if (f.ids) where = `${where ? `${where} AND` : 'WHERE'} d.id = ANY($${params.push(f.ids)}::bigint[])`;
    const rows = await tx.query<{ id: number; target: string; state: string; newer: boolean }>(
      `SELECT d.id, d.target, d.state, ${NEWER_EXISTS} AS newer FROM deliveries d JOIN records r ON r.id = d.record_id ${where} ORDER BY d.id LIMIT $${params.push(opts.max)} FOR UPDATE OF d`,
      params,
    );
    const skipped: Array<{ id: number; why: OperatorError }> = [];
    const take: Array<{ id: number; target: string }> = [];
    for (const r of rows.rows) {
      if (r.state === 'in_flight' || r.state === 'pending') skipped.push({ id: Number(r.id), why: r.state === 'in_flight' ? 'IN_FLIGHT' : 'NOT_RETRYABLE' });
      else if (!RETRYABLE.includes(r.state)) skipped.push({ id: Number(r.id), why: r.state === 'superseded' ? 'SUPERSEDED' : 'NOT_RETRYABLE' });
      else if (r.newer) skipped.push({ id: Number(r.id), why: 'SUPERSEDED' });
      else take.push({ id: Number(r.id), target: r.target });
    }
    if (f.ids) for (const id of f.ids) if (!rows.rows.some((r) => Number(r.id) === id)) skipped.push({ id, why: 'NOT_FOUND' });
    const jobs: EnqueueRequest[] = [];
    const byTarget = new Map<string, number[]>();
    for (const t of take) byTarget.set(t.target, [...(byTarget.get(t.target) ?? []), t.id]);
    for (const [target, ids] of byTarget) {
      const size = opts.batchSizeOf(target);
      for (let i = 0; i < ids.length; i += size) {
        const chunk = ids.slice(i, i + size);
        const jobId = `${opts.jobPrefix}-${target}-${chunk[0]}-${Date.now().toString(36)}`;
        await tx.query(
          `UPDATE deliveries SET state = 'pending', job_id = $2, last_error_code = 'OPERATOR_RETRY', updated_at = now() WHERE id = ANY($1::bigint[])`,
          [chunk, jobId],
        );
        jobs.push({ target, jobId, deliveryIds: chunk });
      }
    }
    if (take.length > 0) {
      await appendAudit(tx, { ...actor, action: 'delivery.retry', subject: f.ids && f.ids.length === 1 ? `delivery:${f.ids[0]}` : `filter:${JSON.stringify(f)}`, details: { retried: take.map((t) => t.id).slice(0, 1000), count: take.length, skipped: skipped.length } });
    }
    return { retried: take.length, jobs, skipped };
  });
}

/** Marks one delivery discarded (never to be pushed) with the operator's reason, audited. */
export async function discardDelivery(db: Database, id: number, actor: Omit<AuditEntryInput, 'action' | 'subject'>): Promise<{ ok: true } | { ok: false; why: OperatorError }> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ state: string }>('SELECT state FROM deliveries WHERE id = $1 FOR UPDATE', [id]);
    const state = r.rows[0]?.state;
    if (!state) return { ok: false, why: 'NOT_FOUND' as const };
    if (state === 'in_flight') return { ok: false, why: 'IN_FLIGHT' as const };
    if (!['pending', 'failed', 'rejected'].includes(state)) return { ok: false, why: 'NOT_DISCARDABLE' as const };
    await tx.query(`UPDATE deliveries SET state = 'discarded', last_error_code = 'OPERATOR_DISCARD', last_error = $2, updated_at = now() WHERE id = $1`, [id, actor.reason ?? null]);
    await appendAudit(tx, { ...actor, action: 'delivery.discard', subject: `delivery:${id}`, details: { previousState: state } });
    return { ok: true as const };
  });
}

/** Audits an action that happens outside the database (pause a queue, reset a circuit). */
export async function auditOnly(db: Database, entry: AuditEntryInput): Promise<void> {
  await db.transaction((tx) => appendAudit(tx, entry));
}
