import { randomUUID } from 'node:crypto';
import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { TargetConfig } from '../config/index.ts';
import type { Logger } from '../util/logger.ts';
import { PlatformError, type Connector, type PushItem } from '../platforms/index.ts';
import { claimDeliveries, coalescedCandidates, completeDeliveries, completePush, recordPushAttempt, releaseDeliveries, renewLeases, type Database } from '../store/index.ts';
import { backoffDelay } from './backoff.ts';
import type { CircuitBreaker } from './circuit.ts';
import { queueName, type DeliveryJobData, type DeliveryQueues } from './queues.ts';

export interface WorkerDeps {
  db: Database;
  queues: DeliveryQueues;
  connection: ConnectionOptions;
  prefix: string;
  logger: Logger;
  leaseMs: number;
  /** BullMQ lock duration; a crashed worker's job is re-run after it. */
  jobLockMs?: number;
  /** Shared per-target circuit breaker; absent in unit tests. */
  circuit?: CircuitBreaker;
  /** Called after each push with its outcome (metrics). */
  onPush?: (target: string, outcome: string, records: number, ms: number) => void;
}

export interface DeliveryJobResult {
  delivered: number;
  rejected: number;
  blocked: number;
  skipped: number;
}

/** Wait used when a record's other version is still in flight. */
const BLOCKED_RETRY_MS = 1000;
/** Wait when the platform refuses our credentials: an operator must fix configuration; records are kept. */
const CONFIG_RETRY_MS = 60_000;

/** Pushes one job's batch: claim in the store, push, record the answers; failures classified by the connector. */
export function createDeliveryProcessor(target: TargetConfig, connector: Connector, deps: WorkerDeps) {
  const pushIds = createBatchPusher(target, connector, deps);
  return async (job: Job<DeliveryJobData>, token?: string): Promise<DeliveryJobResult> => {
    if (!job.data.coalesce) return pushIds(job, token, job.data.deliveryIds);
    // The target's coalescing job: everything small submissions marked for it, oldest first, a batch at a time.
    const owner = job.id ?? randomUUID();
    const total: DeliveryJobResult = { delivered: 0, rejected: 0, blocked: 0, skipped: 0 };
    for (let after = 0; ; ) {
      const ids = await coalescedCandidates(deps.db, target.id, owner, after, target.batchSize);
      if (ids.length === 0) break;
      const r = await pushIds(job, token, ids);
      total.delivered += r.delivered;
      total.rejected += r.rejected;
      total.blocked += r.blocked;
      total.skipped += r.skipped;
      if (ids.length < target.batchSize) break;
      after = ids[ids.length - 1]!;
    }
    return total;
  };
}

/** Pushes one batch of deliveries for a job: claim in the store, push, record the answers; failures classified by the connector. */
function createBatchPusher(target: TargetConfig, connector: Connector, deps: WorkerDeps) {
  return async (job: Job<DeliveryJobData>, token: string | undefined, deliveryIds: readonly number[]): Promise<DeliveryJobResult> => {
    const owner = job.id ?? randomUUID();
    if (deps.circuit && token) {
      const admission = await deps.circuit.admit();
      if (!admission.allowed) {
        // The circuit is open: come back when it may half-open, without spending an attempt.
        await job.moveToDelayed(Date.now() + admission.waitMs + Math.floor(Math.random() * 250), token);
        throw new DelayedError();
      }
    }
    const { claimed, blocked, gone } = await claimDeliveries(deps.db, deliveryIds, owner, deps.leaseMs);
    if (blocked.length) {
      // Another version of these records is in flight; try them again shortly in a job of their own.
      await deps.queues.enqueue([{ target: target.id, jobId: `${owner}-b${job.attemptsMade}-${Date.now()}`, deliveryIds: blocked }], BLOCKED_RETRY_MS);
    }
    if (claimed.length === 0) return { delivered: 0, rejected: 0, blocked: blocked.length, skipped: gone.length };

    // The record is read from the claim only if the connector asks for it (the municipal one copies from the JSON).
    const items: PushItem[] = claimed.map((c) => ({
      deliveryId: c.id, recordId: c.recordId, version: c.version, versionNo: c.versionNo, json: c.json,
      get record() {
        return c.record;
      },
    }));
    const ids = items.map((i) => i.deliveryId);
    const batchId = randomUUID();
    const started = new Date();
    const t0 = performance.now();
    // Keep the lease alive while the push runs (a provincial push waits for its receipt), so no other
    // worker can take a newer version of these records and overtake this one.
    const heartbeat = setInterval(() => {
      renewLeases(deps.db, owner, ids, deps.leaseMs).catch((e: Error) => deps.logger.warn({ err: e.message }, 'lease renewal failed'));
    }, Math.max(500, Math.floor(deps.leaseMs / 3)));
    try {
      const res = await connector.push(items, batchId);
      const ms = performance.now() - t0;
      const outcomes = res.results.map((r) =>
        r.status === 'ok' ? { id: r.deliveryId, outcome: 'delivered' as const, receiptId: r.receiptId } : { id: r.deliveryId, outcome: 'rejected' as const, reason: r.reason },
      );
      const rejected = outcomes.filter((o) => o.outcome === 'rejected').length;
      // The circuit's success and the answers are written side by side (Redis and PostgreSQL).
      await Promise.all([
        deps.circuit?.onSuccess(),
        completePush(deps.db, owner, outcomes, { target: target.id, batchId, jobId: owner, deliveryIds: ids, startedAt: started, durationMs: ms, httpStatus: res.httpStatus, outcome: rejected === 0 ? 'ok' : rejected === ids.length ? 'rejected' : 'partial' }),
      ]);
      deps.onPush?.(target.id, rejected === 0 ? 'ok' : 'partial', ids.length, ms);
      return { delivered: ids.length - rejected, rejected, blocked: blocked.length, skipped: gone.length };
    } catch (e) {
      const ms = performance.now() - t0;
      const err = e instanceof PlatformError ? e : new PlatformError('transient', (e as Error).message);
      await recordPushAttempt(deps.db, { target: target.id, batchId, jobId: owner, deliveryIds: ids, startedAt: started, durationMs: ms, httpStatus: err.httpStatus, outcome: err.kind, errorCode: `PLATFORM_${err.kind.toUpperCase()}`, message: err.message });
      deps.onPush?.(target.id, err.kind, ids.length, ms);
      const code = `PLATFORM_${err.kind.toUpperCase()}`;
      if (err.kind === 'transient' && deps.circuit && (await deps.circuit.onFailure())) {
        deps.logger.warn({ target: target.id, status: await deps.circuit.status() }, 'circuit opened: pushes to this target paused');
      }

      if (err.kind === 'permanent') {
        await completeDeliveries(deps.db, owner, ids.map((id) => ({ id, outcome: 'rejected' as const, reason: err.message })));
        throw new UnrecoverableError(err.message);
      }
      if (err.kind === 'rate_limited' || err.kind === 'config') {
        // Wait as told without spending an attempt: the job goes back to delayed, attemptsMade unchanged.
        await releaseDeliveries(deps.db, owner, ids, { code, message: err.message }, false);
        const wait = err.kind === 'config' ? CONFIG_RETRY_MS : (err.retryAfterMs ?? 1000);
        if (err.kind === 'config') deps.logger.error({ target: target.id, status: err.httpStatus }, 'platform refused our credentials; deliveries held until configuration is fixed');
        if (token) {
          await job.moveToDelayed(Date.now() + wait, token);
          throw new DelayedError();
        }
      }
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await releaseDeliveries(deps.db, owner, ids, { code: final ? 'RETRIES_EXHAUSTED' : code, message: err.message }, final);
      deps.logger.warn({ target: target.id, job: job.id, attempt: job.attemptsMade + 1, kind: err.kind, final }, `push failed: ${err.message}`);
      throw err;
    } finally {
      clearInterval(heartbeat);
    }
  };
}

export function startDeliveryWorker(target: TargetConfig, connector: Connector, deps: WorkerDeps): Worker<DeliveryJobData, DeliveryJobResult> {
  const processor = createDeliveryProcessor(target, connector, deps);
  const worker = new Worker<DeliveryJobData, DeliveryJobResult>(queueName(target.id), processor, {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: target.concurrency,
    ...(target.rateLimit ? { limiter: { max: target.rateLimit.max, duration: target.rateLimit.durationMs } } : {}),
    settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(target.retry, attemptsMade) },
    stalledInterval: deps.jobLockMs ?? 30_000,
    lockDuration: deps.jobLockMs ?? 30_000,
    maxStalledCount: 5,
  });
  worker.on('error', (e) => deps.logger.error({ target: target.id, err: e.message }, 'delivery worker error'));
  return worker;
}
