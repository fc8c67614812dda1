import { Queue, type ConnectionOptions } from 'bullmq';
import type { TargetConfig } from '../config/index.ts';
import type { EnqueueRequest } from '../store/index.ts';

export interface DeliveryJobData {
  target: string;
  deliveryIds: number[];
}

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
  return {
    get,
    all: () => [...queues.values()],
    async enqueue(jobs, delayMs) {
      const byTarget = new Map<string, EnqueueRequest[]>();
      for (const j of jobs) byTarget.set(j.target, [...(byTarget.get(j.target) ?? []), j]);
      await Promise.all(
        [...byTarget].map(([target, list]) =>
          get(target).addBulk(list.map((j) => ({ name: 'deliver', data: { target, deliveryIds: j.deliveryIds }, opts: { jobId: j.jobId, ...(delayMs ? { delay: delayMs } : {}) } }))),
        ),
      );
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
