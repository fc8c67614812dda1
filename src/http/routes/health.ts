import { Hono } from 'hono';
import { GatewayError } from '../../errors/index.ts';
import type { AppDeps } from '../app.ts';
import { bearer, matchDigest, secretDigest } from '../auth.ts';
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
  // With METRICS_TOKEN set, a scraper sends it as a bearer token (Prometheus: `authorization:
  // credentials_file`); compared as digests, as API keys and operator tokens are.
  const expected = deps.metricsToken ? [{ digest: secretDigest(deps.metricsToken.reveal()) }] : undefined;
  r.get('/metrics', async (c) => {
    if (expected) {
      const token = bearer(c);
      if (!token) throw new GatewayError('AUTH_MISSING');
      if (!matchDigest(expected, token)) throw new GatewayError('AUTH_INVALID');
    }
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
