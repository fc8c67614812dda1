import { randomBytes } from 'node:crypto';
import { afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import pg from 'pg';
import { createServer } from 'node:net';
import { deleteKeysWithPrefix } from '../src/util/redis.ts';
import { DEFAULT_CONFIG_PATH, parseConfig, readEnv, type Settings } from '../src/config/index.ts';
import { openPglite, openPostgres, type Database } from '../src/store/index.ts';
import { silentLogger } from '../src/util/logger.ts';
import { startGateway, type Gateway, type GatewayOptions } from '../src/gateway.ts';
import { createMunicipalSimulator, type MunicipalSimOptions, type MunicipalSimulator } from '../simulators/municipal.ts';
import { createProvincialSimulator, type ProvincialSimOptions, type ProvincialSimulator } from '../simulators/provincial.ts';
import type { ListeningServer } from '../simulators/listen.ts';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const MUNICIPAL_TOKEN = 'test-municipal-token';

export const DEMO_KEYS = { canonical: 'demo-canonical-key', park: 'demo-park-key' } as const;

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A fresh PostgreSQL schema for one test file, dropped afterwards. */
export async function freshPostgres(max = 8): Promise<{ db: Database; drop(): Promise<void> }> {
  const schema = uniqueName('t');
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPostgres({ url: PG_URL, schema, max });
  return {
    db,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

export async function freshPglite(): Promise<Database> {
  return openPglite(undefined);
}

/** Deletes every Redis key under a BullMQ prefix. */
export function dropRedisPrefix(prefix: string): Promise<void> {
  return deleteKeysWithPrefix(REDIS_URL, prefix);
}

/** A TCP port free on 127.0.0.1 right now (for child processes that need to be told their port). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

/** The example config as raw JSON, pointed at a simulator, with test-friendly delivery timings. */
export const PROVINCIAL_SECRET = 'test-provincial-secret';

/**
 * The example config as raw JSON, pointed at the simulators, with test-friendly delivery timings.
 * Without a provincial URL the provincial target is left out (and out of routing).
 */
export function testRawConfig(municipalUrl: string, patch: (raw: Record<string, any>) => void = () => undefined, provincialUrl?: string): Record<string, any> {
  const raw = parseYaml(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, any>;
  delete raw.$schema;
  if (!provincialUrl) {
    raw.targets = raw.targets.filter((t: { kind: string }) => t.kind !== 'provincial');
    const ids = new Set(raw.targets.map((t: { id: string }) => t.id));
    for (const r of raw.routing) r.targets = r.targets.filter((t: string) => ids.has(t));
  }
  for (const t of raw.targets) {
    if (t.kind === 'provincial') {
      t.baseUrl = provincialUrl;
      delete t.baseUrlEnv;
      t.secret = { env: 'TEST_PROVINCIAL_SECRET', demoDefault: PROVINCIAL_SECRET };
      t.retry = { attempts: 6, baseMs: 100, capMs: 2000, jitter: 0.2 };
      t.timeoutMs = 2000;
    }
  }
  for (const t of raw.targets) {
    if (t.kind === 'municipal') {
      t.baseUrl = municipalUrl;
      delete t.baseUrlEnv;
      t.token = { env: 'TEST_MUNICIPAL_TOKEN', demoDefault: MUNICIPAL_TOKEN };
      t.retry = { attempts: 6, baseMs: 100, capMs: 2000, jitter: 0.2 };
      t.timeoutMs = 2000;
    }
  }
  // A production-sized open circuit (30 s) would outlast most tests' patience; tests of the breaker set their own.
  for (const t of raw.targets) t.circuitBreaker = { openMs: 300, maxOpenMs: 1000 };
  raw.delivery = { sweepIntervalMs: 500, leaseMs: 3000, staleAfterMs: 1000, jobLockMs: 3000 };
  patch(raw);
  return raw;
}

export function testSettings(municipalUrl: string, patch: (raw: Record<string, any>) => void = () => undefined, env: Record<string, string> = {}, provincialUrl?: string): Settings {
  const { config, warnings } = parseConfig(testRawConfig(municipalUrl, patch, provincialUrl), {});
  const prefix = uniqueName('cgwtest');
  return { config, warnings, configPath: DEFAULT_CONFIG_PATH, env: { ...readEnv({ REDIS_URL, ...env }), queuePrefix: prefix, port: 0, host: '127.0.0.1' } };
}

export interface Harness {
  sim: MunicipalSimulator;
  simServer: ListeningServer;
  /** Present when the harness was started with `provincial`. */
  psim?: ProvincialSimulator;
  gateway: Gateway;
  settings: Settings;
  post(body: string | Uint8Array, opts?: { key?: string; contentType?: string; headers?: Record<string, string>; query?: string }): Promise<{ status: number; json: any; headers: Headers }>;
  get(path: string, key?: string): Promise<{ status: number; json: any }>;
  waitDelivered(expected: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * For a describe block: `const harness = useHarness()`, then `const h = await harness(opts)` in a test
 * starts a harness on a fresh PostgreSQL schema; it is closed, and the schema dropped, after the test.
 */
export function useHarness(): (opts?: Parameters<typeof startHarness>[1]) => Promise<Harness> {
  let h: Harness | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await h?.close();
    await drop?.();
    h = undefined;
    drop = undefined;
  });
  return async (opts = {}) => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, opts);
    return h;
  };
}

/** Simulator + gateway (HTTP and workers) on a given database; everything torn down by close(). */
export async function startHarness(
  db: Database,
  opts: { sim?: Partial<MunicipalSimOptions>; provincial?: Partial<ProvincialSimOptions>; patch?: (raw: Record<string, any>) => void; gateway?: GatewayOptions; env?: Record<string, string> } = {},
): Promise<Harness> {
  const sim = createMunicipalSimulator({ token: MUNICIPAL_TOKEN, seed: 7, ...opts.sim });
  const simServer = await sim.listen(0);
  const psim = opts.provincial ? createProvincialSimulator({ secret: PROVINCIAL_SECRET, seed: 8, ...opts.provincial }) : undefined;
  const psimServer = psim ? await psim.listen(0) : undefined;
  const settings = testSettings(simServer.url, opts.patch, opts.env ?? {}, psimServer?.url);
  const gateway = await startGateway(settings, { db, logger: silentLogger, port: 0, ...opts.gateway });
  const base = gateway.url!;
  const h: Harness = {
    sim, simServer, psim, gateway, settings,
    async post(body, o = {}) {
      const res = await fetch(`${base}/v1/submissions${o.query ?? ''}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.key ?? DEMO_KEYS.canonical}`, 'content-type': o.contentType ?? 'application/json', ...o.headers },
        body,
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
    },
    async get(path, key = DEMO_KEYS.canonical) {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
      return { status: res.status, json: await res.json() };
    },
    async waitDelivered(expected, timeoutMs = 30_000) {
      const t0 = Date.now();
      for (;;) {
        const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state IN ('delivered', 'rejected', 'failed')`);
        if ((r.rows[0]?.n ?? 0) >= expected) return;
        if (Date.now() - t0 > timeoutMs) throw new Error(`only ${r.rows[0]?.n} of ${expected} deliveries settled after ${timeoutMs} ms`);
        await new Promise((res) => setTimeout(res, 100));
      }
    },
    async close() {
      await gateway.close();
      await simServer.close();
      await psimServer?.close();
      await dropRedisPrefix(settings.env.queuePrefix);
    },
  };
  return h;
}
