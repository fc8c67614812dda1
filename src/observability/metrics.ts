import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Where the scrape-time gauges read their values from (queues in Redis, circuits in Redis, the
 * outbox in the database). Set once by the composition root; absent → those gauges stay empty.
 */
export interface MetricSources {
  targets: readonly string[];
  queueCounts(target: string): Promise<Record<string, number>>;
  circuitState(target: string): Promise<'closed' | 'open' | 'half_open' | null>;
  deliveryCounts(): Promise<Array<{ target: string; state: string; count: number }>>;
}

const CIRCUIT_VALUE = { closed: 0, half_open: 1, open: 2 } as const;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/** A scrape must not hang on a dependency that does not answer: each source gets this long. */
function bounded<T>(p: Promise<T>, ms = 2000): Promise<T | undefined> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(undefined), ms);
    p.then(
      (v) => { clearTimeout(t); resolve(v); },
      () => { clearTimeout(t); resolve(undefined); },
    );
  });
}

/** The gateway's Prometheus metrics, one registry per process (tests build their own). */
export function createMetrics(opts: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry });
  let sources: MetricSources | null = null;
  return {
    registry,
    submissions: new Counter({ name: 'cgw_submissions_total', help: 'Submissions by department and HTTP status', labelNames: ['department', 'status'], registers: [registry] }),
    records: new Counter({ name: 'cgw_records_total', help: 'Submitted records by department and result', labelNames: ['department', 'result'], registers: [registry] }),
    validationErrors: new Counter({ name: 'cgw_validation_errors_total', help: 'Record validation errors by code', labelNames: ['code'], registers: [registry] }),
    pushes: new Counter({ name: 'cgw_push_records_total', help: 'Records pushed to platforms by target and outcome', labelNames: ['target', 'outcome'], registers: [registry] }),
    pushLatency: new Histogram({
      name: 'cgw_push_duration_seconds',
      help: 'Platform push latency by target',
      labelNames: ['target'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'cgw_queue_jobs',
      help: 'BullMQ delivery jobs per target and job state (read at scrape time)',
      labelNames: ['target', 'state'],
      registers: [registry],
      async collect() {
        if (!sources) return;
        this.reset();
        await Promise.all(
          sources.targets.map(async (t) => {
            const counts = await bounded(sources!.queueCounts(t));
            if (counts) for (const s of QUEUE_STATES) this.set({ target: t, state: s }, counts[s] ?? 0);
          }),
        );
      },
    }),
    circuitState: new Gauge({
      name: 'cgw_circuit_state',
      help: 'Circuit breaker per target: 0 closed, 1 half-open, 2 open (read at scrape time)',
      labelNames: ['target'],
      registers: [registry],
      async collect() {
        if (!sources) return;
        this.reset();
        await Promise.all(
          sources.targets.map(async (t) => {
            const state = await bounded(sources!.circuitState(t));
            if (state) this.set({ target: t }, CIRCUIT_VALUE[state]);
          }),
        );
      },
    }),
    deliveries: new Gauge({
      name: 'cgw_deliveries',
      help: 'Deliveries in the outbox per target and state (pending, in_flight, rejected, failed and discarded read at scrape time; delivered and superseded counted at most every 5 minutes)',
      labelNames: ['target', 'state'],
      registers: [registry],
      async collect() {
        if (!sources) return;
        const rows = await bounded(sources.deliveryCounts());
        if (!rows) return;
        this.reset();
        for (const r of rows) this.set({ target: r.target, state: r.state }, r.count);
      },
    }),
    consoleLogins: new Counter({ name: 'cgw_console_logins_total', help: 'Console sign-ins by result (ok, bad_credentials, throttled)', labelNames: ['result'], registers: [registry] }),
    operatorActions: new Counter({ name: 'cgw_operator_actions_total', help: 'Operator actions taken in the console, by action', labelNames: ['action'], registers: [registry] }),
    /** Connects the scrape-time gauges to the live system. */
    setSources(s: MetricSources): void {
      sources = s;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
