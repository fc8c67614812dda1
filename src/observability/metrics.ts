import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The gateway's Prometheus metrics, one registry per process (tests build their own). */
export function createMetrics(opts: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry });
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
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
