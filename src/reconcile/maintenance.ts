import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Config } from '../config/index.ts';
import type { Connector } from '../platforms/index.ts';
import type { Database } from '../store/index.ts';
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
      const results: Record<string, unknown> = {};
      for (const t of deps.config.targets) {
        const connector = deps.connectors.get(t.id);
        if (!connector?.inventory) continue;
        const id = await createReconciliation(deps.db, t.id, 'schedule');
        try {
          results[t.id] = await runReconciliation(deps, id, t.id, connector);
        } catch (e) {
          results[t.id] = { error: (e as Error).message };
          logger.error({ target: t.id, err: (e as Error).message }, 'nightly reconciliation failed');
        }
      }
      return results;
    },
    { connection, prefix, concurrency: 1, lockDuration: 120_000 },
  );
  worker.on('error', (e) => logger.error({ err: e.message }, 'maintenance worker error'));
  return worker;
}
