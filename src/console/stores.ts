// Server-side state of the console: failed-login counters and revoked sessions. In Redis when the
// app has a client (every gateway process sees the same counters); in memory otherwise (one process).
import type { Redis } from 'ioredis';

export interface ConsoleStores {
  /** Seconds until a login may be tried again under any of the keys, 0 when allowed. */
  lockedFor(entries: ReadonlyArray<{ key: string; max: number }>): Promise<number>;
  /** Counts one failed login under each key; the count lapses `windowMs` after the first failure. */
  fail(keys: readonly string[], windowMs: number): Promise<void>;
  reset(key: string): Promise<void>;
  revoke(sid: string, untilEpochSeconds: number): Promise<void>;
  isRevoked(sid: string): Promise<boolean>;
}

export function memoryStores(now: () => number = Date.now): ConsoleStores {
  const fails = new Map<string, { n: number; until: number }>();
  const revoked = new Map<string, number>();
  const sweep = () => {
    const t = now();
    for (const [k, v] of fails) if (v.until <= t) fails.delete(k);
    for (const [k, v] of revoked) if (v * 1000 <= t) revoked.delete(k);
  };
  return {
    async lockedFor(entries) {
      sweep();
      let wait = 0;
      for (const e of entries) {
        const f = fails.get(e.key);
        if (f && f.n >= e.max) wait = Math.max(wait, Math.ceil((f.until - now()) / 1000));
      }
      return wait;
    },
    async fail(keys, windowMs) {
      sweep();
      for (const k of keys) {
        const f = fails.get(k);
        if (f) f.n++;
        else fails.set(k, { n: 1, until: now() + windowMs });
      }
    },
    async reset(key) {
      fails.delete(key);
    },
    async revoke(sid, until) {
      sweep();
      revoked.set(sid, until);
    },
    async isRevoked(sid) {
      const u = revoked.get(sid);
      return u !== undefined && u * 1000 > now();
    },
  };
}

export function redisStores(redis: Redis, prefix: string): ConsoleStores {
  const fk = (k: string) => `${prefix}:console:fail:${k}`;
  const rk = (sid: string) => `${prefix}:console:revoked:${sid}`;
  return {
    async lockedFor(entries) {
      if (entries.length === 0) return 0;
      const m = redis.multi();
      for (const e of entries) m.get(fk(e.key)).pttl(fk(e.key));
      const res = (await m.exec()) ?? [];
      let wait = 0;
      entries.forEach((e, i) => {
        const n = Number(res[2 * i]?.[1] ?? 0);
        const ttl = Number(res[2 * i + 1]?.[1] ?? -2);
        if (n >= e.max && ttl > 0) wait = Math.max(wait, Math.ceil(ttl / 1000));
      });
      return wait;
    },
    async fail(keys, windowMs) {
      const m = redis.multi();
      // The window starts at the first failure: NX keeps a running window from being extended.
      for (const k of keys) m.set(fk(k), '0', 'PX', windowMs, 'NX').incr(fk(k));
      await m.exec();
    },
    async reset(key) {
      await redis.del(fk(key));
    },
    async revoke(sid, until) {
      const ttl = Math.max(1, until - Math.floor(Date.now() / 1000));
      await redis.set(rk(sid), '1', 'EX', ttl);
    },
    async isRevoked(sid) {
      return (await redis.exists(rk(sid))) === 1;
    },
  };
}
