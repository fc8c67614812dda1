import type { GradeBands } from '../model/code-lists.ts';
import type { SecretValue } from './secret.ts';

export type Scope = 'submit' | 'read' | 'read:unmasked';

export interface ApiKeyConfig {
  id: string;
  sha256: string;
  scopes: Scope[];
  /** ISO date-time after which the key is refused (AUTH_EXPIRED); absent = no expiry. */
  expiresAt?: string;
}

/** HMAC request signing, required for every authenticated request of the department when present. */
export interface SigningConfig {
  /** The current secret first, then the previous one during a rotation; never logged. */
  secrets: readonly SecretValue[];
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
  signing?: SigningConfig;
  /** Overrides limits.requestsPerMinute for this department. */
  requestsPerMinute?: number;
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
  /** provincial: hmac-sha256 (the protocol) or hmac-sm3 (国密) when the platform asks for it. */
  signatureAlgorithm?: 'hmac-sha256' | 'hmac-sm3';
  mode: 'realtime' | 'batch';
  batchSize: number;
  concurrency: number;
  timeoutMs: number;
  /**
   * Small submissions' deliveries to this target are pushed together: a submission with fewer than
   * `belowRecords` for it marks them for the target's coalescing job of the current `windowMs` window,
   * which pushes everything so marked, `batchSize` at a time. 0 turns it off.
   */
  coalesce: { belowRecords: number; windowMs: number };
  rateLimit?: { max: number; durationMs: number };
  retry: RetryPolicy;
  circuitBreaker: CircuitBreakerPolicy;
}

export type OperatorRole = 'viewer' | 'operator' | 'admin';

export interface OperatorConfig {
  id: string;
  name: string;
  role: OperatorRole;
  /** SHA-256 digests of API tokens (config value and/or the env variable's value). */
  tokenDigests: string[];
  passwordHash?: string;
}

export interface PublicityRule {
  id: string;
  basis?: string;
  effectiveFrom: string;
  effectiveTo?: string;
  domainTags?: string[];
  severities?: string[];
  categoriesAny?: string[];
  minMonths: number;
  maxMonths: number;
}

export interface LifecycleConfig {
  schedule: string | null;
  defaultDomainTag: string;
  publicityRules: PublicityRule[];
  listTermsMonths: Record<string, number>;
}

export interface TimelinessConfig {
  deadlineWorkingDays: number;
  holidays: string[];
  makeUpWorkdays: string[];
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
  operators: OperatorConfig[];
  schedules: { timezone: string; nightly: string | null };
  lifecycle: LifecycleConfig;
  timeliness: TimelinessConfig;
  usccChecksumExceptions: string[];
  /** Score floors of the A/B/C/D credit-grade scheme (D below C), checked against a credit grade's score. */
  gradeBands: GradeBands;
  limits: Limits;
  security: SecurityConfig;
  delivery: { sweepIntervalMs: number; leaseMs: number; staleAfterMs: number; jobLockMs: number };
  /** Always set by the loader; optional for configs built by hand (tests). */
  console?: ConsoleConfig;
}

export interface Limits {
  maxBodyBytes: number;
  maxRecordsPerSubmission: number;
  maxXmlDepth: number;
  maxXmlElements: number;
  maxJsonDepth: number;
  maxCsvRows: number;
  maxCsvColumns: number;
  /** Per department (token bucket); a department's own requestsPerMinute overrides it. */
  requestsPerMinute: number;
}

/** The operators' console (/admin). */
export interface ConsoleConfig {
  /** HMAC key of session cookies and CSRF tokens, from the environment; absent → a random key per process. */
  sessionSecret?: SecretValue;
  sessionTtlMinutes: number;
  loginThrottle: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMinutes: number };
}

export interface SecurityConfig {
  /** Accepted clock difference of a signed request's X-Timestamp, seconds (nonces are kept twice as long). */
  signatureToleranceSeconds: number;
}

export interface Env {
  port: number;
  host: string;
  databaseUrl?: string;
  /** PostgreSQL connections this process keeps at most. */
  databasePoolSize: number;
  dataDir: string;
  redisUrl: string;
  queuePrefix: string;
  logLevel: string;
  /** Ingest threads for large bodies (0: all in the API thread). */
  ingestThreads: number;
  /** Bodies from this size go to an ingest thread. */
  ingestThreadMinBytes: number;
  /** Bearer token GET /metrics requires (METRICS_TOKEN); absent → /metrics is open, as /healthz is. */
  metricsToken?: SecretValue;
}

export interface Settings {
  config: Config;
  env: Env;
  configPath: string;
  /** Problems that do not stop the gateway (e.g. demo secrets in use). */
  warnings: string[];
}
