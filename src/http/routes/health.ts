import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import type { AppEnv } from '../env.ts';

export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get('/healthz', (c) => c.json({ status: 'ok' }));
  r.get('/readyz', async (c) => {
    const checks: Record<string, string> = {};
    let ok = true;
    await Promise.all(
      Object.entries(deps.probes).map(async ([name, probe]) => {
        try {
          await withTimeout(probe(), 2000);
          checks[name] = 'ok';
        } catch {
          ok = false;
          checks[name] = 'unreachable';
        }
      }),
    );
    return c.json({ status: ok ? 'ready' : 'not ready', checks }, ok ? 200 : 503);
  });
  r.get('/metrics', async (c) => {
    c.header('content-type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
  return r;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}
