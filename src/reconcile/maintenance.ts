import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Config } from '../config/index.ts';
import type { Connector } from '../platforms/index.ts';
import { assignJob, type Database } from '../store/index.ts';
import type { Logger } from '../util/logger.ts';
import { createReconciliation, runReconciliation, type ReconcileDeps } from './reconcile.ts';
import { runLifecycle } from '../lifecycle/run.ts';
import { todayInShanghai } from '../util/time.ts';

export const MAINTENANCE_QUEUE = 'maintenance';

export type MaintenanceJob = { kind: 'reconcile'; reconciliationId: string; target: string } | { kind: 'nightly' } | { kind: 'lifecycle'; date?: string };

export function createMaintenanceQueue(connection: ConnectionOptions, prefix: string): Queue<MaintenanceJob> {
  return new Queue<MaintenanceJob>(MAINTENANCE_QUEUE, { connection, prefix, defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } } });
}

/** Queues a reconciliation run now; the job id is the reconciliation id, so a double click queues one run. */
export async function requestReconciliation(db: Database, queue: Queue<MaintenanceJob>, target: string, trigger: 'operator' | 'api' | 'schedule', by?: string): Promise<string> {
  const id = await createReconciliation(db, target, trigger, by);
  await queue.add('reconcile', { kind: 'reconcile', reconciliationId: id, target }, { jobId: `reconcile-${id}` });
  return id;
}

export interface MaintenanceDeps extends ReconcileDeps {
  config: Config;
  connectors: ReadonlyMap<string, Connector>;
  queue: Queue<MaintenanceJob>;
}

export interface NightlyResult {
  packaged: Record<string, number>;
  reconciliations: Record<string, unknown>;
}

/**
 * The nightly cycle itself: batch-mode targets get one run of packages holding everything pending
 * for them (delivered like any batch, provincial receipts collected on the way), then every target
 * with an inventory is reconciled once those packages have settled.
 */
export async function runNightly(deps: MaintenanceDeps, logger: Logger, opts: { settleTimeoutMs?: number } = {}): Promise<NightlyResult> {
  const packaged: Record<string, number> = {};
  const stamp = Date.now().toString(36);
  for (const t of deps.config.targets.filter((x) => x.mode === 'batch')) {
    const ids = (await deps.db.query<{ id: number }>(`SELECT id FROM deliveries WHERE is_open AND target = $1 AND state = 'pending' ORDER BY id`, [t.id])).rows.map((r) => Number(r.id));
    const jobs = [];
    for (let i = 0, n = 0; i < ids.length; i += t.batchSize, n++) {
      const chunk = ids.slice(i, i + t.batchSize);
      const jobId = `nightly-${t.id}-${stamp}-${n}`;
      await assignJob(deps.db, chunk, jobId);
      jobs.push({ target: t.id, jobId, deliveryIds: chunk });
    }
    if (jobs.length) await deps.enqueue(jobs);
    packaged[t.id] = ids.length;
  }
  const batchIds = Object.keys(packaged).filter((k) => packaged[k]! > 0);
  if (batchIds.length) {
    const deadline = Date.now() + (opts.settleTimeoutMs ?? 30 * 60_000);
    while (Date.now() < deadline) {
      const open = await deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE is_open AND target = ANY($1::text[]) AND (state = 'in_flight' OR (state = 'pending' AND job_id LIKE 'nightly-%'))`, [batchIds]);
      if ((open.rows[0]?.n ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const reconciliations: Record<string, unknown> = {};
  for (const t of deps.config.targets) {
    const connector = deps.connectors.get(t.id);
    if (!connector?.inventory) continue;
    const id = await createReconciliation(deps.db, t.id, 'schedule');
    try {
      reconciliations[t.id] = await runReconciliation(deps, id, t.id, connector);
    } catch (e) {
      reconciliations[t.id] = { error: (e as Error).message };
      logger.error({ target: t.id, err: (e as Error).message }, 'nightly reconciliation failed');
    }
  }
  return { packaged, reconciliations };
}

/**
 * The nightly cycle (BullMQ job scheduler, cron in the configured time zone) and on-demand runs:
 * every target is reconciled in turn. One maintenance job runs at a time across all workers.
 */
export async function startMaintenance(deps: MaintenanceDeps, connection: ConnectionOptions, prefix: string, logger: Logger): Promise<Worker<MaintenanceJob>> {
  const { schedules } = deps.config;
  if (schedules.nightly) {
    await deps.queue.upsertJobScheduler('nightly', { pattern: schedules.nightly, tz: schedules.timezone }, { name: 'nightly', data: { kind: 'nightly' } });
  } else {
    await deps.queue.removeJobScheduler('nightly');
  }
  const lifecycleCron = deps.config.lifecycle.schedule;
  if (lifecycleCron) await deps.queue.upsertJobScheduler('lifecycle', { pattern: lifecycleCron, tz: schedules.timezone }, { name: 'lifecycle', data: { kind: 'lifecycle' } });
  else await deps.queue.removeJobScheduler('lifecycle');
  const worker = new Worker<MaintenanceJob>(
    MAINTENANCE_QUEUE,
    async (job) => {
      const data = job.data;
      if (data.kind === 'reconcile') {
        const connector = deps.connectors.get(data.target);
        if (!connector) throw new Error(`no connector for target ${data.target}`);
        return runReconciliation(deps, data.reconciliationId, data.target, connector);
      }
      if (data.kind === 'lifecycle') return runLifecycle(deps, data.date ?? todayInShanghai());
      return runNightly(deps, logger);
    },
    { connection, prefix, concurrency: 1, lockDuration: 120_000 },
  );
  worker.on('error', (e) => logger.error({ err: e.message }, 'maintenance worker error'));
  return worker;
}
