import { Hono } from 'hono';
import { GatewayError } from '../../errors/index.ts';
import { checkUscc, normaliseCode, RECORD_TYPES } from '../../model/index.ts';
import { getRecord, listRecords, type RecordFilter } from '../../store/index.ts';
import type { AppDeps } from '../app.ts';
import { requireKey, type Keyring } from '../auth.ts';
import { maskRecordView } from '../security/redact.ts';
import type { AppEnv } from '../env.ts';
import { isUuid } from '../../util/ids.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DELIVERY_STATES = ['pending', 'in_flight', 'delivered', 'rejected', 'failed', 'superseded', 'discarded'];

function encodeCursor(c: { updatedAt: string; id: string } | null): string | null {
  return c ? Buffer.from(`${c.updatedAt}|${c.id}`, 'utf8').toString('base64url') : null;
}

function decodeCursor(s: string | undefined): RecordFilter['cursor'] {
  if (!s) return undefined;
  const [updatedAt, id] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  if (!updatedAt || !id || !isUuid(id) || !/^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)?$/.test(updatedAt)) throw new GatewayError('QUERY_INVALID', { param: 'cursor', reason: 'not a cursor this API returned' });
  return { updatedAt, id };
}

export function readRoutes(deps: AppDeps, keyring: Keyring): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const read = requireKey(keyring, 'read');
  const unmasked = (c: { get(k: 'principal'): { scopes: ReadonlySet<string> } }) => c.get('principal').scopes.has('read:unmasked');

  r.get('/v1/records/:id', read, async (c) => {
    const id = c.req.param('id');
    const rec = isUuid(id) ? await getRecord(deps.db, id) : null;
    if (!rec) throw new GatewayError('NOT_FOUND', { what: `record ${id.slice(0, 64)}` });
    return c.json(unmasked(c) ? rec : maskRecordView(rec));
  });

  r.get('/v1/records', read, async (c) => {
    const q = c.req.query();
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new GatewayError('QUERY_INVALID', { param: 'limit', reason: '1–500' });
    if (q.type && !(RECORD_TYPES as readonly string[]).includes(q.type)) throw new GatewayError('QUERY_INVALID', { param: 'type', reason: RECORD_TYPES.join(' | ') });
    if (q.status && !DELIVERY_STATES.includes(q.status)) throw new GatewayError('QUERY_INVALID', { param: 'status', reason: DELIVERY_STATES.join(' | ') });
    for (const p of ['from', 'to'] as const) if (q[p] && !DATE.test(q[p]!)) throw new GatewayError('QUERY_INVALID', { param: p, reason: 'YYYY-MM-DD' });
    const page = await listRecords(deps.db, {
      uscc: q.uscc ? normaliseCode(q.uscc) : undefined,
      type: q.type,
      departmentId: q.department,
      deliveryState: q.status,
      from: q.from,
      to: q.to,
      limit,
      cursor: decodeCursor(q.cursor),
    });
    return c.json({ items: page.items, nextCursor: encodeCursor(page.next) });
  });

  r.get('/v1/subjects/:uscc', read, async (c) => {
    const uscc = normaliseCode(c.req.param('uscc'));
    if (checkUscc(uscc) === 'format') throw new GatewayError('QUERY_INVALID', { param: 'uscc', reason: '18 位统一社会信用代码' });
    const page = await listRecords(deps.db, { uscc, limit: 500 });
    if (page.items.length === 0) throw new GatewayError('NOT_FOUND', { what: `subject ${uscc}` });
    const byType: Record<string, typeof page.items> = {};
    for (const it of page.items) (byType[it.recordType] ??= []).push(it);
    return c.json({ uscc, subjectName: page.items[0]!.subjectName, recordCount: page.items.length, truncated: page.next !== null, records: byType });
  });
  return r;
}
