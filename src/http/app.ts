import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { Adapter } from '../../adapters/types.ts';
import type { Config, SecretValue } from '../config/index.ts';
import { GatewayError } from '../errors/index.ts';
import type { EnqueueRequest, Database } from '../store/index.ts';
import type { Logger } from '../util/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { createKeyring } from './auth.ts';
import { securityOptions } from './security/index.ts';
import type { AppEnv } from './env.ts';
import { errorResponse, langOf } from './errors.ts';
import { healthRoutes } from './routes/health.ts';
import { readRoutes } from './routes/read.ts';
import { referenceRoutes } from './routes/reference.ts';
import { submissionRoutes } from './routes/submissions.ts';
import { operatorRoutes } from './routes/operator.ts';
import { reconciliationRoutes } from './routes/reconciliations.ts';
import { createOperatorKeyring } from './operator-auth.ts';
import type { CircuitStatus } from '../delivery/circuit.ts';
import { consoleRoutes } from '../console/routes.tsx';
import type { Analyser } from '../ingest/index.ts';

export interface AppDeps {
  config: Config;
  db: Database;
  adapters: ReadonlyMap<string, Adapter>;
  /** Where submission bodies are parsed and validated; the API thread when absent. */
  analyser?: Analyser;
  enqueue: (jobs: readonly EnqueueRequest[]) => Promise<void>;
  /** Readiness probes of the dependencies (database, Redis); each resolves or throws. */
  probes: Record<string, () => Promise<void>>;
  logger: Logger;
  metrics: Metrics;
  today?: () => string;
  /** Shared Redis client for signature nonces and per-department rate buckets; absent → kept in process memory (one process only). */
  redis?: Redis;
  /** Redis key prefix for that state (the queue prefix). */
  keyPrefix?: string;
  /** Queue-side operator actions; absent when the process has no queues (tests of the API alone). */
  operations?: TargetOperations;
  /** BullMQ queues shown by bull-board at /admin/queues; absent → that page says the queues are unavailable. */
  queues?: readonly Queue[];
  /** Bearer token GET /metrics requires (METRICS_TOKEN); absent → open. */
  metricsToken?: SecretValue;
}

export interface TargetOperations {
  pause(target: string): Promise<void>;
  resume(target: string): Promise<void>;
  isPaused(target: string): Promise<boolean>;
  resetCircuit(target: string): Promise<void>;
  circuitStatus(target: string): Promise<CircuitStatus | null>;
  queueCounts(target: string): Promise<Record<string, number>>;
  /** Queues a reconciliation run of a target; returns its id. */
  requestReconciliation?(target: string, requestedBy: string): Promise<string>;
}

/** Endpoints and the methods they answer, for 405 with an Allow header. */
const KNOWN_METHODS: Array<[RegExp, string[]]> = [
  [/^\/v1\/submissions\/?$/, ['POST']],
  [/^\/v1\/submissions\/[^/]+\/?$/, ['GET']],
  [/^\/v1\/records(\/[^/]+)?\/?$/, ['GET']],
  [/^\/v1\/subjects\/[^/]+\/?$/, ['GET']],
  [/^\/v1\/(schemas(\/[^/]+)?|errors)\/?$/, ['GET']],
  [/^\/v1\/deliveries(\.csv)?\/?$/, ['GET']],
  [/^\/v1\/deliveries\/(retry|[^/]+\/(retry|discard))\/?$/, ['POST']],
  [/^\/v1\/targets\/?$/, ['GET']],
  [/^\/v1\/targets\/[^/]+\/(pause|resume|reset-circuit)\/?$/, ['POST']],
  [/^\/v1\/reconciliations\/?$/, ['GET', 'POST']],
  [/^\/v1\/reconciliations\/[^/]+\/?$/, ['GET']],
  [/^\/v1\/audit(\/verify)?\/?$/, ['GET']],
  [/^\/(healthz|readyz|metrics|openapi\.json)$/, ['GET']],
];

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  const keyring = createKeyring(deps.config.departments, securityOptions(deps));

  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    c.set('requestId', id);
    c.set('lang', langOf(c.req.header('accept-language')));
    c.header('x-request-id', id);
    await next();
  });
  app.onError((err, c) => errorResponse(c, err, deps.logger));
  app.notFound((c) => {
    // A known endpoint asked with the wrong method is 405, not 404.
    const known = KNOWN_METHODS.find(([re]) => re.test(c.req.path));
    if (known && !known[1].includes(c.req.method)) {
      c.header('allow', known[1].join(', '));
      return errorResponse(c, new GatewayError('METHOD_NOT_ALLOWED'), deps.logger);
    }
    return errorResponse(c, new GatewayError('ROUTE_NOT_FOUND', { method: c.req.method, path: c.req.path.slice(0, 200) }), deps.logger);
  });

  const maxBody = deps.config.limits.maxBodyBytes;
  const tooLarge = () => {
    throw new GatewayError('BODY_TOO_LARGE', { limit: maxBody });
  };
  const streamedLimit = bodyLimit({ maxSize: maxBody, onError: tooLarge });
  app.use('/v1/submissions', (c, next) => {
    // A declared length (not chunked) is checked from the headers alone, as hono's bodyLimit does, but
    // without first asking for the request's body stream, which makes the Node adapter build a web
    // Request for every submission (~0.15 ms of CPU each in profiles); the body is then read directly.
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) return Number.parseInt(length, 10) > maxBody ? tooLarge() : next();
    return streamedLimit(c, next);
  });

  app.route('/', healthRoutes(deps));
  app.route('/', referenceRoutes());
  app.route('/', submissionRoutes(deps, keyring));
  app.route('/', readRoutes(deps, keyring));
  const operatorKeyring = createOperatorKeyring(deps.config.operators);
  app.route('/', operatorRoutes(deps, operatorKeyring));
  app.route('/', reconciliationRoutes(deps, operatorKeyring));
  // The operators' console (/admin) and bull-board (/admin/queues), behind the console's login.
  app.route('/', consoleRoutes(deps));
  return app;
}
