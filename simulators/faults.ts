/**
 * The seeded platform faults both simulators inject before a request reaches the platform itself:
 * a fixed-window rate limit and load shedding (429 with Retry-After), latency, hangs ending in 504,
 * and 5xx errors; plus the drop decision for stored records. One engine, each simulator answering in
 * its own format.
 */
import { seededStreams } from './prng.ts';

export interface PlatformFaults {
  /** Added before every platform request is answered. */
  latencyMs: number;
  /** Share (0..1) of requests answered 500/502/503 without Retry-After. */
  errorRate: number;
  /** Requests per second (fixed 1-second window); beyond → 429 with Retry-After: 1. 0 = off. */
  rateLimit: number;
  /** Share (0..1) of requests answered 429 with Retry-After: 1 (a platform shedding load). */
  throttleRate: number;
  /** Share (0..1) of requests that hang `hangMs` and then answer 504. */
  timeoutRate: number;
  /** Share (0..1) of valid, new record versions acknowledged but silently not stored. */
  dropRate: number;
  hangMs: number;
}

export const PLATFORM_FAULT_KEYS = ['latencyMs', 'errorRate', 'rateLimit', 'throttleRate', 'timeoutRate', 'dropRate', 'hangMs'] as const;
export const NO_FAULTS: PlatformFaults = { latencyMs: 0, errorRate: 0, rateLimit: 0, throttleRate: 0, timeoutRate: 0, dropRate: 0, hangMs: 30_000 };

const RATE_KEYS = new Set<string>(['errorRate', 'timeoutRate', 'dropRate', 'throttleRate']);
const ERROR_STATUSES = [500, 502, 503] as const;
const STREAMS = ['error', 'errorStatus', 'timeout', 'drop', 'throttle'] as const;

/** Applies `patch` to `base` for the given keys, validating every value (RangeError on a bad one); null switches a fault off. */
export function applyFaultPatch<F extends object>(keys: readonly (keyof F & string)[], base: F, patch: Record<string, unknown>): F {
  const next = { ...base };
  for (const key of keys) {
    if (!(key in patch) || patch[key] === undefined) continue;
    const v = patch[key] === null ? 0 : patch[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`${key} must be a non-negative number`);
    if (RATE_KEYS.has(key) && v > 1) throw new RangeError(`${key} must be between 0 and 1`);
    (next as Record<string, unknown>)[key] = v;
  }
  return next;
}

/** A fault the engine decided on: the simulator answers it in its own format. */
export interface FaultAnswer {
  status: 429 | 500 | 502 | 503 | 504;
  code: 'RATE_LIMITED' | 'GATEWAY_TIMEOUT' | 'SIMULATED_ERROR';
  message: string;
  headers: Record<string, string>;
}

export interface FaultCounters {
  rateLimited: number;
  timeouts: number;
  errors: number;
}

export interface FaultEngine<F extends PlatformFaults> {
  /** The settings now (a copy). */
  faults(): F;
  /** Throws RangeError on an invalid value. Returns the new settings. */
  setFaults(patch: Record<string, unknown>): F;
  /** Creation-time faults and seed again, rate window cleared. */
  reset(): void;
  /** Whether this valid, new record version is to be lost (the drop fault). */
  drop(): boolean;
  /** Waits `ms`, ending early when the client goes away or the simulator closes. */
  wait(ms: number, signal: AbortSignal | undefined): Promise<void>;
  /** Ends every wait now (the simulator is closing). */
  releaseAll(): void;
  /** Applies the request faults in the order a real gateway in front of a platform would; null: let it through. */
  intercept(signal: AbortSignal | undefined, counters: FaultCounters): Promise<FaultAnswer | null>;
}

export function createFaultEngine<F extends PlatformFaults>(opts: { keys: readonly (keyof F & string)[]; initial: F; seed: number; now: () => number }): FaultEngine<F> {
  let faults = opts.initial;
  let rng = seededStreams(opts.seed, STREAMS);
  let window = -1;
  let windowCount = 0;
  const pending = new Set<() => void>();

  const wait = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        pending.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      pending.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });

  return {
    faults: () => ({ ...faults }),
    setFaults(patch) {
      faults = applyFaultPatch(opts.keys, faults, patch);
      return { ...faults };
    },
    reset() {
      faults = opts.initial;
      rng = seededStreams(opts.seed, STREAMS);
      window = -1;
      windowCount = 0;
    },
    drop: () => faults.dropRate > 0 && rng.drop() < faults.dropRate,
    wait,
    releaseAll() {
      for (const done of [...pending]) done();
    },
    async intercept(signal, counters): Promise<FaultAnswer | null> {
      const f = faults;
      if (f.rateLimit > 0) {
        const w = Math.floor(opts.now() / 1000);
        if (w !== window) {
          window = w;
          windowCount = 0;
        }
        windowCount += 1;
        if (windowCount > f.rateLimit) {
          counters.rateLimited += 1;
          return { status: 429, code: 'RATE_LIMITED', message: `more than ${f.rateLimit} requests per second`, headers: { 'Retry-After': '1' } };
        }
      }
      if (f.throttleRate > 0 && rng.throttle() < f.throttleRate) {
        counters.rateLimited += 1;
        return { status: 429, code: 'RATE_LIMITED', message: 'simulated load shedding', headers: { 'Retry-After': '1' } };
      }
      if (f.latencyMs > 0) await wait(f.latencyMs, signal);
      if (f.timeoutRate > 0 && rng.timeout() < f.timeoutRate) {
        counters.timeouts += 1;
        await wait(f.hangMs, signal);
        return { status: 504, code: 'GATEWAY_TIMEOUT', message: 'simulated timeout', headers: {} };
      }
      if (f.errorRate > 0 && rng.error() < f.errorRate) {
        counters.errors += 1;
        const status = ERROR_STATUSES[Math.floor(rng.errorStatus() * ERROR_STATUSES.length)] ?? 500;
        return { status, code: 'SIMULATED_ERROR', message: `simulated ${status}`, headers: {} };
      }
      return null;
    },
  };
}
