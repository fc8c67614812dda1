/**
 * Simulator of the municipal credit platform (DESIGN §3.4 `municipal`): real-time JSON REST with a
 * bearer token, the platform's own 双公示 checks, idempotent storage per recordId + version, an
 * inventory for reconciliation, and seeded fault injection. See simulators/README.md.
 */
import { Hono } from 'hono';
import { mountSimControls } from './controls.ts';
import { listenerSet, type ListeningServer } from './listen.ts';
import { parseBatch, rejectionReason } from './municipal-rules.ts';
import { copyRecord, decodeCursor, MunicipalStore, type DroppedRecord, type MunicipalStats, type SimRecord } from './municipal-store.ts';
import { seededStreams } from './prng.ts';

export type { DroppedRecord, InventoryItem, MunicipalStats, SimHistoryEntry, SimRecord } from './municipal-store.ts';
export type { ListeningServer } from './listen.ts';
export { checkUscc } from './municipal-rules.ts';

export interface MunicipalFaults {
  /** Added before every /api request is answered. */
  latencyMs: number;
  /** Share (0..1) of /api requests answered 500/502/503 without Retry-After. */
  errorRate: number;
  /** Requests per second (fixed 1-second window); beyond → 429 with Retry-After: 1. 0 = off. */
  rateLimit: number;
  /** Share (0..1) of /api requests answered 429 with Retry-After: 1 (a platform shedding load). */
  throttleRate: number;
  /** Share (0..1) of /api requests that hang `hangMs` and then answer 504. */
  timeoutRate: number;
  /** Share (0..1) of valid, new records acknowledged "ok" but silently not stored. */
  dropRate: number;
  hangMs: number;
}

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

export interface MunicipalSimulator {
  app: Hono;
  /** Port 0 → a free port. */
  listen(port: number, host?: string): Promise<ListeningServer>;
  /** Copies of all stored records (latest state + history), in first-stored order. */
  records(): SimRecord[];
  record(recordId: string): SimRecord | undefined;
  /** Records acknowledged "ok" but lost by the drop fault. */
  dropped(): DroppedRecord[];
  stats(): MunicipalStats;
  faults(): MunicipalFaults;
  /** Throws RangeError on an invalid value. Returns the new settings. */
  setFaults(patch: FaultPatch): MunicipalFaults;
  /** Clears records, stats and the rate window; restores the creation-time faults and seed. */
  reset(): void;
  /** Closes every server opened by listen(). */
  close(): Promise<void>;
}

const FAULT_KEYS = ['latencyMs', 'errorRate', 'rateLimit', 'throttleRate', 'timeoutRate', 'dropRate', 'hangMs'] as const;
const RATE_KEYS = new Set<string>(['errorRate', 'timeoutRate', 'dropRate', 'throttleRate']);
const ERROR_STATUSES = [500, 502, 503] as const;
const STREAMS = ['error', 'errorStatus', 'timeout', 'drop', 'throttle'] as const;

/** Applies `patch` to `base`, validating every value (RangeError on a bad one). */
export function applyFaultPatch(base: MunicipalFaults, patch: Record<string, unknown>): MunicipalFaults {
  const next = { ...base };
  for (const key of FAULT_KEYS) {
    if (!(key in patch) || patch[key] === undefined) continue;
    const v = patch[key] === null ? 0 : patch[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`${key} must be a non-negative number`);
    if (RATE_KEYS.has(key) && v > 1) throw new RangeError(`${key} must be between 0 and 1`);
    next[key] = v;
  }
  return next;
}

function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

export function createMunicipalSimulator(opts: MunicipalSimOptions): MunicipalSimulator {
  const now = opts.now ?? Date.now;
  const maxBatch = opts.maxBatch ?? 1000;
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 32);
  const initialFaults = applyFaultPatch({ latencyMs: 0, errorRate: 0, rateLimit: 0, throttleRate: 0, timeoutRate: 0, dropRate: 0, hangMs: 30_000 }, { ...opts });
  const expected = `Bearer ${opts.token}`;

  let faults = initialFaults;
  let store = new MunicipalStore();
  let rng = seededStreams(seed, STREAMS);
  let window = -1;
  let windowCount = 0;
  const pending = new Set<() => void>();

  /** Waits `ms`, ending early when the client goes away or the simulator closes. */
  const wait = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        pending.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      pending.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  const releaseAll = (): void => {
    for (const done of [...pending]) done();
  };

  const app = new Hono();
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => c.json(errorBody('INTERNAL', err.message), 500));

  // Platform faults and auth, in the order a real gateway in front of the platform applies them.
  app.use('/api/*', async (c, next) => {
    store.stats.requests += 1;
    const f = faults;
    if (f.rateLimit > 0) {
      const w = Math.floor(now() / 1000);
      if (w !== window) {
        window = w;
        windowCount = 0;
      }
      windowCount += 1;
      if (windowCount > f.rateLimit) {
        store.stats.faults.rateLimited += 1;
        return c.json(errorBody('RATE_LIMITED', `more than ${f.rateLimit} requests per second`), 429, { 'Retry-After': '1' });
      }
    }
    if (f.throttleRate > 0 && rng.throttle() < f.throttleRate) {
      store.stats.faults.rateLimited += 1;
      return c.json(errorBody('RATE_LIMITED', 'simulated load shedding'), 429, { 'Retry-After': '1' });
    }
    if (f.latencyMs > 0) await wait(f.latencyMs, c.req.raw.signal);
    if (f.timeoutRate > 0 && rng.timeout() < f.timeoutRate) {
      store.stats.faults.timeouts += 1;
      await wait(f.hangMs, c.req.raw.signal);
      return c.json(errorBody('GATEWAY_TIMEOUT', 'simulated timeout'), 504);
    }
    if (f.errorRate > 0 && rng.error() < f.errorRate) {
      store.stats.faults.errors += 1;
      const status = ERROR_STATUSES[Math.floor(rng.errorStatus() * ERROR_STATUSES.length)] ?? 500;
      return c.json(errorBody('SIMULATED_ERROR', `simulated ${status}`), status);
    }
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
    const drop = (): boolean => faults.dropRate > 0 && rng.drop() < faults.dropRate;
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

  const records = (): SimRecord[] => store.all().map(copyRecord);
  const stats = (): MunicipalStats => ({ ...store.stats, faults: { ...store.stats.faults } });
  const setFaults = (patch: FaultPatch): MunicipalFaults => {
    faults = applyFaultPatch(faults, patch);
    return { ...faults };
  };
  const reset = (): void => {
    store = new MunicipalStore();
    rng = seededStreams(seed, STREAMS);
    faults = initialFaults;
    window = -1;
    windowCount = 0;
  };

  mountSimControls(app, {
    records,
    stats,
    dropped: () => ({ count: store.stats.dropped, records: store.dropped() }),
    faults: () => faults,
    setFaults: (patch) => setFaults(patch),
    reset,
    faultKeys: FAULT_KEYS,
  });

  const listeners = listenerSet(app.fetch, releaseAll);
  return {
    app,
    listen: (port, host) => listeners.listen(port, host),
    records,
    record: (id) => {
      const r = store.get(id);
      return r && copyRecord(r);
    },
    dropped: () => store.dropped(),
    stats,
    faults: () => ({ ...faults }),
    setFaults,
    reset,
    close: () => listeners.closeAll(),
  };
}

