import { createHash, createHmac } from 'node:crypto';

/**
 * hmac-sha256 is the protocol's (DESIGN §3.4); hmac-sm3 (国密 SM3, GB/T 32905) is for a platform that
 * asks for it: the body hash and the HMAC both use SM3, and `X-Signature-Algorithm: HMAC-SM3` says so.
 */
export type SignatureAlgorithm = 'hmac-sha256' | 'hmac-sm3';

const HASH: Record<SignatureAlgorithm, string> = { 'hmac-sha256': 'sha256', 'hmac-sm3': 'sm3' };

/** Request signature of the provincial protocol: hex(HMAC(secret, timestamp + "\n" + hex(HASH(body)))). */
export function provincialSignature(secret: string, timestamp: string, body: string | Uint8Array, algorithm: SignatureAlgorithm = 'hmac-sha256'): string {
  const hash = HASH[algorithm];
  const bodyHash = createHash(hash).update(body).digest('hex');
  return createHmac(hash, secret).update(`${timestamp}\n${bodyHash}`).digest('hex');
}

/** The X-Timestamp (unix seconds) and X-Signature headers for one request; GETs sign an empty body. */
export function signedHeaders(secret: string, body: string, nowMs = Date.now(), algorithm: SignatureAlgorithm = 'hmac-sha256'): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'x-timestamp': timestamp,
    'x-signature': provincialSignature(secret, timestamp, body, algorithm),
    ...(algorithm === 'hmac-sm3' ? { 'x-signature-algorithm': 'HMAC-SM3' } : {}),
  };
}
