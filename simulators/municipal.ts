/**
 * Simulator of the municipal credit platform (DESIGN §3.4 `municipal`): real-time JSON REST with a
 * bearer token, the platform's own 双公示 checks, idempotent storage per recordId + version, an
 * inventory for reconciliation, and seeded fault injection. See simulators/README.md.
 */
import { Hono, type Env } from 'hono';
import { simulatorSurface, type SimulatorSurface } from './controls.ts';
import { parseBatch, rejectionReason } from './municipal-rules.ts';
import { copyRecord, decodeCursor, MunicipalStore, type DroppedRecord, type MunicipalStats, type SimRecord } from './municipal-store.ts';
import { applyFaultPatch, createFaultEngine, NO_FAULTS, PLATFORM_FAULT_KEYS, type PlatformFaults } from './faults.ts';

export type { DroppedRecord, InventoryItem, MunicipalStats, SimHistoryEntry, SimRecord } from './municipal-store.ts';
export type { ListeningServer } from './listen.ts';
export { checkUscc } from './municipal-rules.ts';

/** The municipal platform's faults: the shared platform faults (simulators/faults.ts). */
export type MunicipalFaults = PlatformFaults;

/** A change of faults; null (or 0) switches a fault off. */
export type FaultPatch = { [K in keyof MunicipalFaults]?: number | null };

export interface MunicipalSimOptions extends FaultPatch {
  token: string;
  /** Largest batch accepted (default 1000); bigger → 400. */
  maxBatch?: number;
  /** PRNG seed for reproducible fault sequences (default: random). */
  seed?: number;
  /** Clock in ms (default Date.now): timestamps and the rate-limit window. For tests. */
  now?: () => number;
}

export interface MunicipalSimulator extends SimulatorSurface<SimRecord, DroppedRecord, MunicipalStats, MunicipalFaults, FaultPatch> {
  app: Hono;
}

function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

export function createMunicipalSimulator(opts: MunicipalSimOptions): MunicipalSimulator {
  const now = opts.now ?? Date.now;
  const maxBatch = opts.maxBatch ?? 1000;
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 32);
  const engine = createFaultEngine({ keys: PLATFORM_FAULT_KEYS, initial: applyFaultPatch(PLATFORM_FAULT_KEYS, NO_FAULTS, { ...opts }), seed, now });
  const expected = `Bearer ${opts.token}`;

  let store = new MunicipalStore();

  const app = new Hono();
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => c.json(errorBody('INTERNAL', err.message), 500));

  // Platform faults and auth, in the order a real gateway in front of the platform applies them.
  app.use('/api/*', async (c, next) => {
    store.stats.requests += 1;
    const fault = await engine.intercept(c.req.raw.signal, store.stats.faults);
    if (fault) return c.json(errorBody(fault.code, fault.message), fault.status, fault.headers);
    if (c.req.header('authorization') !== expected) {
      return c.json(errorBody('UNAUTHORIZED', 'missing or invalid bearer token'), 401);
    }
    await next();
  });

  app.post('/api/v1/credit-records', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json(errorBody('BAD_REQUEST', 'body is not valid JSON'), 400);
    }
    const parsed = parseBatch(body, maxBatch);
    if ('error' in parsed) return c.json(errorBody('BAD_REQUEST', parsed.error), 400);
    const { batchId, records } = parsed.batch;
    const s = store.stats;
    s.batches += 1;
    s.recordsReceived += records.length;
    const ms = now();
    const drop = engine.drop;
    const results = records.map((r) => {
      const reason = rejectionReason(r);
      if (reason !== null) {
        s.rejected += 1;
        return { recordId: r.recordId, version: r.version, status: 'rejected' as const, reason };
      }
      const receiptId = store.accept(batchId, r, ms, drop);
      return { recordId: r.recordId, version: r.version, status: 'ok' as const, receiptId };
    });
    return c.json({ batchId, results });
  });

  app.get('/api/v1/credit-records/inventory', (c) => {
    const since = c.req.query('since');
    const sinceMs = since === undefined || since === '' ? null : Date.parse(since);
    if (Number.isNaN(sinceMs)) return c.json(errorBody('BAD_REQUEST', 'since must be an ISO 8601 time'), 400);
    const rawCursor = c.req.query('cursor');
    const cursor = rawCursor ? decodeCursor(rawCursor) : null;
    if (rawCursor && !cursor) return c.json(errorBody('BAD_REQUEST', 'invalid cursor'), 400);
    const rawLimit = c.req.query('limit');
    const limit = rawLimit === undefined || rawLimit === '' ? 1000 : Number(rawLimit);
    if (!Number.isSafeInteger(limit) || limit < 1) return c.json(errorBody('BAD_REQUEST', 'limit must be a positive integer'), 400);
    return c.json(store.inventory(sinceMs, cursor, Math.min(limit, 5000)));
  });

  return {
    app,
    ...simulatorSurface<Env, SimRecord, DroppedRecord, MunicipalStats, MunicipalFaults, FaultPatch>(app, {
      store: () => store,
      newStore: () => {
        store = new MunicipalStore();
      },
      engine,
      faultKeys: PLATFORM_FAULT_KEYS,
      copy: copyRecord,
    }),
  };
}

