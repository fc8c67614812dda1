// Shared pieces of the security suite (issue 8): demo credentials, signed requests, hostile bodies,
// and the assertion that an answer never echoes a secret or internals.
import { expect } from 'vitest';
import { hashApiKey } from '../../src/config/index.ts';
import { catalogue, type CatalogueEntry, type ErrorCode } from '../../src/errors/index.ts';
import { residentIdCheckChar } from '../../src/model/identifiers.ts';
import { signRequest } from '../../src/http/security/signing.ts';
import type { Harness } from '../helpers.ts';
import { penalty } from '../records.ts';

export const SIGNED = {
  department: 'county-safety-bureau-signed',
  key: 'demo-signed-key',
  secret: 'demo-signing-secret-county-safety-bureau-signed',
} as const;

export const PARK = { name: '灌云县化工园区管理委员会', uscc: '11320723MB7654321G' } as const;

/** Extra keys the security files add to the example config (see `securityPatch`). */
export const KEYS = {
  rotated: 'rotated-canonical-key-2026',
  expired: 'expired-park-key-2025',
  submitOnly: 'signed-submit-only-key',
  readOnly: 'signed-read-only-key',
  unmasked: 'park-unmasked-reader-key',
  rateLimited: 'rate-limited-key',
} as const;

export const PREVIOUS_SECRET = 'previous-signing-secret-for-the-rotation-test';

/**
 * The example config plus: a second (rotated) county key, an expired park key, a submit-only and a
 * read-only key and a previous signing secret for the signed department, a department limited to 3
 * requests a minute, and an auditing office (the park's data source) whose key holds read:unmasked.
 */
export function securityPatch(raw: Record<string, any>): void {
  const dept = (id: string) => raw.departments.find((d: { id: string }) => d.id === id);
  dept('county-safety-bureau').apiKeys.push({ id: 'rotated', sha256: hashApiKey(KEYS.rotated), scopes: ['submit', 'read'] });
  dept('chemical-park').apiKeys.push({ id: 'old', sha256: hashApiKey(KEYS.expired), scopes: ['submit', 'read'], expiresAt: '2025-12-31T16:00:00Z' });
  const signed = dept(SIGNED.department);
  signed.apiKeys = [
    { id: 'submit', sha256: hashApiKey(SIGNED.key), scopes: ['submit'] },
    { id: 'reader', sha256: hashApiKey(KEYS.readOnly), scopes: ['read'] },
  ];
  signed.signing.previousSecret = { env: 'TEST_PREVIOUS_SIGNING_SECRET', demoDefault: PREVIOUS_SECRET };
  const limited = structuredClone(dept('county-safety-bureau'));
  limited.id = 'rate-limited';
  limited.apiKeys = [{ id: 'k', sha256: hashApiKey(KEYS.rateLimited), scopes: ['submit', 'read'] }];
  limited.requestsPerMinute = 3;
  delete limited.apiKeyEnv;
  raw.departments.push(limited);
  // A reader that may see ID numbers (an auditing office sharing the park's data source).
  const unmaskedReader = structuredClone(dept('chemical-park'));
  unmaskedReader.id = 'park-auditor';
  unmaskedReader.apiKeys = [{ id: 'auditor', sha256: hashApiKey(KEYS.unmasked), scopes: ['read', 'read:unmasked'] }];
  delete unmaskedReader.apiKeyEnv;
  raw.departments.push(unmaskedReader);
}

export interface Reply {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}

export async function request(h: Harness, path: string, init: { method?: string; key?: string | null; headers?: Record<string, string>; body?: string | Uint8Array; contentType?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== null) headers.authorization ??= `Bearer ${init.key ?? 'demo-canonical-key'}`;
  if (init.body !== undefined) headers['content-type'] ??= init.contentType ?? 'application/json';
  const res = await fetch(`${h.gateway.url}${path}`, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  seen.push({ path, status: res.status, text });
  return { status: res.status, json, text, headers: res.headers };
}

/** What a signed request may get wrong on purpose: the signature is computed over `signed`, the request sends `sent`. */
export interface SignedInit {
  method?: string;
  key?: string | null;
  body?: string | Uint8Array;
  contentType?: string;
  secret?: string;
  timestamp?: number;
  nonce?: string;
  /** Sign another path/query than the one sent. */
  signedPath?: string;
  /** Sign another method than the one sent. */
  signedMethod?: string;
  /** Sign another body than the one sent. */
  signedBody?: string;
  /** Override headers after signing (e.g. a changed X-Timestamp). */
  headers?: Record<string, string>;
}

export async function signed(h: Harness, path: string, init: SignedInit = {}): Promise<Reply> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const sig = signRequest({
    secret: init.secret ?? SIGNED.secret,
    department: SIGNED.department,
    method: init.signedMethod ?? method,
    url: init.signedPath ?? path,
    body: init.signedBody ?? init.body ?? '',
    timestamp: init.timestamp,
    nonce: init.nonce,
  });
  return request(h, path, { method, key: init.key === undefined ? SIGNED.key : init.key, body: init.body, contentType: init.contentType, headers: { ...sig, ...init.headers } });
}

export function expectError(res: Reply, status: number, code: ErrorCode): void {
  expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code });
  expect(Object.keys(res.json)).toEqual(['error']);
  expect(typeof res.json.error.requestId).toBe('string');
  const entry: CatalogueEntry = catalogue[code];
  expect(entry.status).toBe(status);
}

/** Every answer a file saw; `expectNoLeaks` checks them all at the end. */
const seen: Array<{ path: string; status: number; text: string }> = [];

const SECRETS = [SIGNED.secret, PREVIOUS_SECRET, 'test-municipal-token', 'demo-municipal-token', ...Object.values(KEYS), SIGNED.key, 'demo-canonical-key', 'demo-park-key'];

/** No answer carried a key, a secret, a stack trace, a source path or an internal error message. */
export function expectNoLeaks(): void {
  expect(seen.length).toBeGreaterThan(0);
  for (const s of seen) {
    for (const secret of SECRETS) expect(s.text, `${s.path} → ${s.status} echoes a secret`).not.toContain(secret);
    expect(s.text, `${s.path} → ${s.status}`).not.toMatch(/\n\s+at |node_modules|\/work\/|\.ts:\d+|TypeError|ReferenceError|SyntaxError: Unexpected|PostgresError|duplicate key value|relation "/);
    if (s.status >= 500) expect(JSON.parse(s.text).error.code, `${s.path} → ${s.status}`).toMatch(/^(INTERNAL|UNAVAILABLE)$/);
  }
}

/** A valid 18-digit resident ID for a birth date and sequence (check character computed). */
export function residentId(region = '320723', birth = '19800101', seq = '123'): string {
  const first17 = `${region}${birth}${seq}`;
  return first17 + residentIdCheckChar(first17);
}

/** A penalty on a natural person (individual ID number, no USCC). */
export function personPenalty(n: number, idNo: string, over: { data?: Record<string, unknown> } = {}): Record<string, unknown> {
  const p = penalty(n, { data: { decisionNo: `灌应急罚〔2026〕个${n}号`, ...over.data } });
  return { ...p, subject: { name: `张${'三四五六七八九'[n % 7]}`, category: 'NATURAL_PERSON', idType: '身份证', idNo } };
}

/** A penalty on a company whose legal representative's ID number is given. */
export function orgPenaltyWithRepId(n: number, repIdNo: string): Record<string, unknown> {
  const p = penalty(n, { data: { decisionNo: `灌应急罚〔2026〕法${n}号` } }) as { subject: Record<string, unknown> };
  return { ...p, subject: { ...p.subject, legalRep: { name: '王建国', idType: '身份证', idNo: repIdNo } } };
}
