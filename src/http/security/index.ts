import type { Redis } from 'ioredis';
import type { Config } from '../../config/index.ts';
import type { Logger } from '../../util/logger.ts';
import type { SecurityOptions } from '../auth.ts';
import { redisNonceStore, redisRateLimiter } from './stores.ts';

export { signRequest, stringToSign, canonicalQuery, percentEncode, sha256Hex, newNonce } from './signing.ts';
export { maskRecordView, maskSubmissionView } from './redact.ts';

/** Authentication options from the config: Redis-backed nonces and rate buckets when a client is given. */
export function securityOptions(deps: { config: Config; redis?: Redis; keyPrefix?: string; logger?: Logger }): SecurityOptions {
  const prefix = deps.keyPrefix ?? 'cgw';
  return {
    ...(deps.redis ? { nonces: redisNonceStore(deps.redis, prefix), limiter: redisRateLimiter(deps.redis, prefix) } : {}),
    toleranceSeconds: deps.config.security.signatureToleranceSeconds,
    requestsPerMinute: deps.config.limits.requestsPerMinute,
    logger: deps.logger,
  };
}
