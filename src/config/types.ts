export type Scope = 'submit' | 'read' | 'read:unmasked';

export interface ApiKeyConfig {
  id: string;
  sha256: string;
  scopes: Scope[];
}

export interface DepartmentConfig {
  id: string;
  name: string;
  adapter: string;
  dataSource: { name: string; uscc: string };
  recordTypes: string[];
  regionPrefixes: string[];
  defaultRegionCode?: string;
  apiKeys: ApiKeyConfig[];
}

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  capMs: number;
  jitter: number;
}

export interface CircuitBreakerPolicy {
  failureThreshold: number;
  errorRatio: number;
  window: number;
  minSamples: number;
  openMs: number;
  maxOpenMs: number;
}

export interface TargetConfig {
  id: string;
  name: string;
  kind: 'municipal' | 'provincial';
  baseUrl: string;
  /** Resolved from the environment; never logged. */
  token?: string;
  secret?: string;
  senderCode?: string;
  mode: 'realtime' | 'batch';
  batchSize: number;
  concurrency: number;
  timeoutMs: number;
  rateLimit?: { max: number; durationMs: number };
  retry: RetryPolicy;
  circuitBreaker: CircuitBreakerPolicy;
}

export interface RoutingRule {
  recordTypes: string[];
  departments?: string[];
  targets: string[];
}

export interface Config {
  departments: DepartmentConfig[];
  targets: TargetConfig[];
  routing: RoutingRule[];
  usccChecksumExceptions: string[];
  limits: { maxBodyBytes: number; maxRecordsPerSubmission: number };
  delivery: { sweepIntervalMs: number; leaseMs: number; staleAfterMs: number; jobLockMs: number };
}

export interface Env {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  redisUrl: string;
  queuePrefix: string;
  logLevel: string;
}

export interface Settings {
  config: Config;
  env: Env;
  configPath: string;
  /** Problems that do not stop the gateway (e.g. demo secrets in use). */
  warnings: string[];
}
