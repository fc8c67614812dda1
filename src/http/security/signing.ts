// HMAC-SHA256 request signing (issue 8; README "Security / request signing").
//
//   stringToSign = METHOD "\n" PATH "\n" CANONICAL_QUERY "\n" TIMESTAMP "\n" NONCE "\n" hex(SHA-256(body))
//   X-Signature  = hex(HMAC-SHA256(secret, stringToSign))
//
// Pure functions: the same code signs (tests, clients written in Node) and verifies (auth.ts).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADERS = ['x-department', 'x-timestamp', 'x-nonce', 'x-signature'] as const;

/** 16–64 URL-safe characters (base64url alphabet). */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** Unix time in whole seconds, digits only. */
export const TIMESTAMP_PATTERN = /^[0-9]{1,12}$/;
/** 32 bytes as hex; either case is accepted. */
export const SIGNATURE_PATTERN = /^[0-9a-fA-F]{64}$/;

/** RFC 3986 percent-encoding: every byte except the unreserved A–Z a–z 0–9 - . _ ~ is %XX (upper-case hex). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The query in canonical form: the raw query string is decoded into name/value pairs the way
 * `URLSearchParams` does (`+` is a space), each name and value is percent-encoded per RFC 3986,
 * the pairs are sorted by encoded name, then encoded value (ASCII order), and joined as
 * `name=value` with `&`. A parameter without `=` has an empty value (`name=`). No query → "".
 */
export function canonicalQuery(search: string | URLSearchParams): string {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of params) pairs.push([percentEncode(k), percentEncode(v)]);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export function sha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

export interface SignedParts {
  method: string;
  /** The URL path as sent, without the query (e.g. `/v1/submissions`). */
  path: string;
  /** The raw query string, with or without the leading `?`, or parsed parameters. */
  query: string | URLSearchParams;
  timestamp: string;
  nonce: string;
  /** hex(SHA-256(body)); the empty body hashes to e3b0c442…b855. */
  bodySha256: string;
}

export function stringToSign(p: SignedParts): string {
  return [p.method.toUpperCase(), p.path, canonicalQuery(p.query), p.timestamp, p.nonce, p.bodySha256].join('\n');
}

export function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/** True when `signatureHex` is the HMAC of `text` under any of `secrets`; every secret is tried, compared in constant time. */
export function signatureMatches(secrets: readonly string[], text: string, signatureHex: string): boolean {
  if (!SIGNATURE_PATTERN.test(signatureHex)) return false;
  const given = Buffer.from(signatureHex.toLowerCase(), 'hex');
  let ok = false;
  for (const s of secrets) {
    const expected = createHmac('sha256', s).update(text, 'utf8').digest();
    if (timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url'); // 24 characters
}

/**
 * Signs one request: returns the four headers to send beside `Authorization: Bearer <key>`.
 * `url` may be absolute or a path with query (`/v1/submissions?dryRun=true`).
 */
export function signRequest(opts: {
  secret: string;
  department: string;
  method: string;
  url: string;
  body?: Uint8Array | string;
  /** Unix seconds; default now. */
  timestamp?: number | string;
  nonce?: string;
}): Record<(typeof SIGNATURE_HEADERS)[number], string> {
  const u = new URL(opts.url, 'http://localhost');
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? newNonce();
  const text = stringToSign({ method: opts.method, path: u.pathname, query: u.search, timestamp, nonce, bodySha256: sha256Hex(opts.body ?? '') });
  return { 'x-department': opts.department, 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': hmacHex(opts.secret, text) };
}
