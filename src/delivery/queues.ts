import { Queue, type ConnectionOptions } from 'bullmq';
import type { TargetConfig } from '../config/index.ts';
import type { EnqueueRequest } from '../store/index.ts';

export interface DeliveryJobData {
  target: string;
  deliveryIds: number[];
  /** The target's coalescing job: it pushes the deliveries marked for it (deliveryIds empty). */
  coalesce?: true;
}

/** Past the end of its window, so that what was committed in the window is there when it runs. */
const COALESCE_GRACE_MS = 50;

export const queueName = (target: string): string => `deliver-${target}`;

export interface DeliveryQueues {
  get(target: string): Queue<DeliveryJobData>;
  enqueue(jobs: readonly EnqueueRequest[], delayMs?: number): Promise<void>;
  all(): Queue<DeliveryJobData>[];
  close(): Promise<void>;
}

/** One BullMQ queue per target. Job ids are deterministic, so adding the same job twice is a no-op. */
export function createQueues(targets: readonly TargetConfig[], connection: ConnectionOptions, prefix: string): DeliveryQueues {
  const queues = new Map<string, Queue<DeliveryJobData>>();
  const windows = new Map(targets.map((t) => [t.id, t.coalesce.windowMs]));
  for (const t of targets) {
    queues.set(
      t.id,
      new Queue<DeliveryJobData>(queueName(t.id), {
        connection,
        prefix,
        defaultJobOptions: {
          attempts: t.retry.attempts,
          backoff: { type: 'credit-backoff' },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    );
  }
  const get = (target: string) => {
    const q = queues.get(target);
    if (!q) throw new Error(`no queue for target ${target}`);
    return q;
  };
  /**
   * Per target, the window whose coalescing job this process has added. Later small submissions of
   * the same window skip the Redis call while at least COALESCE_GRACE_MS of the window remain: the
   * job cannot have run yet unless clocks (this process's, the worker's) differ by more than twice the
   * grace (then such a submission waits for a later window's job or the sweeper). Near the window's
   * end every submission adds again, as a lagging process's would after the job ran.
   */
  const added = new Map<string, number>();
  return {
    get,
    all: () => [...queues.values()],
    async enqueue(jobs, delayMs) {
      const byTarget = new Map<string, Map<string, { name: string; data: DeliveryJobData; opts: { jobId: string; delay?: number; removeOnComplete?: boolean } }>>();
      const listOf = (target: string) => byTarget.get(target) ?? byTarget.set(target, new Map()).get(target)!;
      const windowsAdded: Array<[string, number]> = [];
      for (const j of jobs) {
        if (j.coalesce) {
          // One coalescing job per target and window (its id is the window's): it runs once the window
          // has closed, so every small submission committed in the window is pushed by it.
          const windowMs = windows.get(j.target) ?? 200;
          const now = Date.now();
          const start = Math.floor(now / windowMs) * windowMs;
          if (added.get(j.target) === start && now < start + windowMs - COALESCE_GRACE_MS) continue;
          windowsAdded.push([j.target, start]);
          const jobId = `${j.target}_coalesce_${start}`;
          // Removed when done, so that a submission whose enqueue comes after the job ran (another API
          // process's clock behind by more than the grace) starts the window's job again instead of being
          // deduplicated against a finished one.
          listOf(j.target).set(jobId, { name: 'deliver', data: { target: j.target, deliveryIds: [], coalesce: true }, opts: { jobId, delay: start + windowMs - now + COALESCE_GRACE_MS, removeOnComplete: true } });
        } else {
          listOf(j.target).set(j.jobId, { name: 'deliver', data: { target: j.target, deliveryIds: j.deliveryIds }, opts: { jobId: j.jobId, ...(delayMs ? { delay: delayMs } : {}) } });
        }
      }
      // One job (a small submission's usual case): add, a single script call; addBulk builds an ioredis
      // pipeline, whose construction alone (it defines every BullMQ script on it) cost ~0.1 ms per call.
      await Promise.all(
        [...byTarget].map(([target, list]) => {
          const all = [...list.values()];
          return all.length === 1 ? get(target).add(all[0]!.name, all[0]!.data, all[0]!.opts) : get(target).addBulk(all);
        }),
      );
      for (const [target, start] of windowsAdded) added.set(target, start);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
