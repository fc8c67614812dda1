import { Hono, type Context } from 'hono';
import { GatewayError } from '../../errors/index.ts';
import { listAudit, listDeliveries, verifyAudit } from '../../store/index.ts';
import type { AppDeps } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { requireOperator, type OperatorKeyring } from '../operator-auth.ts';
import { deliveryFilterOf, operatorActions, reasonOf, TARGET_ACTIONS, type Actor } from '../operator-actions.ts';
import { deliveriesCsv } from '../deliveries-csv.ts';

async function jsonBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  } catch (e) {
    throw new GatewayError('MALFORMED_JSON', { reason: (e as Error).message.slice(0, 200) });
  }
}

/** Operator actions on deliveries and targets (the console puts a UI on the same actions); every action audited. */
export function operatorRoutes(deps: AppDeps, keyring: OperatorKeyring): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const actions = operatorActions(deps);
  const viewer = requireOperator(keyring, 'viewer');
  const operator = requireOperator(keyring, 'operator');
  const admin = requireOperator(keyring, 'admin');
  const actor = (c: Context<AppEnv>, reason?: string): Actor => ({ actor: c.get('operator').id, role: c.get('operator').role, ...(reason ? { reason } : {}) });

  r.get('/v1/deliveries.csv', viewer, async (c) => {
    const out = await deliveriesCsv(deps.db, deliveryFilterOf(c.req.query()), c.get('lang'));
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="deliveries.csv"');
    c.header('x-rows', String(out.rows));
    if (out.truncated) c.header('x-truncated', 'true');
    return c.body(out.csv);
  });

  r.get('/v1/deliveries', viewer, async (c) => {
    const q = c.req.query();
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new GatewayError('QUERY_INVALID', { param: 'limit', reason: '1–500' });
    const before = q.before === undefined ? undefined : Number(q.before);
    if (before !== undefined && (!Number.isInteger(before) || before < 1)) throw new GatewayError('QUERY_INVALID', { param: 'before', reason: 'a delivery id' });
    const page = await listDeliveries(deps.db, deliveryFilterOf(q), { limit, beforeId: before });
    return c.json({ items: page.items, nextBefore: page.nextBeforeId });
  });

  r.post('/v1/deliveries/:id/retry', operator, async (c) => {
    const id = actions.deliveryId(c.req.param('id'));
    const reason = reasonOf((await jsonBody(c)).reason, false);
    return c.json(await actions.retryOne(id, actor(c, reason)));
  });

  r.post('/v1/deliveries/retry', operator, async (c) => {
    const body = await jsonBody(c);
    const reason = reasonOf(body.reason, true);
    const filter = deliveryFilterOf((body.filter ?? {}) as Record<string, string>);
    return c.json(await actions.retryBulk(filter, actor(c, reason)));
  });

  r.post('/v1/deliveries/:id/discard', operator, async (c) => {
    const id = actions.deliveryId(c.req.param('id'));
    const reason = reasonOf((await jsonBody(c)).reason, true);
    return c.json(await actions.discard(id, actor(c, reason)));
  });

  r.get('/v1/targets', viewer, async (c) => c.json({ targets: await actions.targets() }));

  for (const action of TARGET_ACTIONS) {
    r.post(`/v1/targets/:id/${action}`, operator, async (c) => {
      const body = await jsonBody(c);
      return c.json(await actions.targetAction(c.req.param('id'), action, actor(c, reasonOf(body.reason, false))));
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
