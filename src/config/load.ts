import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { RECORD_TYPES } from '../model/types.ts';
import { DEFAULT_GRADE_BANDS } from '../model/code-lists.ts';
import { SecretValue } from './secret.ts';
import { passwordHashProblem } from '../console/password.ts';
import { packagePath } from '../util/paths.ts';
import { todayInShanghai } from '../util/time.ts';
import type { Config, DepartmentConfig, Env, OperatorConfig, PublicityRule, Settings, TargetConfig } from './types.ts';

export const DEFAULT_CONFIG_PATH = fileURLToPath(packagePath('config/example.yaml'));

/** What the outbox needs of each target: batch size, batch mode, coalescing threshold. */
export interface DeliveryPolicy {
  batchSize(target: string): number;
  deferred(target: string): boolean;
  coalesceBelow(target: string): number;
}

const policies = new WeakMap<object, DeliveryPolicy>();

/** The targets' delivery settings as the outbox, sweeper and operator actions read them (one per configuration). */
export function deliveryPolicy(config: Pick<Config, 'targets'>): DeliveryPolicy {
  let p = policies.get(config);
  if (!p) {
    const byId = new Map(config.targets.map((t) => [t.id, t]));
    p = {
      batchSize: (t) => byId.get(t)?.batchSize ?? 100,
      deferred: (t) => byId.get(t)?.mode === 'batch',
      coalesceBelow: (t) => byId.get(t)?.coalesce.belowRecords ?? 0,
    };
    policies.set(config, p);
  }
  return p;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const configSchema = JSON.parse(readFileSync(packagePath('schemas/config.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
addFormats(ajv);
const validateShape = ajv.compile(configSchema);

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Reads and validates the config file and the environment once; every problem is listed. */
export function loadSettings(configPath: string = DEFAULT_CONFIG_PATH, envVars: NodeJS.ProcessEnv = process.env): Settings {
  let raw: unknown;
  try {
    const text = readFileSync(configPath, 'utf8');
    raw = /\.ya?ml$/i.test(configPath) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`${configPath}: cannot read: ${(e as Error).message}`]);
  }
  const { config, warnings } = parseConfig(raw, envVars);
  return { config, env: readEnv(envVars), configPath, warnings };
}

export function parseConfig(raw: unknown, envVars: NodeJS.ProcessEnv = process.env): { config: Config; warnings: string[] } {
  const input = structuredClone(raw);
  if (!validateShape(input)) {
    throw new ConfigError((validateShape.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`));
  }
  const c = input as unknown as RawConfig;
  const problems: string[] = [];
  const warnings: string[] = [];

  const departments: DepartmentConfig[] = c.departments.map((d, i) => {
    for (const t of d.recordTypes) if (!(RECORD_TYPES as readonly string[]).includes(t)) problems.push(`/departments/${i}/recordTypes: unknown record type ${t}`);
    const apiKeys = (d.apiKeys ?? []).map((k) => ({ id: k.id, sha256: k.sha256, scopes: k.scopes ?? ['submit', 'read'], ...(k.expiresAt ? { expiresAt: k.expiresAt } : {}) }));
    for (const k of apiKeys) if (k.expiresAt && Date.parse(k.expiresAt) <= Date.now()) warnings.push(`/departments/${i} (${d.id}): API key ${k.id} expired at ${k.expiresAt}; remove it`);
    if (d.apiKeyEnv && envVars[d.apiKeyEnv]) apiKeys.unshift({ id: `env:${d.apiKeyEnv}`, sha256: hashApiKey(envVars[d.apiKeyEnv]!), scopes: ['submit', 'read'] });
    if (apiKeys.length === 0) problems.push(`/departments/${i} (${d.id}): no API key: set apiKeys or the variable named by apiKeyEnv`);
    // Two active keys allow a rotation; a third (apiKeys plus apiKeyEnv) is a mistake, never silently dropped.
    if (apiKeys.length > 2) problems.push(`/departments/${i} (${d.id}): ${apiKeys.length} API keys (apiKeys + apiKeyEnv); at most two may be active, for rotation`);
    if (new Set(apiKeys.map((k) => k.sha256)).size < apiKeys.length) problems.push(`/departments/${i} (${d.id}): the same API key is configured twice`);
    return {
      id: d.id, name: d.name, adapter: d.adapter, dataSource: d.dataSource, recordTypes: d.recordTypes, regionPrefixes: d.regionPrefixes ?? [], defaultRegionCode: d.defaultRegionCode, apiKeys,
      ...(d.requestsPerMinute ? { requestsPerMinute: d.requestsPerMinute } : {}),
    };
  });
  dupes(departments.map((d) => d.id), 'department id', problems);

  const secret = (s: RawSecret | undefined, where: string): string | undefined => {
    if (!s) return undefined;
    const v = envVars[s.env];
    if (v) return v;
    if (s.demoDefault !== undefined) {
      warnings.push(`${where}: ${s.env} is unset; using the demo default (never in production)`);
      return s.demoDefault;
    }
    problems.push(`${where}: environment variable ${s.env} is not set`);
    return undefined;
  };

  // Request signing: the secrets come from the environment like the targets' credentials.
  c.departments.forEach((d, i) => {
    if (!d.signing) return;
    const where = `/departments/${i} (${d.id}) signing`;
    const secrets: SecretValue[] = [];
    for (const [s, name] of [[d.signing.secret, 'secret'], [d.signing.previousSecret, 'previousSecret']] as const) {
      const v = secret(s, `${where} ${name}`);
      if (v === undefined) continue;
      if (Buffer.byteLength(v, 'utf8') < 32) problems.push(`${where} ${name}: the secret in ${s!.env} is shorter than 32 bytes`);
      secrets.push(new SecretValue(v));
    }
    if (secrets.length > 0) departments[i]!.signing = { secrets };
  });
  // Two departments sharing a signing secret could sign for each other.
  const signingOwners = new Map<string, string>();
  for (const d of departments) for (const s of d.signing?.secrets ?? []) {
    const other = signingOwners.get(s.reveal());
    if (other && other !== d.id) problems.push(`departments ${other} and ${d.id} share a signing secret`);
    signingOwners.set(s.reveal(), d.id);
  }

  const targets: TargetConfig[] = c.targets.map((t, i) => {
    const where = `/targets/${i} (${t.id})`;
    if (t.kind === 'municipal' && !t.token) problems.push(`${where}: a municipal target needs token`);
    if (t.kind === 'provincial' && !t.secret) problems.push(`${where}: a provincial target needs secret`);
    if (t.kind === 'provincial' && !t.senderCode) problems.push(`${where}: a provincial target needs senderCode (报送单位编码)`);
    const retry = { attempts: 12, baseMs: 1000, capMs: 600_000, jitter: 0.3, ...t.retry };
    return {
      id: t.id,
      name: t.name ?? t.id,
      kind: t.kind,
      baseUrl: (t.baseUrlEnv && envVars[t.baseUrlEnv]) || t.baseUrl,
      token: secret(t.token, `${where} token`),
      secret: secret(t.secret, `${where} secret`),
      senderCode: t.senderCode,
      signatureAlgorithm: t.signatureAlgorithm ?? 'hmac-sha256',
      mode: t.mode ?? 'realtime',
      batchSize: t.batchSize ?? 100,
      concurrency: t.concurrency ?? 4,
      timeoutMs: t.timeoutMs ?? 10_000,
      coalesce: { belowRecords: 10, windowMs: 200, ...t.coalesce },
      rateLimit: t.rateLimit,
      retry,
      circuitBreaker: { failureThreshold: 5, errorRatio: 0.5, window: 20, minSamples: 10, openMs: 30_000, maxOpenMs: 600_000, ...t.circuitBreaker },
    };
  });
  dupes(targets.map((t) => t.id), 'target id', problems);

  const targetIds = new Set(targets.map((t) => t.id));
  const deptIds = new Set(departments.map((d) => d.id));
  c.routing.forEach((r, i) => {
    for (const t of r.targets) if (!targetIds.has(t)) problems.push(`/routing/${i}: unknown target ${t}`);
    for (const d of r.departments ?? []) if (!deptIds.has(d)) problems.push(`/routing/${i}: unknown department ${d}`);
    for (const t of r.recordTypes) if (t !== '*' && !(RECORD_TYPES as readonly string[]).includes(t)) problems.push(`/routing/${i}: unknown record type ${t}`);
  });
  const operators = (c.operators ?? []).map((o, i) => {
    const tokenDigests = [...(o.tokenSha256 ? [o.tokenSha256] : []), ...(o.tokenEnv && envVars[o.tokenEnv] ? [hashApiKey(envVars[o.tokenEnv]!)] : [])];
    if (tokenDigests.length === 0 && !o.passwordHash) problems.push(`/operators/${i} (${o.id}): no way to sign in: set tokenSha256, tokenEnv or passwordHash`);
    return { id: o.id, name: o.name, role: o.role, tokenDigests, ...(o.passwordHash ? { passwordHash: o.passwordHash } : {}) };
  });
  dupes(operators.map((o) => o.id), 'operator id', problems);
  operators.forEach((o, i) => {
    const bad = o.passwordHash && passwordHashProblem(o.passwordHash);
    if (bad) problems.push(`/operators/${i} (${o.id}): ${bad}`);
  });
  const consoleSecret = secret(c.console?.sessionSecret, '/console sessionSecret');
  if (consoleSecret !== undefined && Buffer.byteLength(consoleSecret, 'utf8') < 32) problems.push(`/console sessionSecret: the secret in ${c.console!.sessionSecret!.env} is shorter than 32 bytes`);
  if (!c.console?.sessionSecret && operators.some((o) => o.passwordHash)) warnings.push('/console sessionSecret is not configured: console sessions use a random key and end when this process restarts');
  const consoleConfig = {
    sessionTtlMinutes: c.console?.sessionTtlMinutes ?? 480,
    loginThrottle: { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMinutes: 15, ...c.console?.loginThrottle },
    ...(consoleSecret !== undefined ? { sessionSecret: new SecretValue(consoleSecret) } : {}),
  };
  const g = c.gradeBands;
  if (g && !(g.A > g.B && g.B > g.C)) problems.push(`/gradeBands: the floors must fall from A to C (A > B > C), got A ${g.A}, B ${g.B}, C ${g.C}`);
  if (problems.length > 0) throw new ConfigError(problems);
  // The timeliness deadline counts working days under each year's State Council notice, which only
  // configuration can give: say so when the current year has none (it comes out each November).
  const year = todayInShanghai().slice(0, 4);
  if (!(c.timeliness?.holidays ?? []).some((d) => String(d).startsWith(`${year}-`))) {
    warnings.push(`/timeliness holidays: none for ${year}; report delays count every weekday as a working day until ${year}'s 放假调休安排 is added`);
  }

  const config: Config = {
    departments,
    targets,
    routing: c.routing,
    operators,
    schedules: { timezone: 'Asia/Shanghai', nightly: '30 2 * * *', ...c.schedules },
    lifecycle: {
      schedule: '*/10 * * * *',
      defaultDomainTag: 'SAFETY',
      ...c.lifecycle,
      publicityRules: c.lifecycle?.publicityRules ?? DEFAULT_PUBLICITY_RULES,
      listTermsMonths: { ...DEFAULT_LIST_TERMS, ...c.lifecycle?.listTermsMonths },
    },
    timeliness: { deadlineWorkingDays: 7, holidays: [], makeUpWorkdays: [], ...c.timeliness },
    usccChecksumExceptions: c.usccChecksumExceptions ?? [],
    gradeBands: c.gradeBands ? { ...c.gradeBands, D: 0 } : DEFAULT_GRADE_BANDS,
    limits: {
      maxBodyBytes: 10 * 1024 * 1024, maxRecordsPerSubmission: 5000, maxXmlDepth: 16, maxXmlElements: 500_000, maxJsonDepth: 32, maxCsvRows: 10_001, maxCsvColumns: 200, requestsPerMinute: 600,
      ...c.limits,
    },
    security: { signatureToleranceSeconds: 300, ...c.security },
    delivery: { sweepIntervalMs: 30_000, leaseMs: 120_000, staleAfterMs: 60_000, jobLockMs: 30_000, ...c.delivery },
    console: consoleConfig,
  };
  return { config: deepFreeze(config), warnings };
}

/**
 * Publicity periods (DOMAIN.md): 发改办财金〔2019〕527号 from 2019-07-01 (一般 3–12 months, 严重 6–36), then
 * 发展改革委令第58号 from 2023-05-01 (3–36 months; 安全生产、特种设备、消防 at least 12). Configuration
 * may replace the list; the first matching rule wins.
 */
export const DEFAULT_PUBLICITY_RULES: PublicityRule[] = [
  { id: 'ndrc-58-safety', basis: '发展改革委令第58号（安全生产、特种设备、消防领域）', effectiveFrom: '2023-05-01', domainTags: ['SAFETY', 'SPECIAL_EQUIPMENT', 'FIRE'], minMonths: 12, maxMonths: 36 },
  { id: 'ndrc-58-general', basis: '发展改革委令第58号', effectiveFrom: '2023-05-01', minMonths: 3, maxMonths: 36 },
  { id: 'ndrc-2019-527-serious', basis: '发改办财金〔2019〕527号（严重失信）', effectiveFrom: '2019-07-01', effectiveTo: '2023-04-30', severities: ['SERIOUS', 'SERIOUS_LESS'], minMonths: 6, maxMonths: 36 },
  { id: 'ndrc-2019-527-general', basis: '发改办财金〔2019〕527号（一般失信）', effectiveFrom: '2019-07-01', effectiveTo: '2023-04-30', minMonths: 3, maxMonths: 12 },
  { id: 'before-2019-07', basis: '527号施行前：按 3 年公示', effectiveFrom: '1949-10-01', effectiveTo: '2019-06-30', minMonths: 3, maxMonths: 36 },
];

/** List terms in months (DOMAIN.md §(d)); the incentive term and local blacklist terms are [U]: configuration. */
export const DEFAULT_LIST_TERMS: Record<string, number> = {
  JOINT_PUNISHMENT_2017: 12,
  BLACKLIST_2015: 12,
  SERIOUS_DISHONEST_2023: 36,
  WAGE_ARREARS: 36,
  INCENTIVE: 36,
};

function dupes(ids: string[], what: string, problems: string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push(`duplicate ${what} ${id}`);
    seen.add(id);
  }
}

export function readEnv(v: NodeJS.ProcessEnv = process.env): Env {
  const problems: string[] = [];
  /** A whole-number setting within [min, max], its default when unset; a problem named otherwise. */
  const whole = (name: string, fallback: number, min: number, max: number, what: string): number => {
    const n = Number(v[name] ?? fallback);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    problems.push(`${name} must be ${what}, got ${v[name]}`);
    return fallback;
  };
  const port = whole('PORT', 8080, 0, 65535, 'a port number');
  const redisUrl = v.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must start with redis:// or rediss://');
  if (v.DATABASE_URL && !/^postgres(ql)?:\/\//.test(v.DATABASE_URL)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  // Defaults and their reasons: README § Configuration.
  const databasePoolSize = whole('DATABASE_POOL_SIZE', 4, 1, 100, 'a whole number from 1 to 100');
  const ingestThreads = whole('INGEST_THREADS', 1, 0, 32, 'a whole number from 0 to 32');
  const ingestThreadMinBytes = whole('INGEST_THREAD_MIN_BYTES', 65_536, 0, Number.MAX_SAFE_INTEGER, 'a whole number of bytes');
  // Empty (as env files often leave it) means unset.
  const metricsToken = v.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(metricsToken)) problems.push('METRICS_TOKEN must be at least 16 printable characters without spaces');
  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    ingestThreads,
    ingestThreadMinBytes,
    host: v.HOST ?? '0.0.0.0',
    databaseUrl: v.DATABASE_URL || undefined,
    databasePoolSize,
    dataDir: v.DATA_DIR ?? resolve('data'),
    redisUrl,
    queuePrefix: v.QUEUE_PREFIX ?? 'cgw',
    logLevel: v.LOG_LEVEL ?? 'info',
    ...(metricsToken !== undefined ? { metricsToken: new SecretValue(metricsToken) } : {}),
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

interface RawSecret { env: string; demoDefault?: string }
interface RawConfig {
  departments: Array<Omit<DepartmentConfig, 'apiKeys' | 'regionPrefixes' | 'signing'> & { regionPrefixes?: string[]; apiKeys?: Array<{ id: string; sha256: string; scopes?: DepartmentConfig['apiKeys'][number]['scopes']; expiresAt?: string }>; apiKeyEnv?: string; signing?: { secret: RawSecret; previousSecret?: RawSecret } }>;
  targets: Array<Omit<TargetConfig, 'token' | 'secret' | 'retry' | 'circuitBreaker' | 'coalesce' | 'mode' | 'batchSize' | 'concurrency' | 'timeoutMs' | 'name'> & Partial<Pick<TargetConfig, 'mode' | 'batchSize' | 'concurrency' | 'timeoutMs' | 'name'>> & { token?: RawSecret; secret?: RawSecret; baseUrlEnv?: string; retry?: Partial<TargetConfig['retry']>; circuitBreaker?: Partial<TargetConfig['circuitBreaker']>; coalesce?: Partial<TargetConfig['coalesce']> }>;
  routing: Config['routing'];
  operators?: Array<{ id: string; name: string; role: OperatorConfig['role']; tokenSha256?: string; tokenEnv?: string; passwordHash?: string }>;
  schedules?: Partial<Config['schedules']>;
  lifecycle?: Partial<Config['lifecycle']>;
  timeliness?: Partial<Config['timeliness']>;
  usccChecksumExceptions?: string[];
  gradeBands?: { A: number; B: number; C: number };
  limits?: Partial<Config['limits']>;
  security?: Partial<Config['security']>;
  delivery?: Partial<Config['delivery']>;
  console?: { sessionSecret?: RawSecret; sessionTtlMinutes?: number; loginThrottle?: Partial<NonNullable<Config['console']>['loginThrottle']> };
}
