import { serve, type ServerType } from '@hono/node-server';
import type { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Adapter } from '../adapters/types.ts';
import { adapters as registeredAdapters } from '../adapters/index.ts';
import { deliveryPolicy, type Settings } from './config/index.ts';
import { CircuitBreaker, createQueues, startDeliveryWorker, startSweeper, type DeliveryQueues } from './delivery/index.ts';
import { createApp } from './http/app.ts';
import { createAnalyser, inThreadAnalyser, type Analyser } from './ingest/index.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { createMaintenanceQueue, requestReconciliation, startMaintenance } from './reconcile/index.ts';
import { createConnector, type Connector } from './platforms/index.ts';
import { migrate, openPglite, openPostgres, deliveryCounts, type Database } from './store/index.ts';
import { createLogger, type Logger } from './util/logger.ts';

export type Role = 'all' | 'api' | 'worker';

export interface GatewayOptions {
  role?: Role;
  logger?: Logger;
  /** Use this database instead of opening one from the environment (tests, demo). */
  db?: Database;
  /** Listen port; 0 = random. Defaults to env PORT. */
  port?: number;
  adapters?: ReadonlyMap<string, Adapter>;
  metrics?: Metrics;
  today?: () => string;
}

export interface Gateway {
  url: string | null;
  db: Database;
  queues: DeliveryQueues;
  redis: Redis;
  metrics: Metrics;
  workers: Worker[];
  circuits: ReadonlyMap<string, CircuitBreaker>;
  maintenanceQueue: Queue;
  /** Where submission bodies are parsed and validated (ingest threads for large ones). */
  analyser: Analyser;
  sweepNow(): Promise<unknown>;
  close(): Promise<void>;
}

/** Thrown when a dependency cannot be reached at start; main prints its one line and exits non-zero. */
export class StartupError extends Error {
  override name = 'StartupError';
}

function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return url;
  }
}

async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null, enableOfflineQueue: true, connectTimeout: 3000, retryStrategy: (n) => Math.min(n * 200, 2000) });
  redis.on('error', () => {
    /* reconnects on its own; readiness shows it */
  });
  try {
    await Promise.race([redis.connect(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 4000))]);
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    throw new StartupError(`cannot reach Redis at ${redisAddress(url)}: ${(e as Error).message}`);
  }
  return redis;
}

export async function openDatabase(settings: Settings): Promise<Database> {
  const { env } = settings;
  if (env.databaseUrl) {
    const db = await openPostgres({ url: env.databaseUrl, max: env.databasePoolSize });
    try {
      await db.query('SELECT 1');
    } catch (e) {
      await db.close().catch(() => undefined);
      throw new StartupError(`cannot reach PostgreSQL at ${db.address}: ${(e as Error).message}`);
    }
    return db;
  }
  return openPglite(`${env.dataDir}/pglite`);
}

/** Composition root: config → dependencies → HTTP and/or workers, with graceful shutdown. */
export async function startGateway(settings: Settings, opts: GatewayOptions = {}): Promise<Gateway> {
  const role = opts.role ?? 'all';
  const { config, env } = settings;
  const logger = opts.logger ?? createLogger(env.logLevel);
  for (const w of settings.warnings) logger.warn(w);
  const adapters = opts.adapters ?? registeredAdapters;
  for (const d of config.departments) if (!adapters.has(d.adapter)) throw new StartupError(`department ${d.id}: adapter ${d.adapter} is not available in this build`);

  const redis = await connectRedis(env.redisUrl);
  const ownDb = !opts.db;
  let db: Database;
  try {
    db = opts.db ?? (await openDatabase(settings));
    await migrate(db);
  } catch (e) {
    redis.disconnect();
    throw e;
  }
  const metrics = opts.metrics ?? createMetrics({ defaults: true });
  const connection = { url: env.redisUrl, maxRetriesPerRequest: null };
  const queues = createQueues(config.targets, connection, env.queuePrefix);
  const policy = deliveryPolicy(config);
  const batchSizeOf = policy.batchSize;

  const circuits = new Map(config.targets.map((t) => [t.id, new CircuitBreaker(redis, env.queuePrefix, t.id, t.circuitBreaker)]));
  const maintenanceQueue = createMaintenanceQueue(connection, env.queuePrefix);
  metrics.setSources({
    targets: config.targets.map((t) => t.id),
    queueCounts: (t) => queues.get(t).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed'),
    circuitState: async (t) => (await circuits.get(t)?.status())?.state ?? null,
    deliveryCounts: () => deliveryCounts(db),
  });
  const workers: Worker[] = [];
  const connectors: Connector[] = [];
  let sweeper: ReturnType<typeof startSweeper> | null = null;
  if (role === 'all' || role === 'worker') {
    for (const t of config.targets) {
      const connector = createConnector(t);
      connectors.push(connector);
      workers.push(
        startDeliveryWorker(t, connector, {
          db, queues, connection, prefix: env.queuePrefix, logger, leaseMs: config.delivery.leaseMs, jobLockMs: config.delivery.jobLockMs, circuit: circuits.get(t.id),
          onPush: (target, outcome, n, ms) => {
            metrics.pushes.inc({ target, outcome }, n);
            metrics.pushLatency.observe({ target }, ms / 1000);
          },
        }),
      );
    }
    workers.push(
      await startMaintenance(
        { db, config, connectors: new Map(connectors.map((c) => [c.target, c])), queue: maintenanceQueue, logger, batchSizeOf, enqueue: (jobs) => queues.enqueue(jobs) },
        connection, env.queuePrefix, logger,
      ),
    );
    sweeper = startSweeper(db, queues, redis, logger, { intervalMs: config.delivery.sweepIntervalMs, staleAfterMs: config.delivery.staleAfterMs, policy, lockKey: `${env.queuePrefix}:sweeper-lock` });
  }

  let server: ServerType | null = null;
  let url: string | null = null;
  // Large bodies are parsed and validated in ingest threads, which load the registered adapters
  // themselves; a custom adapter set (tests) stays in the API thread.
  const analyser = opts.adapters ? inThreadAnalyser(adapters, config) : createAnalyser(adapters, config, { threads: env.ingestThreads, minBytes: env.ingestThreadMinBytes });
  if (role === 'all' || role === 'api') {
    const app = createApp({
      config, db, adapters, analyser, logger, metrics, today: opts.today,
      redis, keyPrefix: env.queuePrefix, metricsToken: env.metricsToken,
      enqueue: (jobs) => queues.enqueue(jobs),
      operations: {
        pause: (t) => queues.get(t).pause(),
        resume: (t) => queues.get(t).resume(),
        isPaused: (t) => queues.get(t).isPaused(),
        resetCircuit: async (t) => circuits.get(t)?.reset(),
        circuitStatus: async (t) => (await circuits.get(t)?.status()) ?? null,
        requestReconciliation: (t, by) => requestReconciliation(db, maintenanceQueue, t, 'operator', by),
        queueCounts: (t) => queues.get(t).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
      },
      probes: { database: async () => void (await db.query('SELECT 1')), redis: async () => void (await redis.ping()) },
      // bull-board at /admin/queues shows these.
      queues: [...queues.all(), maintenanceQueue],
    });
    const port = opts.port ?? env.port;
    url = await new Promise<string>((resolve, reject) => {
      server = serve({ fetch: app.fetch, port, hostname: env.host }, (info) => resolve(`http://${env.host === '0.0.0.0' ? '127.0.0.1' : env.host}:${info.port}`));
      server.once('error', reject);
    });
    logger.info({ url, role }, 'gateway listening');
  }

  let closing: Promise<void> | null = null;
  return {
    url, db, queues, redis, metrics, workers, circuits, maintenanceQueue, analyser,
    sweepNow: () => sweeper?.runNow() ?? Promise.resolve(null),
    close() {
      closing ??= (async () => {
        if (server) await new Promise<void>((r) => server!.close(() => r()));
        await analyser.close();
        await sweeper?.stop();
        // Workers finish their in-flight job (or hand it back at lock expiry) before we close.
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all(connectors.map((c) => c.close()));
        await queues.close();
        await maintenanceQueue.close();
        redis.disconnect();
        if (ownDb) await db.close();
      })();
      return closing;
    },
  };
}
