import type { Redis } from 'ioredis';
import type { CircuitBreakerPolicy } from '../config/index.ts';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitStatus {
  state: CircuitState;
  consecutiveFailures: number;
  recentFailures: number;
  recentSamples: number;
  openUntil: number | null;
  openMs: number | null;
}

export type Admission = { allowed: true; probe: boolean } | { allowed: false; waitMs: number };

/**
 * How long a process trusts its own last sight of a closed circuit (a success of its own, or Redis
 * showing no open-until) before asking Redis again: one round trip less per push while pushes
 * succeed. A circuit another process opened is seen at most this late; any failure here asks at once.
 */
export const CLOSED_TRUST_MS = 1000;

/**
 * A circuit breaker per target, its state in Redis so every worker process sees the same circuit.
 * Closed: pushes go through. Open (after `failureThreshold` consecutive transient failures, or an
 * error ratio over the last `window` pushes): nobody pushes until `openUntil`. Then half-open: one
 * worker wins the probe lock and pushes; success closes the circuit, failure opens it again for
 * twice as long (up to `maxOpenMs`).
 */
export class CircuitBreaker {
  private readonly k: { fails: string; recent: string; openUntil: string; openMs: string; probe: string };
  /** When this process last saw the circuit closed (see CLOSED_TRUST_MS). */
  private closedSeenAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    readonly target: string,
    private readonly policy: CircuitBreakerPolicy,
    private readonly now: () => number = Date.now,
  ) {
    const base = `${prefix}:circuit:${target}`;
    this.k = { fails: `${base}:fails`, recent: `${base}:recent`, openUntil: `${base}:open-until`, openMs: `${base}:open-ms`, probe: `${base}:probe` };
  }

  async admit(): Promise<Admission> {
    if (this.now() - this.closedSeenAt < CLOSED_TRUST_MS) return { allowed: true, probe: false };
    const until = Number(await this.redis.get(this.k.openUntil)) || 0;
    const now = this.now();
    if (!until) {
      this.closedSeenAt = now;
      return { allowed: true, probe: false };
    }
    if (now < until) return { allowed: false, waitMs: until - now };
    // Half-open: one probe at a time; the lock expires so a crashed prober does not wedge the circuit.
    const got = await this.redis.set(this.k.probe, '1', 'PX', Math.max(5000, this.policy.openMs), 'NX');
    return got === 'OK' ? { allowed: true, probe: true } : { allowed: false, waitMs: Math.min(1000, this.policy.openMs) };
  }

  async onSuccess(): Promise<void> {
    this.closedSeenAt = this.now();
    await this.redis
      .multi()
      .set(this.k.fails, '0')
      .lpush(this.k.recent, '0')
      .ltrim(this.k.recent, 0, this.policy.window - 1)
      .del(this.k.openUntil, this.k.openMs, this.k.probe)
      .exec();
  }

  /** Records a transient failure; returns true when this failure opened (or re-opened) the circuit. */
  async onFailure(): Promise<boolean> {
    this.closedSeenAt = Number.NEGATIVE_INFINITY;
    const res = await this.redis
      .multi()
      .incr(this.k.fails)
      .lpush(this.k.recent, '1')
      .ltrim(this.k.recent, 0, this.policy.window - 1)
      .lrange(this.k.recent, 0, -1)
      .get(this.k.openUntil)
      .get(this.k.openMs)
      .exists(this.k.probe)
      .exec();
    if (!res) return false;
    const fails = Number(res[0]![1]);
    const recent = (res[3]![1] as string[]).map(Number);
    const wasOpen = Number(res[4]![1]) > 0;
    const prevOpenMs = Number(res[5]![1]) || 0;
    const probing = Number(res[6]![1]) === 1;
    const ratio = recent.length >= this.policy.minSamples ? recent.reduce((a, b) => a + b, 0) / recent.length : 0;
    const trip = probing || (!wasOpen && (fails >= this.policy.failureThreshold || ratio >= this.policy.errorRatio));
    if (!trip) return false;
    const openMs = probing && prevOpenMs ? Math.min(this.policy.maxOpenMs, prevOpenMs * 2) : this.policy.openMs;
    await this.redis.multi().set(this.k.openUntil, String(this.now() + openMs)).set(this.k.openMs, String(openMs)).del(this.k.probe).exec();
    return true;
  }

  async status(): Promise<CircuitStatus> {
    const [fails, recent, until, openMs] = await Promise.all([this.redis.get(this.k.fails), this.redis.lrange(this.k.recent, 0, -1), this.redis.get(this.k.openUntil), this.redis.get(this.k.openMs)]);
    const openUntil = Number(until) || null;
    const state: CircuitState = !openUntil ? 'closed' : this.now() < openUntil ? 'open' : 'half_open';
    return { state, consecutiveFailures: Number(fails) || 0, recentFailures: recent.filter((x) => x === '1').length, recentSamples: recent.length, openUntil, openMs: Number(openMs) || null };
  }

  /** Operator action: close the circuit now. */
  async reset(): Promise<void> {
    this.closedSeenAt = Number.NEGATIVE_INFINITY;
    await this.redis.del(this.k.fails, this.k.recent, this.k.openUntil, this.k.openMs, this.k.probe);
  }
}
