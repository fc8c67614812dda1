import { randomUUID } from 'node:crypto';
import { deliveryPolicy, type Config } from '../config/index.ts';
import { routeTargets } from '../delivery/routing.ts';
import { recordVersion, sha256Hex, type CanonicalRecord } from '../model/index.ts';
import { storeSubmission, type Database, type EnqueueRequest, type RecordToStore } from '../store/index.ts';
import type { Logger } from '../util/logger.ts';
import { addDays } from './calendar.ts';
import { isUuid, UUID_RE } from '../util/ids.ts';
import { withdrawalPlan, withdrawReasonOf } from './periods.ts';

export const LIFECYCLE_DEPARTMENT = 'gateway-lifecycle';

export interface LifecycleDeps {
  db: Database;
  config: Config;
  enqueue: (jobs: readonly EnqueueRequest[]) => Promise<void>;
  logger: Logger;
}

export interface LifecycleResult {
  date: string;
  withdrawn: number;
  objectionsFlagged: number;
  objectionsCleared: number;
  repairsApplied: number;
  repairsDeferred: number;
  submissionId: string | null;
}

interface Action {
  recordId: string;
  key: string;
  departmentId: string;
  versionNo: number;
  record: CanonicalRecord;
  cause: string;
  action: 'withdraw' | 'flag-objection' | 'clear-objection';
  reason: string;
  /** A withdrawal keeps the period it ended (rule, minimum and end), so the record still shows it. */
  plan?: { rule: string; minEnd: string | null; end: string } | null;
}

const PENDING_OBJECTION = ['SUBMITTED', 'ACCEPTED', 'FORWARDED'];

/**
 * A request's target record id as text, matched before it is cast (a department may send anything):
 * records are then found by primary key, where comparing `id::text` read every record.
 */
const UUID_TEXT = UUID_RE.source;

type Row = { id: string; record_key: string; department_id: string; current_version_no: number; body: CanonicalRecord & { meta?: unknown } };
const strip = (b: Row['body']): CanonicalRecord => {
  const { meta: _m, ...rest } = b;
  return rest as CanonicalRecord;
};

/**
 * The daily (by default every ten minutes) walk through every record's legal life, for `today`
 * (Asia/Shanghai): granted repairs withdraw early (not before the minimum period), publicity periods
 * and list terms that have ended are withdrawn by the gateway itself, and pending objections flag
 * their target penalty 异议 on the platforms until they are resolved. Every change is a new version
 * pushed like any other, in a submission of the gateway's own whose header says why.
 */
export async function runLifecycle(deps: LifecycleDeps, today: string): Promise<LifecycleResult> {
  const { db } = deps;
  const actions: Action[] = [];
  const result: LifecycleResult = { date: today, withdrawn: 0, objectionsFlagged: 0, objectionsCleared: 0, repairsApplied: 0, repairsDeferred: 0, submissionId: null };

  // 1. Granted repair requests: withdraw the target at max(decision, minimum period end).
  const repairs = await db.query<{ rid: string; vno: number; target: string; decided: string | null; applied: string; min_end: string | null; state: string; tid: string | null }>(
    `SELECT r.id AS rid, r.current_version_no AS vno, v.body->'data'->>'targetRecordId' AS target, v.body->'data'->>'decidedAt' AS decided,
            v.body->'data'->>'appliedAt' AS applied, t.publicity_min_end::text AS min_end, t.lifecycle_state AS state, t.id::text AS tid
     FROM records r
     JOIN record_versions v ON v.record_id = r.id AND v.version_no = r.current_version_no
     LEFT JOIN records t ON t.id = (CASE WHEN v.body->'data'->>'targetRecordId' ~* '${UUID_TEXT}' THEN (v.body->'data'->>'targetRecordId')::uuid END)
     WHERE r.record_type = 'repair-request' AND r.operation = 'upsert'
       AND v.body->'data'->>'decision' = 'GRANTED' AND v.body->'data'->>'kind' IN ('TERMINATE_PUBLICITY', 'EARLY_REMOVAL')
       AND NOT EXISTS (SELECT 1 FROM lifecycle_actions a WHERE a.cause = 'repair:' || r.id || ':' || r.current_version_no)`,
  );
  for (const rp of repairs.rows) {
    const cause = `repair:${rp.rid}:${rp.vno}`;
    if (!rp.tid || rp.state !== 'active') {
      await logAction(db, rp.tid ?? rp.target, cause, 'none', rp.tid ? `target already ${rp.state}` : 'target record unknown', today, null);
      continue;
    }
    const decided = (rp.decided ?? rp.applied).slice(0, 10);
    const effective = rp.min_end && rp.min_end > decided ? rp.min_end : decided;
    // The expiry step below withdraws records whose end date has passed; make the end the day before.
    await db.query(`UPDATE records SET publicity_end = LEAST(publicity_end, $2::date), lifecycle_rule = lifecycle_rule || ' + repair' WHERE id = $1`, [rp.tid, addDays(effective, -1)]);
    await logAction(db, rp.tid, cause, 'shorten', `REPAIR_GRANTED, effective ${effective}`, effective, null);
    if (effective <= today) result.repairsApplied++;
    else result.repairsDeferred++;
  }

  // 2. Publicity periods and list terms that ended before today.
  for (let round = 0; round < 500; round++) {
    const due = await db.query<Row & { rule: string | null; pmin: string | null; pend: string }>(
      `SELECT r.id, r.record_key, r.department_id, r.current_version_no, v.body, r.lifecycle_rule AS rule, r.publicity_min_end::text AS pmin, r.publicity_end::text AS pend
       FROM records r JOIN record_versions v ON v.record_id = r.id AND v.version_no = r.current_version_no
       WHERE r.lifecycle_state = 'active' AND r.operation = 'upsert' AND r.publicity_end < $1::date
       ORDER BY r.id LIMIT 2000`,
      [today],
    );
    if (due.rows.length === 0) break;
    const batch: Action[] = due.rows.map((r) => ({
      recordId: r.id, key: r.record_key, departmentId: r.department_id, versionNo: r.current_version_no,
      record: { ...strip(r.body), operation: 'revoke' } as CanonicalRecord,
      cause: `expiry:${r.id}:${r.current_version_no}`, action: 'withdraw',
      reason: withdrawReasonOf(r.rule),
      plan: r.rule ? { rule: r.rule, minEnd: r.pmin, end: r.pend } : null,
    }));
    result.withdrawn += batch.length;
    const sub = await apply(deps, batch, today);
    result.submissionId ??= sub;
    if (due.rows.length < 2000) break;
  }

  // 3. Objections: a pending one flags its target penalty 异议; when none is pending any more, the flag is cleared.
  const objections = await db.query<{ target: string; pending: boolean; causes: string[] }>(
    `SELECT v.body->'data'->>'targetRecordId' AS target, bool_or(v.body->'data'->>'status' = ANY($1::text[])) AS pending,
            array_agg('objection:' || r.id || ':' || r.current_version_no) AS causes
     FROM records r JOIN record_versions v ON v.record_id = r.id AND v.version_no = r.current_version_no
     WHERE r.record_type = 'objection' AND r.operation = 'upsert'
     GROUP BY 1`,
    [PENDING_OBJECTION],
  );
  const flips = objections.rows.filter((o) => o.target);
  if (flips.length) {
    const targets = await db.query<Row & { objection_pending: boolean; lifecycle_state: string; record_type: string }>(
      `SELECT r.id, r.record_key, r.department_id, r.current_version_no, v.body, r.objection_pending, r.lifecycle_state, r.record_type
       FROM records r JOIN record_versions v ON v.record_id = r.id AND v.version_no = r.current_version_no
       WHERE r.id = ANY($1::uuid[])`,
      [flips.map((f) => f.target).filter(isUuid)],
    );
    const byId = new Map(targets.rows.map((t) => [t.id, t]));
    for (const o of flips) {
      const t = byId.get(o.target);
      if (!t || t.lifecycle_state !== 'active' || t.objection_pending === o.pending) continue;
      await db.query('UPDATE records SET objection_pending = $2 WHERE id = $1', [t.id, o.pending]);
      if (o.pending) result.objectionsFlagged++;
      else result.objectionsCleared++;
      // Only the penalty model carries a status the platforms show (当前状态 2 = 异议); other types are flagged here only.
      if (t.record_type !== 'administrative-penalty') {
        await logAction(db, t.id, `${o.causes.sort().join(',')}:${o.pending}`, o.pending ? 'flag-objection' : 'clear-objection', 'local flag only', today, null);
        continue;
      }
      const rec = strip(t.body) as CanonicalRecord & { data: { status?: string } };
      actions.push({
        recordId: t.id, key: t.record_key, departmentId: t.department_id, versionNo: t.current_version_no,
        record: { ...rec, data: { ...rec.data, status: o.pending ? 'OBJECTION' : 'NORMAL' } } as CanonicalRecord,
        cause: `${o.causes.sort().join(',')}:${o.pending}`, action: o.pending ? 'flag-objection' : 'clear-objection',
        reason: o.pending ? 'OBJECTION_PENDING' : 'OBJECTION_RESOLVED',
      });
    }
  }
  if (actions.length) {
    const sub = await apply(deps, actions, today);
    result.submissionId ??= sub;
  }
  if (result.withdrawn || result.objectionsFlagged || result.objectionsCleared || result.repairsApplied || result.repairsDeferred) deps.logger.info(result, 'lifecycle run');
  return result;
}

async function logAction(db: Database, recordId: string, cause: string, action: string, reason: string, effectiveOn: string, submissionId: string | null): Promise<void> {
  await db.query(
    `INSERT INTO lifecycle_actions (record_id, cause, action, reason, effective_on, submission_id) VALUES ($1::uuid, $2, $3, $4, $5::date, $6::uuid) ON CONFLICT (cause) DO NOTHING`,
    [isUuid(recordId) ? recordId : '00000000-0000-0000-0000-000000000000', cause.slice(0, 1000), action, reason, effectiveOn, submissionId],
  );
}

/** Stores the generated versions as one submission of the gateway's own and enqueues their deliveries. */
async function apply(deps: LifecycleDeps, actions: Action[], today: string): Promise<string> {
  const id = randomUUID();
  const raw = JSON.stringify({ date: today, actions: actions.map((a) => ({ recordId: a.recordId, action: a.action, reason: a.reason, cause: a.cause })) });
  const items: RecordToStore[] = actions.map((a, index) => {
    const plan = a.plan !== undefined ? a.plan : withdrawalPlan(a.record, deps.config.lifecycle);
    return {
      index, recordId: a.recordId, key: a.key, version: recordVersion(a.record), record: a.record, warnings: [],
      targets: routeTargets(deps.config.routing, a.record.recordType, a.departmentId),
      lifecycle: { plan: plan && { rule: plan.rule, minEnd: plan.minEnd, end: plan.end }, timeliness: null, ...(a.action === 'withdraw' ? { withdrawReason: a.reason } : {}) },
    };
  });
  const stored = await storeSubmission(
    deps.db,
    { id, departmentId: LIFECYCLE_DEPARTMENT, requestHash: sha256Hex(raw), adapter: 'lifecycle', contentType: 'application/json', receivedAt: new Date().toISOString(), raw: new TextEncoder().encode(raw), header: { reason: 'lifecycle', date: today }, recordCount: items.length, rejected: 0 },
    items,
    // The gateway's own withdrawals are never coalesced: a lifecycle run writes many at once.
    { ...deliveryPolicy(deps.config), coalesceBelow: () => 0 },
    (outcomes) => ({ submissionId: id, accepted: outcomes.filter((o) => o.status === 'accepted').length, unchanged: outcomes.filter((o) => o.status === 'unchanged').length, rejected: 0, results: outcomes }),
  );
  for (const a of actions) await logAction(deps.db, a.recordId, a.cause, a.action, a.reason, today, id);
  if (stored.kind === 'stored' && stored.jobs.length) await deps.enqueue(stored.jobs).catch((e: Error) => deps.logger.warn({ err: e.message }, 'lifecycle enqueue failed; the sweeper will enqueue'));
  return id;
}
