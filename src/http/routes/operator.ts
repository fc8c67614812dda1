import { Hono, type Context } from 'hono';
import { GatewayError } from '../../errors/index.ts';
import { auditOnly, discardDelivery, listAudit, listDeliveries, retryDeliveries, targetCounts, verifyAudit, type DeliveryFilter } from '../../store/index.ts';
import type { AppDeps } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { requireOperator, type OperatorKeyring } from '../operator-auth.ts';

const STATES = ['pending', 'in_flight', 'delivered', 'rejected', 'failed', 'superseded', 'discarded'];
const MAX_BULK = 10_000;

function filterOf(q: Record<string, string | undefined>): DeliveryFilter {
  if (q.state && !STATES.includes(q.state)) throw new GatewayError('QUERY_INVALID', { param: 'state', reason: STATES.join(' | ') });
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

async function reasonOf(c: Context<AppEnv>, required: boolean): Promise<string | undefined> {
  let body: Record<string, unknown> = {};
  const text = await c.req.text();
  if (text.trim()) {
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new GatewayError('MALFORMED_JSON', { reason: (e as Error).message.slice(0, 200) });
    }
  }
  const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 1000) : undefined;
  if (required && !reason) throw new GatewayError('REASON_REQUIRED');
  c.set('body' as never, body as never);
  return reason;
}

/** Operator actions on deliveries and targets (the console puts a UI on these); every action audited. */
export function operatorRoutes(deps: AppDeps, keyring: OperatorKeyring): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const ops = deps.operations;
  const viewer = requireOperator(keyring, 'viewer');
  const operator = requireOperator(keyring, 'operator');
  const admin = requireOperator(keyring, 'admin');
  const actor = (c: Context<AppEnv>, reason?: string) => ({ actor: c.get('operator').id, role: c.get('operator').role, ...(reason ? { reason } : {}) });
  const targetIds = new Set(deps.config.targets.map((t) => t.id));
  const checkTarget = (id: string) => {
    if (!targetIds.has(id)) throw new GatewayError('NOT_FOUND', { what: `target ${id.slice(0, 64)}` });
  };
  const batchSizeOf = (t: string) => deps.config.targets.find((x) => x.id === t)?.batchSize ?? 100;

  r.get('/v1/deliveries', viewer, async (c) => {
    const q = c.req.query();
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new GatewayError('QUERY_INVALID', { param: 'limit', reason: '1–500' });
    const before = q.before === undefined ? undefined : Number(q.before);
    if (before !== undefined && (!Number.isInteger(before) || before < 1)) throw new GatewayError('QUERY_INVALID', { param: 'before', reason: 'a delivery id' });
    const page = await listDeliveries(deps.db, filterOf(q), { limit, beforeId: before });
    return c.json({ items: page.items, nextBefore: page.nextBeforeId });
  });

  r.post('/v1/deliveries/:id/retry', operator, async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || id < 1) throw new GatewayError('NOT_FOUND', { what: `delivery ${c.req.param('id').slice(0, 32)}` });
    const reason = await reasonOf(c, false);
    const res = await retryDeliveries(deps.db, { ids: [id] }, actor(c, reason), { max: 1, jobPrefix: 'retry', batchSizeOf });
    const skip = res.skipped[0];
    if (skip?.why === 'NOT_FOUND') throw new GatewayError('NOT_FOUND', { what: `delivery ${id}` });
    if (skip) throw new GatewayError('DELIVERY_NOT_RETRYABLE', { id, state: skip.why.toLowerCase() });
    await deps.enqueue(res.jobs);
    return c.json({ retried: res.retried });
  });

  r.post('/v1/deliveries/retry', operator, async (c) => {
    const reason = await reasonOf(c, true);
    const body = (c.get('body' as never) ?? {}) as { filter?: Record<string, string> };
    const filter = filterOf(body.filter ?? {});
    // Retrying everything by accident is a real risk at night: a bulk retry needs a state or a target.
    if (!filter.state && !filter.target && !filter.errorCode) throw new GatewayError('QUERY_INVALID', { param: 'filter', reason: 'state, target or errorCode required' });
    filter.state ??= 'failed';
    const res = await retryDeliveries(deps.db, filter, actor(c, reason), { max: MAX_BULK, jobPrefix: 'bulk-retry', batchSizeOf });
    await deps.enqueue(res.jobs);
    return c.json({ retried: res.retried, skipped: res.skipped.length, limit: MAX_BULK });
  });

  r.post('/v1/deliveries/:id/discard', operator, async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || id < 1) throw new GatewayError('NOT_FOUND', { what: `delivery ${c.req.param('id').slice(0, 32)}` });
    const reason = await reasonOf(c, true);
    const res = await discardDelivery(deps.db, id, actor(c, reason));
    if (!res.ok && res.why === 'NOT_FOUND') throw new GatewayError('NOT_FOUND', { what: `delivery ${id}` });
    if (!res.ok) throw new GatewayError('DELIVERY_NOT_DISCARDABLE', { id, state: res.why.toLowerCase() });
    return c.json({ discarded: 1 });
  });

  r.get('/v1/targets', viewer, async (c) => {
    const counts = await targetCounts(deps.db);
    const out = await Promise.all(
      deps.config.targets.map(async (t) => {
        const states = Object.fromEntries(STATES.map((s) => [s, counts.find((x) => x.target === t.id && x.state === s)?.count ?? 0]));
        return { id: t.id, name: t.name, kind: t.kind, mode: t.mode, deliveries: states, ...(ops ? { paused: await ops.isPaused(t.id), circuit: await ops.circuitStatus(t.id), queue: await ops.queueCounts(t.id) } : {}) };
      }),
    );
    return c.json({ targets: out });
  });

  for (const action of ['pause', 'resume', 'reset-circuit'] as const) {
    r.post(`/v1/targets/:id/${action}`, operator, async (c) => {
      const id = c.req.param('id');
      checkTarget(id);
      const reason = await reasonOf(c, action === 'pause');
      if (!ops) throw new GatewayError('UNAVAILABLE', { dependency: 'queue' });
      if (action === 'pause') await ops.pause(id);
      else if (action === 'resume') await ops.resume(id);
      else await ops.resetCircuit(id);
      await auditOnly(deps.db, { ...actor(c, reason), action: `target.${action}`, subject: `target:${id}` });
      return c.json({ target: id, paused: await ops.isPaused(id), circuit: await ops.circuitStatus(id) });
    });
  }

  r.get('/v1/audit', admin, async (c) => {
    const q = c.req.query();
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new GatewayError('QUERY_INVALID', { param: 'limit', reason: '1–1000' });
    const before = q.before ? Number(q.before) : undefined;
    return c.json({ entries: await listAudit(deps.db, { limit, beforeSeq: before, actor: q.actor, action: q.action }) });
  });
  r.get('/v1/audit/verify', admin, async (c) => c.json(await verifyAudit(deps.db)));
  return r;
}
