import { Hono } from 'hono';
import { GatewayError } from '../../errors/index.ts';
import { getReconciliation, listReconciliations } from '../../reconcile/index.ts';
import type { AppDeps } from '../app.ts';
import type { AppEnv } from '../env.ts';
import { requireOperator, type OperatorKeyring } from '../operator-auth.ts';
import { operatorActions } from '../operator-actions.ts';
import { isUuid } from '../../util/ids.ts';

const CATEGORIES = ['missing', 'stale', 'revoked', 'ahead', 'unknown'];

/** Reconciliation reports, and a run on demand (operators). */
export function reconciliationRoutes(deps: AppDeps, keyring: OperatorKeyring): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get('/v1/reconciliations', requireOperator(keyring, 'viewer'), async (c) => {
    const target = c.req.query('target');
    const limit = Number(c.req.query('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new GatewayError('QUERY_INVALID', { param: 'limit', reason: '1–500' });
    return c.json({ reconciliations: await listReconciliations(deps.db, { target, limit }) });
  });
  r.get('/v1/reconciliations/:id', requireOperator(keyring, 'viewer'), async (c) => {
    const id = c.req.param('id');
    const category = c.req.query('category');
    if (category && !CATEGORIES.includes(category)) throw new GatewayError('QUERY_INVALID', { param: 'category', reason: CATEGORIES.join(' | ') });
    const limit = Number(c.req.query('limit') ?? 1000);
    const offset = Number(c.req.query('offset') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new GatewayError('QUERY_INVALID', { param: 'limit', reason: '1–10000' });
    if (!Number.isInteger(offset) || offset < 0) throw new GatewayError('QUERY_INVALID', { param: 'offset', reason: '≥ 0' });
    const rec = isUuid(id) ? await getReconciliation(deps.db, id, { category, limit, offset }) : null;
    if (!rec) throw new GatewayError('NOT_FOUND', { what: `reconciliation ${id.slice(0, 64)}` });
    return c.json(rec);
  });
  r.post('/v1/reconciliations', requireOperator(keyring, 'operator'), async (c) => {
    let body: { target?: unknown } = {};
    try {
      body = (await c.req.json()) as { target?: unknown };
    } catch {
      throw new GatewayError('MALFORMED_JSON', { reason: 'expected {"target": "<id>"}' });
    }
    const target = typeof body.target === 'string' ? body.target : '';
    const op = c.get('operator');
    const id = await operatorActions(deps).requestReconciliation(target, { actor: op.id, role: op.role });
    return c.json({ id, target, status: 'queued', href: `/v1/reconciliations/${id}` }, 202);
  });
  return r;
}
