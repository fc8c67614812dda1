import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiKeyConfig, DepartmentConfig, Scope } from '../config/index.ts';
import { GatewayError } from '../errors/index.ts';
import type { Logger } from '../util/logger.ts';
import type { AppEnv } from './env.ts';
import { NONCE_PATTERN, SIGNATURE_HEADERS, SIGNATURE_PATTERN, TIMESTAMP_PATTERN, sha256Hex, signatureMatches, stringToSign } from './security/signing.ts';
import { memoryNonceStore, memoryRateLimiter, StoreUnavailable, type NonceStore, type RateLimiter } from './security/stores.ts';

export interface Principal {
  department: DepartmentConfig;
  keyId: string;
  scopes: ReadonlySet<Scope>;
  /** True when the request carried a valid signature (departments with signing configured). */
  signed: boolean;
}

interface KeyEntry {
  digest: Buffer;
  department: DepartmentConfig;
  key: ApiKeyConfig;
  expiresAtMs: number;
  scopes: ReadonlySet<Scope>;
}

/** What authentication needs beyond the keys: replay memory, rate buckets, the signature window. */
export interface SecurityOptions {
  nonces?: NonceStore;
  limiter?: RateLimiter;
  /** ±seconds a signed request's X-Timestamp may differ from now; nonces are kept twice as long. */
  toleranceSeconds?: number;
  /** Per department; a department's own requestsPerMinute overrides it. */
  requestsPerMinute?: number;
  logger?: Logger;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

/** SHA-256 of a presented secret: keys and tokens are configured, and compared, as such digests. */
export const secretDigest = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/**
 * The entry whose digest is the presented secret's, compared in constant time against every entry, so
 * the time taken says nothing about which one (or whether one) matched.
 */
export function matchDigest<E extends { digest: Buffer }>(entries: readonly E[], secret: string): E | undefined {
  const digest = secretDigest(secret);
  let found: E | undefined;
  for (const e of entries) if (timingSafeEqual(e.digest, digest) && !found) found = e;
  return found;
}

/** Resolves Bearer API keys against the configured SHA-256 digests, comparing in constant time. */
export function createKeyring(departments: readonly DepartmentConfig[], security: SecurityOptions = {}) {
  const entries: KeyEntry[] = departments.flatMap((d) =>
    d.apiKeys.map((k) => ({ digest: Buffer.from(k.sha256, 'hex'), department: d, key: k, expiresAtMs: k.expiresAt ? Date.parse(k.expiresAt) : Infinity, scopes: new Set(k.scopes) })),
  );
  const byId = new Map(departments.map((d) => [d.id, d]));
  const now = security.now ?? Date.now;
  return {
    departmentById: (id: string) => byId.get(id),
    /** The key's entry, `expired` when past its expiresAt, or undefined. */
    resolve(key: string): { principal: Omit<Principal, 'signed'>; expired: false } | { expired: true; expiresAt: string } | undefined {
      const found = matchDigest(entries, key);
      if (!found) return undefined;
      if (now() >= found.expiresAtMs) return { expired: true, expiresAt: found.key.expiresAt! };
      return { expired: false, principal: { department: found.department, keyId: found.key.id, scopes: found.scopes } };
    },
    security: {
      nonces: security.nonces ?? memoryNonceStore(now),
      limiter: security.limiter ?? memoryRateLimiter(now),
      toleranceSeconds: security.toleranceSeconds ?? 300,
      requestsPerMinute: security.requestsPerMinute ?? 600,
      logger: security.logger,
      now,
    },
  };
}

export type Keyring = ReturnType<typeof createKeyring>;

/** The token of an `Authorization: Bearer <token>` header (department keys, operator and metrics tokens). */
export function bearer(c: Context): string | undefined {
  const h = c.req.header('authorization');
  const m = h?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}

/**
 * Requires a department API key holding `scope`, in this order:
 * key present (AUTH_MISSING) → key known (AUTH_INVALID) and not expired (AUTH_EXPIRED) → an
 * `X-Department` header, when sent, names the key's department (DEPARTMENT_UNKNOWN / AUTH_INVALID)
 * → the department's request rate (RATE_LIMITED) → the request signature when the department has
 * signing configured (SIGNATURE_*) → the scope (FORBIDDEN_SCOPE).
 */
export function requireKey(keyring: Keyring, scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearer(c);
    if (!key) throw new GatewayError('AUTH_MISSING');
    const found = keyring.resolve(key);
    if (!found) throw new GatewayError('AUTH_INVALID');
    if (found.expired) throw new GatewayError('AUTH_EXPIRED', { expiresAt: found.expiresAt });
    const { department } = found.principal;
    const claimed = c.req.header('x-department');
    if (claimed !== undefined && !keyring.departmentById(claimed)) throw new GatewayError('DEPARTMENT_UNKNOWN', { departmentId: claimed.slice(0, 64) });
    if (claimed !== undefined && claimed !== department.id) throw new GatewayError('AUTH_INVALID');
    await checkRate(c, keyring, department);
    if (department.signing) await verifySignature(c, keyring, department);
    if (!found.principal.scopes.has(scope)) throw new GatewayError('FORBIDDEN_SCOPE', { scope });
    c.set('principal', { ...found.principal, signed: department.signing !== undefined });
    await next();
  };
}

async function checkRate(c: Context<AppEnv>, keyring: Keyring, department: DepartmentConfig): Promise<void> {
  const perMinute = department.requestsPerMinute ?? keyring.security.requestsPerMinute;
  let decision;
  try {
    decision = await keyring.security.limiter.take(department.id, perMinute);
  } catch (e) {
    // Availability over strictness: with Redis unreachable the limit is not enforced (logged).
    keyring.security.logger?.warn({ requestId: c.get('requestId'), department: department.id, err: (e as Error).message }, 'rate limiter unavailable; request allowed');
    return;
  }
  if (!decision.allowed) throw new GatewayError('RATE_LIMITED', { retryAfter: decision.retryAfterSeconds });
}

/** Verifies X-Timestamp / X-Nonce / X-Signature (README "Security / request signing"). */
async function verifySignature(c: Context<AppEnv>, keyring: Keyring, department: DepartmentConfig): Promise<void> {
  const h = Object.fromEntries(SIGNATURE_HEADERS.map((name) => [name, c.req.header(name)])) as Record<(typeof SIGNATURE_HEADERS)[number], string | undefined>;
  const missing = SIGNATURE_HEADERS.filter((name) => h[name] === undefined || h[name] === '');
  if (missing.length) throw new GatewayError('SIGNATURE_REQUIRED', { headers: missing.map((m) => HEADER_LABEL[m]).join(', ') });
  const timestamp = h['x-timestamp']!;
  const nonce = h['x-nonce']!;
  const signature = h['x-signature']!;
  if (!TIMESTAMP_PATTERN.test(timestamp)) throw new GatewayError('SIGNATURE_INVALID', { reason: 'X-Timestamp must be unix time in whole seconds' });
  if (!NONCE_PATTERN.test(nonce)) throw new GatewayError('SIGNATURE_INVALID', { reason: 'X-Nonce must be 16–64 characters of A–Z a–z 0–9 - _' });
  if (!SIGNATURE_PATTERN.test(signature)) throw new GatewayError('SIGNATURE_INVALID', { reason: 'X-Signature must be 64 hex digits' });
  const { toleranceSeconds, now, nonces } = keyring.security;
  const serverTime = Math.floor(now() / 1000);
  if (Math.abs(serverTime - Number(timestamp)) > toleranceSeconds) throw new GatewayError('SIGNATURE_EXPIRED', { tolerance: toleranceSeconds, serverTime });

  const body = new Uint8Array(await c.req.arrayBuffer());
  const url = new URL(c.req.url);
  const text = stringToSign({ method: c.req.method, path: url.pathname, query: url.search, timestamp, nonce, bodySha256: sha256Hex(body) });
  if (!signatureMatches(department.signing!.secrets.map((s) => s.reveal()), text, signature)) {
    // The string the gateway signed holds no secret; showing it lets a department debug its client.
    throw new GatewayError('SIGNATURE_INVALID', { reason: 'the signature does not match the request' }, { stringToSign: text });
  }
  // Only a verified request spends its nonce, so forged requests cannot block a department's nonces.
  let fresh: boolean;
  try {
    fresh = await nonces.remember(`${department.id}:${nonce}`, 2 * toleranceSeconds * 1000);
  } catch (e) {
    if (e instanceof StoreUnavailable) throw new GatewayError('UNAVAILABLE', { dependency: 'Redis' });
    throw e;
  }
  if (!fresh) throw new GatewayError('SIGNATURE_REPLAYED');
}

const HEADER_LABEL: Record<(typeof SIGNATURE_HEADERS)[number], string> = { 'x-department': 'X-Department', 'x-timestamp': 'X-Timestamp', 'x-nonce': 'X-Nonce', 'x-signature': 'X-Signature' };
