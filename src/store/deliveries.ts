import type { CanonicalRecord } from '../model/index.ts';
import type { Database } from './db.ts';

export type DeliveryState = 'pending' | 'in_flight' | 'delivered' | 'rejected' | 'failed' | 'superseded' | 'discarded';

export interface ClaimedDelivery {
  id: number;
  recordId: string;
  versionNo: number;
  version: string;
  /** The version as stored (its canonical JSON, meta appended), text as PostgreSQL keeps it. */
  json: string;
  /** The record without meta, parsed from `json` when first asked for (a connector that copies from the text never asks). */
  readonly record: CanonicalRecord;
}

const OPEN_STATES: ReadonlySet<string> = new Set(['pending', 'in_flight']);
const PROBLEM_STATES: ReadonlySet<string> = new Set(['failed', 'rejected', 'discarded']);

/**
 * The generated column whose partial index holds deliveries in `state` (is_open: pending and in flight,
 * migration 009; is_problem: failed, rejected and discarded, 011), for queries to name beside the state
 * so PostgreSQL can use it; undefined for the settled bulk (delivered, superseded).
 */
export function partialIndexOf(state: string): 'is_open' | 'is_problem' | undefined {
  return OPEN_STATES.has(state) ? 'is_open' : PROBLEM_STATES.has(state) ? 'is_problem' : undefined;
}

/** SQL: a newer version of delivery `d`'s record is queued for the same target (so `d` is superseded). */
export const NEWER_EXISTS = `EXISTS (SELECT 1 FROM deliveries n WHERE n.record_id = d.record_id AND n.target = d.target AND n.version_no > d.version_no)`;

/**
 * SQL: delivery `d` may be taken by `$2`: pending, or in flight under `$2` or under a lease that ran out.
 * Looks at the state through an expression so PostgreSQL finds the rows by id (the primary key), never
 * through the open-deliveries index: right after a large submission its statistics are stale and a
 * scan of every pending delivery looked cheap (measured: 20,000 rows read per 100-id claim).
 */
const CLAIMABLE = `((d.state || '') = 'pending' OR ((d.state || '') = 'in_flight' AND (d.lease_owner = $2 OR d.lease_until < now())))`;

/**
 * Takes the given deliveries for pushing: older versions with a newer one queued are superseded;
 * a delivery whose record has another version in flight (held by someone else) is left pending
 * and returned as blocked, so one record's versions never travel concurrently or out of order.
 * The lease owner (the queue job id) may take back what it held when its job is re-run after a crash.
 */
export async function claimDeliveries(db: Database, ids: readonly number[], owner: string, leaseMs: number): Promise<{ claimed: ClaimedDelivery[]; blocked: number[]; gone: number[] }> {
  if (ids.length === 0) return { claimed: [], blocked: [], gone: [] };
  // One statement, one round trip, no explicit transaction. The claimable rows are locked (those a
  // concurrent claimer holds are skipped) and updated once: superseded where a newer version is
  // queued, else taken unless another version of the record is in flight under someone else. The ids
  // still open but not ours (that, or locked by a concurrent claimer) come back as 'open'; that look
  // is skipped when every id was updated (the usual case: 100 index probes less per batch).
  const r = await db.query<{ kind: 'claimed' | 'open'; id: number; record_id: string | null; version_no: number | null; version: string | null; body: string | null }>(
    `WITH c AS (
       SELECT d.id, ${NEWER_EXISTS} AS newer FROM deliveries d
       WHERE d.id = ANY($1::bigint[]) AND ${CLAIMABLE}
       ORDER BY d.id
       FOR UPDATE SKIP LOCKED
     ), cl AS (
       UPDATE deliveries d SET state = CASE WHEN c.newer THEN 'superseded' ELSE 'in_flight' END,
              lease_owner = CASE WHEN c.newer THEN NULL ELSE $2 END,
              lease_until = CASE WHEN c.newer THEN NULL ELSE now() + ($3::int * interval '1 millisecond') END,
              attempts = d.attempts + CASE WHEN c.newer THEN 0 ELSE 1 END, updated_at = now()
       FROM c
       WHERE d.id = c.id
         AND (c.newer OR NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.record_id = d.record_id AND o.target = d.target AND o.id <> d.id
                                     AND (o.state || '') = 'in_flight' AND o.lease_owner IS DISTINCT FROM $2 AND o.lease_until >= now()))
       RETURNING d.id, d.state, d.record_id, d.version_no
     )
     SELECT 'claimed' AS kind, cl.id, cl.record_id, cl.version_no, v.version, v.body
     FROM cl JOIN record_versions v ON v.record_id = cl.record_id AND v.version_no = cl.version_no
     WHERE cl.state = 'in_flight'
     UNION ALL
     SELECT 'open', d.id, NULL, NULL, NULL, NULL FROM deliveries d
     WHERE (SELECT count(*) FROM cl) < cardinality($1::bigint[])
       AND d.id = ANY($1::bigint[]) AND (d.state || '') IN ('pending', 'in_flight') AND NOT EXISTS (SELECT 1 FROM cl WHERE cl.id = d.id)`,
    [ids, owner, leaseMs],
    // The bodies as text: the municipal connector copies their members into its batch as they are.
    { prepare: true, jsonAsText: true },
  );
  const claimed: ClaimedDelivery[] = [];
  const blocked: number[] = [];
  for (const row of r.rows) {
    if (row.kind === 'claimed') claimed.push(claimedDelivery(Number(row.id), row.record_id!, row.version_no!, row.version!, row.body!));
    else blocked.push(Number(row.id));
  }
  claimed.sort((a, b) => a.id - b.id);
  blocked.sort((a, b) => a - b);
  const known = new Set<number>([...claimed.map((c) => c.id), ...blocked]);
  return { claimed, blocked, gone: ids.filter((id) => !known.has(id)) };
}

/**
 * The next deliveries a target's coalescing job should take: marked for it, pending (or in flight
 * under this owner, when its job is run again after a crash), oldest first, after `afterId`.
 */
export async function coalescedCandidates(db: Database, target: string, owner: string, afterId: number, limit: number): Promise<number[]> {
  const r = await db.query<{ id: number }>(
    `(SELECT id FROM deliveries WHERE is_open AND target = $1 AND state = 'pending' AND job_id = 'coalesce' AND id > $3 ORDER BY id LIMIT $4)
     UNION ALL
     (SELECT id FROM deliveries WHERE is_open AND state = 'in_flight' AND lease_owner = $2 AND target = $1 AND job_id = 'coalesce' AND id > $3)
     ORDER BY id LIMIT $4`,
    [target, owner, afterId, limit],
    { prepare: true },
  );
  return r.rows.map((x) => Number(x.id));
}

function claimedDelivery(id: number, recordId: string, versionNo: number, version: string, json: string): ClaimedDelivery {
  let record: CanonicalRecord | undefined;
  return {
    id, recordId, versionNo, version, json,
    get record() {
      return (record ??= stripMeta(JSON.parse(json) as CanonicalRecord & { meta?: unknown }));
    },
  };
}

function stripMeta(body: CanonicalRecord & { meta?: unknown }): CanonicalRecord {
  const { meta: _meta, ...rest } = body;
  return rest as CanonicalRecord;
}

export interface DeliveryOutcome {
  id: number;
  outcome: 'delivered' | 'rejected';
  receiptId?: string;
  reason?: string;
}

const COMPLETE = `UPDATE deliveries d SET state = v.state, receipt_id = v.receipt, last_error_code = CASE WHEN v.state = 'rejected' THEN 'PLATFORM_REJECTED' END,
            last_error = v.reason, delivered_at = CASE WHEN v.state = 'delivered' THEN now() ELSE d.delivered_at END,
            lease_owner = NULL, lease_until = NULL, updated_at = now()
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS v(id, state, receipt, reason)
     WHERE d.id = v.id AND (d.state || '') = 'in_flight' AND d.lease_owner = $5`;

const completeParams = (owner: string, outcomes: readonly DeliveryOutcome[]) => [
  outcomes.map((o) => o.id), outcomes.map((o) => o.outcome), outcomes.map((o) => o.receiptId ?? null), outcomes.map((o) => o.reason ?? null), owner,
];

/** Stores per-record platform answers for deliveries this owner holds. */
export async function completeDeliveries(db: Database, owner: string, outcomes: readonly DeliveryOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  // Column arrays, not a VALUES list: one statement text whatever the batch size, planned once.
  await db.query(COMPLETE, completeParams(owner, outcomes), { prepare: true });
}

/** The answers of a push that reached the platform and its attempt row, in one statement (one commit). */
export async function completePush(db: Database, owner: string, outcomes: readonly DeliveryOutcome[], a: PushAttempt): Promise<void> {
  if (outcomes.length === 0) return recordPushAttempt(db, a);
  await db.query(
    `WITH done AS (${COMPLETE})
     INSERT INTO push_attempts (target, batch_id, job_id, delivery_ids, started_at, duration_ms, http_status, outcome, error_code, message)
     VALUES ($6,$7,$8,$9::bigint[],$10,$11,$12,$13,$14,$15)`,
    [...completeParams(owner, outcomes), ...attemptParams(a)],
    { prepare: true },
  );
}

/** Hands held deliveries back after a failed push: pending again (or superseded), or failed for good. */
export async function releaseDeliveries(db: Database, owner: string, ids: readonly number[], error: { code: string; message: string }, final: boolean): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE deliveries d SET state = CASE WHEN ${NEWER_EXISTS} THEN 'superseded' WHEN $4 THEN 'failed' ELSE 'pending' END,
            last_error_code = $2, last_error = $3, lease_owner = NULL, lease_until = NULL, updated_at = now()
     WHERE d.id = ANY($1::bigint[]) AND (d.state || '') = 'in_flight' AND d.lease_owner = $5`,
    [ids, error.code, error.message.slice(0, 2000), final, owner],
  );
}

export interface PushAttempt {
  target: string;
  batchId: string;
  jobId?: string;
  deliveryIds: readonly number[];
  startedAt: Date;
  durationMs: number;
  httpStatus?: number;
  outcome: 'ok' | 'partial' | 'rejected' | 'transient' | 'rate_limited' | 'config' | 'permanent';
  errorCode?: string;
  message?: string;
}

export async function recordPushAttempt(db: Database, a: PushAttempt): Promise<void> {
  await db.query(
    `INSERT INTO push_attempts (target, batch_id, job_id, delivery_ids, started_at, duration_ms, http_status, outcome, error_code, message)
     VALUES ($1,$2,$3,$4::bigint[],$5,$6,$7,$8,$9,$10)`,
    attemptParams(a),
    { prepare: true },
  );
}

const attemptParams = (a: PushAttempt) => [
  a.target, a.batchId, a.jobId ?? null, a.deliveryIds, a.startedAt, Math.round(a.durationMs), a.httpStatus ?? null, a.outcome, a.errorCode ?? null, a.message?.slice(0, 2000) ?? null,
];

/** Extends the lease on deliveries this owner still holds. */
export async function renewLeases(db: Database, owner: string, ids: readonly number[], leaseMs: number): Promise<void> {
  await db.query(
    `UPDATE deliveries SET lease_until = now() + ($3::int * interval '1 millisecond') WHERE id = ANY($1::bigint[]) AND (state || '') = 'in_flight' AND lease_owner = $2`,
    [ids, owner, leaseMs],
  );
}

/** In-flight deliveries whose lease ran out (their worker died): back to pending or superseded. */
export async function expireLeases(db: Database): Promise<number> {
  const r = await db.query(
    `UPDATE deliveries d SET state = CASE WHEN ${NEWER_EXISTS} THEN 'superseded' ELSE 'pending' END, lease_owner = NULL, lease_until = NULL, updated_at = now()
     WHERE d.is_open AND d.state = 'in_flight' AND d.lease_until < now()`,
  );
  return r.rowCount;
}

export interface OpenDelivery {
  id: number;
  target: string;
  jobId: string | null;
}

/** Pending deliveries untouched for `olderThanMs`: candidates for the sweeper to check against the queue. */
export async function stalePending(db: Database, olderThanMs: number, limit: number): Promise<OpenDelivery[]> {
  const r = await db.query<{ id: number; target: string; job_id: string | null }>(
    `SELECT id, target, job_id FROM deliveries WHERE is_open AND state = 'pending' AND updated_at < now() - ($1::int * interval '1 millisecond') ORDER BY id LIMIT $2`,
    [olderThanMs, limit],
  );
  return r.rows.map((x) => ({ id: Number(x.id), target: x.target, jobId: x.job_id }));
}

export async function assignJob(db: Database, ids: readonly number[], jobId: string): Promise<void> {
  await db.query(`UPDATE deliveries SET job_id = $2, updated_at = now() WHERE id = ANY($1::bigint[]) AND (state || '') = 'pending'`, [ids, jobId]);
}

export async function touchDeliveries(db: Database, ids: readonly number[]): Promise<void> {
  await db.query(`UPDATE deliveries SET updated_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
}
