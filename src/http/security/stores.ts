// Replay and rate state. In Redis when the app has a client (shared by every gateway process);
// in memory otherwise (a single process: unit tests, app.request()).
import type { Redis } from 'ioredis';

/** Remembers signature nonces: `remember` is true the first time a key is seen within `ttlMs`. */
export interface NonceStore {
  remember(key: string, ttlMs: number): Promise<boolean>;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: whole seconds until one request is allowed again (≥ 1). */
  retryAfterSeconds: number;
}

/** A token bucket per key: `perMinute` capacity, refilled continuously at perMinute / 60 s. */
export interface RateLimiter {
  take(key: string, perMinute: number): Promise<RateDecision>;
}

export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new StoreUnavailable(`Redis did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(new StoreUnavailable((e as Error)?.message ?? String(e)));
      },
    );
  });
}

export function redisNonceStore(redis: Redis, prefix: string, timeoutMs = 2000): NonceStore {
  return {
    async remember(key, ttlMs) {
      const r = await withTimeout(redis.set(`${prefix}:sig-nonce:${key}`, '1', 'PX', ttlMs, 'NX'), timeoutMs);
      return r === 'OK';
    },
  };
}

// Token bucket on the Redis clock (every gateway process sees one time). Returns {allowed, waitMs}.
const TOKEN_BUCKET = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cap = tonumber(ARGV[1])
local rate = cap / 60000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil then tokens = cap; ts = now end
if now > ts then tokens = math.min(cap, tokens + (now - ts) * rate) end
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(math.max(now, ts)))
redis.call('PEXPIRE', KEYS[1], 120000)
return {allowed, wait}
`;

const COMMAND = 'cgwTokenBucket';

export function redisRateLimiter(redis: Redis, prefix: string, timeoutMs = 1000): RateLimiter {
  const r = redis as Redis & Record<string, unknown>;
  if (typeof r[COMMAND] !== 'function') redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: TOKEN_BUCKET });
  const run = r[COMMAND] as unknown as (key: string, cap: number) => Promise<[number, number]>;
  return {
    async take(key, perMinute) {
      const [allowed, waitMs] = await withTimeout(run.call(redis, `${prefix}:rate:${key}`, perMinute), timeoutMs);
      return { allowed: allowed === 1, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
  };
}

export function memoryNonceStore(now: () => number = Date.now): NonceStore {
  const seen = new Map<string, number>();
  let sweeps = 0;
  return {
    async remember(key, ttlMs) {
      const t = now();
      if (++sweeps % 1000 === 0) for (const [k, exp] of seen) if (exp <= t) seen.delete(k);
      const exp = seen.get(key);
      if (exp !== undefined && exp > t) return false;
      seen.set(key, t + ttlMs);
      return true;
    },
  };
}

export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; ts: number }>();
  return {
    async take(key, perMinute) {
      const t = now();
      const rate = perMinute / 60_000;
      const b = buckets.get(key) ?? { tokens: perMinute, ts: t };
      if (t > b.ts) b.tokens = Math.min(perMinute, b.tokens + (t - b.ts) * rate);
      b.ts = Math.max(b.ts, t);
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) };
    },
  };
}
