import { randomUUID } from 'node:crypto';
import type { Connector, InventoryItem } from '../platforms/index.ts';
import { chunkRows, valuesList } from '../store/sql-util.ts';
import type { Database, EnqueueRequest } from '../store/index.ts';
import type { Logger } from '../util/logger.ts';
import { isUuid } from '../util/ids.ts';

export type ReconcileCategory = 'missing' | 'stale' | 'revoked' | 'ahead' | 'unknown';

export interface ReconcileCounts {
  inventory: number;
  expected: number;
  matched: number;
  missing: number;
  stale: number;
  revoked: number;
  ahead: number;
  unknown: number;
  repushed: number;
  skippedOpen: number;
}

export interface ReconcileDeps {
  db: Database;
  enqueue: (jobs: readonly EnqueueRequest[]) => Promise<void>;
  batchSizeOf: (target: string) => number;
  logger: Logger;
}


export async function createReconciliation(db: Database, target: string, trigger: 'schedule' | 'operator' | 'api', requestedBy?: string): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO reconciliations (id, target, trigger, requested_by, status) VALUES ($1, $2, $3, $4, 'queued')`, [id, target, trigger, requestedBy ?? null]);
  return id;
}

/**
 * Compares what a platform holds with what we delivered there, record by record, and repairs it:
 * missing or stale records (and revokes the platform has not applied) are pushed again; records
 * the platform holds that we never delivered there are reported. The inventory is streamed into a
 * table page by page and compared in SQL, so memory stays flat whatever the platform's size.
 */
export async function runReconciliation(deps: ReconcileDeps, id: string, target: string, connector: Connector): Promise<ReconcileCounts> {
  const { db } = deps;
  const t0 = performance.now();
  await db.query(`UPDATE reconciliations SET status = 'running', started_at = now() WHERE id = $1`, [id]);
  try {
    if (!connector.inventory) throw new Error(`target ${target} offers no inventory`);
    let inventory = 0;
    const foreign: InventoryItem[] = [];
    // Platforms list what changed since a time: ask from a day before our first delivery there.
    const first = await db.query<{ t: Date | null }>('SELECT min(created_at) AS t FROM deliveries WHERE target = $1', [target]);
    const since = new Date((first.rows[0]?.t ?? new Date()).getTime() - 86_400_000);
    for await (const page of connector.inventory({ since })) {
      const ok = page.filter((i) => isUuid(i.recordId));
      foreign.push(...page.filter((i) => !isUuid(i.recordId)).slice(0, 10_000 - foreign.length));
      for (const chunk of chunkRows(ok, 4)) {
        await db.query(
          `INSERT INTO reconciliation_inventory (reconciliation_id, record_id, version, operation) VALUES ${valuesList(chunk.length, ['uuid', 'uuid', '', ''])}`,
          chunk.flatMap((i) => [id, i.recordId, i.version, i.operation]),
        );
      }
      inventory += page.length;
    }
    const counts = await compare(db, id, target);
    for (const chunk of chunkRows(foreign, 5)) {
      await db.query(
        `INSERT INTO reconciliation_items (reconciliation_id, category, record_id, platform_version, action) VALUES ${valuesList(chunk.length, ['uuid', '', '', '', ''])}`,
        chunk.flatMap((i) => [id, 'unknown', i.recordId.slice(0, 200), i.version.slice(0, 200), 'report']),
      );
    }
    counts.unknown += foreign.length;
    counts.inventory = inventory;
    counts.repushed = await repush(deps, id, target);
    await db.query('DELETE FROM reconciliation_inventory WHERE reconciliation_id = $1', [id]);
    const ms = Math.round(performance.now() - t0);
    await db.query(`UPDATE reconciliations SET status = 'done', finished_at = now(), duration_ms = $2, counts = $3::jsonb WHERE id = $1`, [id, ms, JSON.stringify(counts)]);
    deps.logger.info({ reconciliation: id, target, ...counts, ms }, 'reconciliation done');
    return counts;
  } catch (e) {
    await db.query('DELETE FROM reconciliation_inventory WHERE reconciliation_id = $1', [id]).catch(() => undefined);
    await db.query(`UPDATE reconciliations SET status = 'failed', finished_at = now(), duration_ms = $2, error = $3 WHERE id = $1`, [id, Math.round(performance.now() - t0), (e as Error).message.slice(0, 2000)]);
    throw e;
  }
}

async function compare(db: Database, id: string, target: string): Promise<ReconcileCounts> {
  // What the platform should hold: per record, the newest version delivered there, unless a newer
  // one is on its way (pending or in flight), in which case the record is left for delivery to settle.
  await db.query(
    `WITH exp AS (
       SELECT record_id, max(version_no) AS vno FROM deliveries WHERE target = $2 AND state = 'delivered' GROUP BY record_id
     ), inv AS (
       SELECT DISTINCT ON (record_id) record_id, version, operation FROM reconciliation_inventory WHERE reconciliation_id = $1 ORDER BY record_id
     ), cmp AS (
       SELECT e.record_id, e.vno, ev.version AS exp_version, ev.operation AS exp_op, i.version AS inv_version, i.operation AS inv_op,
              (SELECT max(v.version_no) FROM record_versions v WHERE v.record_id = e.record_id AND v.version = i.version) AS inv_vno
       FROM exp e
       JOIN record_versions ev ON ev.record_id = e.record_id AND ev.version_no = e.vno
       LEFT JOIN inv i ON i.record_id = e.record_id
       WHERE NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.record_id = e.record_id AND o.target = $2 AND o.state IN ('pending', 'in_flight'))
     )
     INSERT INTO reconciliation_items (reconciliation_id, category, record_id, platform_version, expected_version_no, action)
     SELECT $1,
            CASE WHEN inv_version IS NULL THEN 'missing'
                 WHEN inv_vno > vno THEN 'ahead'
                 WHEN exp_op = 'revoke' AND inv_op <> 'revoke' THEN 'revoked'
                 ELSE 'stale' END,
            record_id::text, inv_version, vno,
            CASE WHEN inv_vno > vno THEN 'report' ELSE 'repush' END
     FROM cmp WHERE inv_version IS NULL OR inv_version <> exp_version`,
    [id, target],
  );
  // Records the platform holds that we never delivered there (nor are delivering).
  await db.query(
    `INSERT INTO reconciliation_items (reconciliation_id, category, record_id, platform_version, action)
     SELECT $1, 'unknown', i.record_id::text, i.version, 'report'
     FROM (SELECT DISTINCT ON (record_id) record_id, version FROM reconciliation_inventory WHERE reconciliation_id = $1 ORDER BY record_id) i
     WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.record_id = i.record_id AND d.target = $2 AND d.state IN ('delivered', 'pending', 'in_flight'))`,
    [id, target],
  );
  const [byCat, totals] = await Promise.all([
    db.query<{ category: string; n: number }>('SELECT category, count(*)::int AS n FROM reconciliation_items WHERE reconciliation_id = $1 GROUP BY category', [id]),
    db.query<{ expected: number; open: number }>(
      `SELECT count(*) FILTER (WHERE NOT e.open)::int AS expected, count(*) FILTER (WHERE e.open)::int AS open
       FROM (SELECT record_id, bool_or(state IN ('pending', 'in_flight')) AS open FROM deliveries
             WHERE target = $1 AND state IN ('delivered', 'pending', 'in_flight') GROUP BY record_id HAVING bool_or(state = 'delivered')) e`,
      [target],
    ),
  ]);
  const n = (c: string) => byCat.rows.find((r) => r.category === c)?.n ?? 0;
  const expected = totals.rows[0]?.expected ?? 0;
  const differing = n('missing') + n('stale') + n('revoked') + n('ahead');
  return {
    inventory: 0, expected, matched: Math.max(0, expected - differing), missing: n('missing'), stale: n('stale'), revoked: n('revoked'), ahead: n('ahead'),
    unknown: n('unknown'), repushed: 0, skippedOpen: totals.rows[0]?.open ?? 0,
  };
}

/** Puts the delivered-but-missing (or stale) versions back to pending and enqueues them. */
async function repush(deps: ReconcileDeps, id: string, target: string): Promise<number> {
  const r = await deps.db.query<{ id: number }>(
    `UPDATE deliveries d SET state = 'pending', last_error_code = 'RECONCILE_' || upper(i.category), last_error = NULL, job_id = NULL, updated_at = now()
     FROM reconciliation_items i
     WHERE i.reconciliation_id = $1 AND i.action = 'repush' AND d.record_id = i.record_id::uuid AND d.target = $2
       AND d.version_no = i.expected_version_no AND d.state = 'delivered'
     RETURNING d.id`,
    [id, target],
  );
  const ids = r.rows.map((x) => Number(x.id)).sort((a, b) => a - b);
  const size = deps.batchSizeOf(target);
  const jobs: EnqueueRequest[] = [];
  for (let i = 0, n = 0; i < ids.length; i += size, n++) {
    const chunk = ids.slice(i, i + size);
    const jobId = `reconcile-${id}-${n}`;
    await deps.db.query('UPDATE deliveries SET job_id = $2 WHERE id = ANY($1::bigint[])', [chunk, jobId]);
    jobs.push({ target, jobId, deliveryIds: chunk });
  }
  if (jobs.length) await deps.enqueue(jobs).catch((e: Error) => deps.logger.warn({ err: e.message }, 'enqueue after reconciliation failed; the sweeper will enqueue'));
  return ids.length;
}

export interface ReconciliationView {
  id: string;
  target: string;
  trigger: string;
  requestedBy: string | null;
  status: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  counts: ReconcileCounts | null;
  error: string | null;
}

function view(r: Record<string, unknown>): ReconciliationView {
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
  return {
    id: r.id as string, target: r.target as string, trigger: r.trigger as string, requestedBy: (r.requested_by as string) ?? null, status: r.status as string,
    createdAt: iso(r.created_at)!, startedAt: iso(r.started_at), finishedAt: iso(r.finished_at), durationMs: (r.duration_ms as number) ?? null,
    counts: (r.counts as ReconcileCounts) ?? null, error: (r.error as string) ?? null,
  };
}

export async function listReconciliations(db: Database, opts: { target?: string; limit: number }): Promise<ReconciliationView[]> {
  const r = opts.target
    ? await db.query<Record<string, unknown>>('SELECT * FROM reconciliations WHERE target = $1 ORDER BY created_at DESC LIMIT $2', [opts.target, opts.limit])
    : await db.query<Record<string, unknown>>('SELECT * FROM reconciliations ORDER BY created_at DESC LIMIT $1', [opts.limit]);
  return r.rows.map(view);
}

export async function getReconciliation(db: Database, id: string, opts: { category?: string; limit: number; offset: number }): Promise<(ReconciliationView & { items: Array<{ category: string; recordId: string; platformVersion: string | null; expectedVersionNo: number | null; action: string | null }> }) | null> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM reconciliations WHERE id = $1', [id]);
  if (!r.rows[0]) return null;
  const items = opts.category
    ? await db.query<Record<string, unknown>>('SELECT * FROM reconciliation_items WHERE reconciliation_id = $1 AND category = $2 ORDER BY record_id LIMIT $3 OFFSET $4', [id, opts.category, opts.limit, opts.offset])
    : await db.query<Record<string, unknown>>('SELECT * FROM reconciliation_items WHERE reconciliation_id = $1 ORDER BY category, record_id LIMIT $2 OFFSET $3', [id, opts.limit, opts.offset]);
  return {
    ...view(r.rows[0]),
    items: items.rows.map((i) => ({ category: i.category as string, recordId: i.record_id as string, platformVersion: (i.platform_version as string) ?? null, expectedVersionNo: (i.expected_version_no as number) ?? null, action: (i.action as string) ?? null })),
  };
}
