// Operator actions on deliveries, targets and reconciliations, shared by the operator API
// (routes/operator.ts, routes/reconciliations.ts) and the console (src/console): the same checks,
// the same store calls, the same audit entries, whichever door the operator came in by.
import { deliveryPolicy } from '../config/index.ts';
import { GatewayError } from '../errors/index.ts';
import { auditOnly, discardDelivery, retryDeliveries, deliveryCounts, type DeliveryFilter } from '../store/index.ts';
import type { CircuitStatus } from '../delivery/circuit.ts';
import type { AppDeps } from './app.ts';

export const DELIVERY_STATES = ['pending', 'in_flight', 'delivered', 'rejected', 'failed', 'superseded', 'discarded'] as const;
export const MAX_BULK = 10_000;
export const TARGET_ACTIONS = ['pause', 'resume', 'reset-circuit'] as const;
export type TargetAction = (typeof TARGET_ACTIONS)[number];

/** Who acts and why: goes into the audit entry. */
export interface Actor {
  actor: string;
  role: string;
  reason?: string;
}

/** A delivery filter from query (or form) parameters; the names are the API's. */
export function deliveryFilterOf(q: Record<string, string | undefined>): DeliveryFilter {
  if (q.state && !(DELIVERY_STATES as readonly string[]).includes(q.state)) throw new GatewayError('QUERY_INVALID', { param: 'state', reason: DELIVERY_STATES.join(' | ') });
  for (const p of ['from', 'to'] as const) if (q[p] && Number.isNaN(Date.parse(q[p]!))) throw new GatewayError('QUERY_INVALID', { param: p, reason: 'ISO date or time' });
  const f: DeliveryFilter = {};
  if (q.target) f.target = q.target;
  if (q.state) f.state = q.state;
  if (q.errorCode) f.errorCode = q.errorCode;
  if (q.department) f.departmentId = q.department;
  if (q.type) f.recordType = q.type;
  if (q.from) f.from = q.from;
  if (q.to) f.to = q.to;
  if (q.q) f.q = q.q.slice(0, 200);
  return f;
}

/** Trims and bounds a reason; REASON_REQUIRED when one is needed and none given. */
export function reasonOf(raw: unknown, required: boolean): string | undefined {
  const reason = typeof raw === 'string' ? raw.trim().slice(0, 1000) : undefined;
  if (required && !reason) throw new GatewayError('REASON_REQUIRED');
  return reason || undefined;
}

export interface TargetSummary {
  id: string;
  name: string;
  kind: string;
  mode: string;
  deliveries: Record<string, number>;
  paused?: boolean;
  circuit?: CircuitStatus | null;
  queue?: Record<string, number>;
}

export function operatorActions(deps: Pick<AppDeps, 'db' | 'config' | 'enqueue' | 'operations'>) {
  const ops = deps.operations;
  const targetIds = new Set(deps.config.targets.map((t) => t.id));
  const checkTarget = (id: string) => {
    if (!targetIds.has(id)) throw new GatewayError('NOT_FOUND', { what: `target ${id.slice(0, 64)}` });
  };
  const batchSizeOf = deliveryPolicy(deps.config).batchSize;
  const audited = (a: Actor) => ({ actor: a.actor, role: a.role, ...(a.reason ? { reason: a.reason } : {}) });
  const deliveryId = (raw: string): number => {
    const id = Number(raw);
    if (!/^\d{1,18}$/.test(raw) || !Number.isSafeInteger(id) || id < 1) throw new GatewayError('NOT_FOUND', { what: `delivery ${raw.slice(0, 32)}` });
    return id;
  };

  return {
    deliveryId,

    /** Puts one failed / rejected / discarded delivery back on its queue. */
    async retryOne(id: number, actor: Actor): Promise<{ retried: number }> {
      const res = await retryDeliveries(deps.db, { ids: [id] }, audited(actor), { max: 1, jobPrefix: 'retry', batchSizeOf });
      const skip = res.skipped[0];
      if (skip?.why === 'NOT_FOUND') throw new GatewayError('NOT_FOUND', { what: `delivery ${id}` });
      if (skip) throw new GatewayError('DELIVERY_NOT_RETRYABLE', { id, state: skip.why.toLowerCase() });
      await deps.enqueue(res.jobs);
      return { retried: res.retried };
    },

    /** Retries every delivery the filter selects (failed by default), up to MAX_BULK; needs a reason and a narrowing filter. */
    async retryBulk(filter: DeliveryFilter, actor: Actor): Promise<{ retried: number; skipped: number; limit: number }> {
      if (!actor.reason) throw new GatewayError('REASON_REQUIRED');
      // Retrying everything by accident is a real risk at night: a bulk retry needs a state or a target.
      if (!filter.state && !filter.target && !filter.errorCode) throw new GatewayError('QUERY_INVALID', { param: 'filter', reason: 'state, target or errorCode required' });
      const f = { ...filter, state: filter.state ?? 'failed' };
      const res = await retryDeliveries(deps.db, f, audited(actor), { max: MAX_BULK, jobPrefix: 'bulk-retry', batchSizeOf });
      await deps.enqueue(res.jobs);
      return { retried: res.retried, skipped: res.skipped.length, limit: MAX_BULK };
    },

    /** Marks one delivery discarded for good, with the reason. */
    async discard(id: number, actor: Actor): Promise<{ discarded: number }> {
      if (!actor.reason) throw new GatewayError('REASON_REQUIRED');
      const res = await discardDelivery(deps.db, id, audited(actor));
      if (!res.ok && res.why === 'NOT_FOUND') throw new GatewayError('NOT_FOUND', { what: `delivery ${id}` });
      if (!res.ok) throw new GatewayError('DELIVERY_NOT_DISCARDABLE', { id, state: res.why.toLowerCase() });
      return { discarded: 1 };
    },

    /** Pause / resume a target's queue, or reset its circuit; pausing needs a reason. Audited. */
    async targetAction(id: string, action: TargetAction, actor: Actor): Promise<{ target: string; paused: boolean; circuit: CircuitStatus | null }> {
      checkTarget(id);
      if (action === 'pause' && !actor.reason) throw new GatewayError('REASON_REQUIRED');
      if (!ops) throw new GatewayError('UNAVAILABLE', { dependency: 'queue' });
      if (action === 'pause') await ops.pause(id);
      else if (action === 'resume') await ops.resume(id);
      else await ops.resetCircuit(id);
      await auditOnly(deps.db, { ...audited(actor), action: `target.${action}`, subject: `target:${id}` });
      return { target: id, paused: await ops.isPaused(id), circuit: await ops.circuitStatus(id) };
    },

    /** Every configured target with its delivery counts by state and, when the process has queues, pause, circuit and queue counts. */
    async targets(): Promise<TargetSummary[]> {
      const counts = await deliveryCounts(deps.db);
      return Promise.all(
        deps.config.targets.map(async (t) => {
          const states = Object.fromEntries(DELIVERY_STATES.map((s) => [s, counts.find((x) => x.target === t.id && x.state === s)?.count ?? 0]));
          return { id: t.id, name: t.name, kind: t.kind, mode: t.mode, deliveries: states, ...(ops ? { paused: await ops.isPaused(t.id), circuit: await ops.circuitStatus(t.id), queue: await ops.queueCounts(t.id) } : {}) };
        }),
      );
    },

    /** Queues a reconciliation run of a target now. Audited. */
    async requestReconciliation(target: string, actor: Actor): Promise<string> {
      if (!deps.config.targets.some((t) => t.id === target)) throw new GatewayError('NOT_FOUND', { what: `target ${target.slice(0, 64)}` });
      if (!ops?.requestReconciliation) throw new GatewayError('UNAVAILABLE', { dependency: 'queue' });
      const id = await ops.requestReconciliation(target, actor.actor);
      await auditOnly(deps.db, { actor: actor.actor, role: actor.role, action: 'reconciliation.request', subject: `target:${target}`, details: { reconciliationId: id } });
      return id;
    },
  };
}

export type OperatorActions = ReturnType<typeof operatorActions>;
