import type { Redis } from 'ioredis';
import type { Logger } from '../util/logger.ts';
import { assignJob, expireLeases, stalePending, type Database, type OutboxPolicy } from '../store/index.ts';
import type { DeliveryQueues } from './queues.ts';

export interface SweepResult {
  expiredLeases: number;
  requeued: number;
}

const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/**
 * The outbox relay's safety net. Deliveries whose worker died get their lease expired; pending
 * deliveries whose queue job vanished (Redis flushed or restarted, crash between commit and
 * enqueue, job failed while the row stayed pending) are enqueued again under a new job id.
 * A duplicate job is harmless: claiming is atomic in the store.
 */
export async function sweepOnce(db: Database, queues: DeliveryQueues, opts: { staleAfterMs: number; policy: OutboxPolicy; limit?: number }): Promise<SweepResult> {
  const expiredLeases = await expireLeases(db);
  const stale = await stalePending(db, opts.staleAfterMs, opts.limit ?? 20_000);
  const byJob = new Map<string, { target: string; ids: number[] }>();
  for (const d of stale) {
    // A batch-mode target's delivery has no job until the nightly package (or an operator) gives it one.
    if (opts.policy.deferred?.(d.target) && !d.jobId) continue;
    const key = `${d.target}|${d.jobId ?? ''}`;
    const e = byJob.get(key) ?? { target: d.target, ids: [] };
    e.ids.push(d.id);
    byJob.set(key, e);
  }
  let requeued = 0;
  const stamp = Date.now().toString(36);
  for (const [key, { target, ids }] of byJob) {
    const jobId = key.slice(target.length + 1);
    if (jobId) {
      const state = await queues.get(target).getJobState(jobId);
      if (LIVE_STATES.has(state)) continue;
    }
    const size = opts.policy.batchSize(target);
    for (let i = 0; i < ids.length; i += size) {
      const chunk = ids.slice(i, i + size);
      const newId = `sweep-${target}-${chunk[0]}-${stamp}`;
      await assignJob(db, chunk, newId);
      await queues.enqueue([{ target, jobId: newId, deliveryIds: chunk }]);
      requeued += chunk.length;
    }
  }
  return { expiredLeases, requeued };
}

/** Runs the sweeper on an interval; with several worker processes a Redis lock keeps it to one at a time. */
export function startSweeper(
  db: Database,
  queues: DeliveryQueues,
  redis: Redis,
  logger: Logger,
  opts: { intervalMs: number; staleAfterMs: number; policy: OutboxPolicy; lockKey: string },
): { stop(): Promise<void>; runNow(): Promise<SweepResult | null> } {
  let running: Promise<SweepResult | null> | null = null;
  const run = async (): Promise<SweepResult | null> => {
    const got = await redis.set(opts.lockKey, String(process.pid), 'PX', Math.max(opts.intervalMs, 5000), 'NX');
    if (got !== 'OK') return null;
    try {
      const r = await sweepOnce(db, queues, opts);
      if (r.expiredLeases || r.requeued) logger.info(r, 'sweeper re-enqueued deliveries');
      return r;
    } finally {
      await redis.del(opts.lockKey);
    }
  };
  const tick = () => {
    if (running) return;
    running = run()
      .catch((e: Error) => {
        logger.warn({ err: e.message }, 'sweep failed');
        return null;
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
    async runNow() {
      while (running) await running;
      return run();
    },
  };
}
