import { createHash, createHmac } from 'node:crypto';

/** Request signature of the provincial protocol: hex(HMAC-SHA256(secret, timestamp + "\n" + hex(SHA-256(body)))). */
export function provincialSignature(secret: string, timestamp: string, body: string | Uint8Array): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret).update(`${timestamp}\n${bodyHash}`).digest('hex');
}

/** The X-Timestamp (unix seconds) and X-Signature headers for one request; GETs sign an empty body. */
export function signedHeaders(secret: string, body: string, nowMs = Date.now()): { 'x-timestamp': string; 'x-signature': string } {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { 'x-timestamp': timestamp, 'x-signature': provincialSignature(secret, timestamp, body) };
}
