import type { RetryPolicy } from '../config/index.ts';

/**
 * Exponential backoff with jitter: base·2^(n−1), capped, then spread by ±jitter so that many
 * batches failing together do not come back together. `attemptsMade` counts from 1.
 */
export function backoffDelay(policy: RetryPolicy, attemptsMade: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attemptsMade - 1));
  const spread = exp * policy.jitter;
  return Math.max(0, Math.round(exp - spread + random() * 2 * spread));
}
