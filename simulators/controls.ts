import type { Env, Hono } from 'hono';
import { listenerSet, type ListeningServer } from './listen.ts';

/** What every simulator exposes to tests and operators under /__sim (no auth). */
export interface SimControls {
  records(): unknown[];
  stats(): unknown;
  dropped(): { count: number; records: unknown[] };
  faults(): unknown;
  /** Throws RangeError on an invalid value. */
  setFaults(patch: Record<string, unknown>): unknown;
  reset(): void;
  faultKeys: readonly string[];
}

const bad = (message: string) => ({ error: { code: 'BAD_REQUEST', message } });

/** Mounts GET /__sim/records|stats|dropped|faults, POST /__sim/faults and POST /__sim/reset. */
export function mountSimControls<E extends Env>(app: Hono<E>, s: SimControls): void {
  app.get('/__sim/records', (c) => {
    const list = s.records();
    return c.json({ count: list.length, records: list });
  });
  app.get('/__sim/stats', (c) => c.json(s.stats() as object));
  app.get('/__sim/dropped', (c) => c.json(s.dropped()));
  app.get('/__sim/faults', (c) => c.json(s.faults() as object));
  app.post('/__sim/faults', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json(bad('body is not valid JSON'), 400);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return c.json(bad('body must be a JSON object'), 400);
    const unknown = Object.keys(body).filter((k) => !s.faultKeys.includes(k));
    if (unknown.length > 0) return c.json(bad(`unknown fault setting(s): ${unknown.join(', ')}; known: ${s.faultKeys.join(', ')}`), 400);
    try {
      return c.json(s.setFaults(body as Record<string, unknown>) as object);
    } catch (err) {
      return c.json(bad((err as Error).message), 400);
    }
  });
  app.post('/__sim/reset', (c) => {
    s.reset();
    return c.json({ ok: true, faults: s.faults() as object });
  });
}

/** What both platform simulators offer their tests: records, faults and servers. */
export interface SimulatorSurface<R, D, S, F, P> {
  /** Port 0 → a free port. */
  listen(port: number, host?: string): Promise<ListeningServer>;
  /** Copies of all stored records (latest state + history), in first-stored order. */
  records(): R[];
  record(recordId: string): R | undefined;
  /** Record versions acknowledged but lost by the drop fault. */
  dropped(): D[];
  stats(): S;
  faults(): F;
  /** Throws RangeError on an invalid value. Returns the new settings. */
  setFaults(patch: P): F;
  /** Clears the store (records, any packages, stats) and the rate window; restores the creation-time faults and seed. */
  reset(): void;
  /** Closes every server opened by listen(). */
  close(): Promise<void>;
}

/** A simulator's store as the surface reads it (the simulator replaces it on reset). */
interface SurfaceStore<R, D, S> {
  all(): R[];
  get(recordId: string): R | undefined;
  dropped(): D[];
  readonly stats: S;
}

/**
 * The surface of a simulator over its current store and fault engine, with /__sim mounted on `app`.
 * `store()` gives the store in use; `newStore()` replaces it (reset); `copy` copies a record out.
 */
export function simulatorSurface<E extends Env, R, D, S extends { dropped: number; faults: object }, F, P>(
  app: Hono<E>,
  o: {
    store: () => SurfaceStore<R, D, S>;
    newStore: () => void;
    engine: { faults(): F; setFaults(patch: Record<string, unknown>): F; reset(): void; releaseAll(): void };
    faultKeys: readonly string[];
    copy: (r: R) => R;
  },
): SimulatorSurface<R, D, S, F, P> {
  const records = (): R[] => o.store().all().map(o.copy);
  const stats = (): S => ({ ...o.store().stats, faults: { ...o.store().stats.faults } });
  const reset = (): void => {
    o.newStore();
    o.engine.reset();
  };
  mountSimControls(app, {
    records,
    stats,
    dropped: () => ({ count: o.store().stats.dropped, records: o.store().dropped() }),
    faults: o.engine.faults,
    setFaults: o.engine.setFaults,
    reset,
    faultKeys: o.faultKeys,
  });
  const listeners = listenerSet(app.fetch as never, o.engine.releaseAll);
  return {
    listen: (port, host) => listeners.listen(port, host),
    records,
    record: (id) => {
      const r = o.store().get(id);
      return r && o.copy(r);
    },
    dropped: () => o.store().dropped(),
    stats,
    faults: o.engine.faults,
    setFaults: (patch) => o.engine.setFaults(patch as Record<string, unknown>),
    reset,
    close: () => listeners.closeAll(),
  };
}
