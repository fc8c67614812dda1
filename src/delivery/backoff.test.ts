import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../config/index.ts';
import { backoffDelay } from './backoff.ts';

const policy: RetryPolicy = { attempts: 12, baseMs: 1000, capMs: 60_000, jitter: 0.3 };
const noJitter: RetryPolicy = { ...policy, jitter: 0 };
const middle = () => 0.5;

describe('backoffDelay', () => {
  it('attempt 1 waits the base delay', () => {
    expect(backoffDelay(noJitter, 1)).toBe(1000);
    expect(backoffDelay(policy, 1, middle)).toBe(1000);
  });

  it('grows exponentially: base·2^(n−1)', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(noJitter, n))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000]);
    expect([1, 2, 3].map((n) => backoffDelay({ ...noJitter, baseMs: 250 }, n))).toEqual([250, 500, 1000]);
  });

  it('is capped at capMs, also for absurd attempt counts', () => {
    expect(backoffDelay(noJitter, 7)).toBe(60_000);
    expect(backoffDelay(noJitter, 20)).toBe(60_000);
    expect(backoffDelay(noJitter, 5000)).toBe(60_000);
    expect(backoffDelay(policy, 5000, middle)).toBe(60_000);
  });

  it('attempt counts below 1 are treated as the first attempt', () => {
    expect(backoffDelay(noJitter, 0)).toBe(1000);
    expect(backoffDelay(noJitter, -3)).toBe(1000);
  });

  it('jitter spreads the delay within ±jitter of the exponential value', () => {
    // random() = 0 → the lower bound, random() → 1 → the upper bound.
    expect(backoffDelay(policy, 1, () => 0)).toBe(700);
    expect(backoffDelay(policy, 1, () => 0.999_999)).toBe(1300);
    expect(backoffDelay(policy, 3, () => 0)).toBe(2800);
    expect(backoffDelay(policy, 3, () => 0.999_999)).toBe(5200);
    expect(backoffDelay(policy, 10, () => 0)).toBe(42_000);
    expect(backoffDelay(policy, 10, () => 0.999_999)).toBe(78_000);
    expect(backoffDelay(policy, 3, () => 0.25)).toBe(3400);
  });

  it('every jittered delay stays within the bounds and the spread is actually used', () => {
    let seed = 42;
    const lcg = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const n of [1, 2, 5, 8, 12]) {
      const exp = Math.min(policy.capMs, policy.baseMs * 2 ** (n - 1));
      const seen = Array.from({ length: 500 }, () => backoffDelay(policy, n, lcg));
      for (const d of seen) {
        expect(d).toBeGreaterThanOrEqual(Math.floor(exp * (1 - policy.jitter)));
        expect(d).toBeLessThanOrEqual(Math.ceil(exp * (1 + policy.jitter)));
      }
      expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThan(exp * policy.jitter);
    }
  });

  it('uses Math.random by default and returns whole milliseconds', () => {
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(policy, 2);
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(1400);
      expect(d).toBeLessThanOrEqual(2600);
    }
  });

  it('never goes negative, even with a jitter above 1', () => {
    expect(backoffDelay({ ...policy, jitter: 1.5 }, 1, () => 0)).toBe(0);
  });
});
