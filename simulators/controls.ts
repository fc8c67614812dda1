import type { Env, Hono } from 'hono';

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
