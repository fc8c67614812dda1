// Console passwords: scrypt (node:crypto), stored as `scrypt$N$r$p$saltB64$hashB64`.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const DEFAULT_SCRYPT = { N: 32768, r: 8, p: 1 } as const;
const HASH_BYTES = 32;
const SALT_BYTES = 16;
const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]{16,}={0,2})\$([A-Za-z0-9+/]{32,}={0,2})$/;

export interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** Parses a stored hash; null when it is not one this module wrote (or its cost is out of bounds). */
export function parsePasswordHash(s: string): ParsedHash | null {
  const m = FORMAT.exec(s);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Power of two from 2^14 to 2^20; bounded r and p so a config cannot make a login take minutes.
  if (N < 16384 || N > 1 << 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  if (salt.length < 16 || hash.length < 16) return null;
  return { N, r, p, salt, hash };
}

/** Why a configured hash is unusable, or null when it is fine (config validation). */
export function passwordHashProblem(s: string): string | null {
  return parsePasswordHash(s) ? null : 'passwordHash must be scrypt$N$r$p$saltB64$hashB64 (N a power of two 2^14–2^20, r 1–32, p 1–16; `npm run hash-password`)';
}

function derive(password: string, salt: Buffer, N: number, r: number, p: number, len: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, len, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<string> {
  if (password.length < 8) throw new Error('a console password needs at least 8 characters');
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params.N, params.r, params.p, HASH_BYTES);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

// A fixed hash to spend the same work on when the user does not exist (no timing difference).
const DUMMY: ParsedHash = { ...DEFAULT_SCRYPT, salt: Buffer.alloc(SALT_BYTES, 7), hash: Buffer.alloc(HASH_BYTES, 0) };

/** Constant-time check; an absent or unusable hash costs as much as a real one and is false. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parsed = (stored && parsePasswordHash(stored)) || null;
  const h = parsed ?? DUMMY;
  const key = await derive(password.slice(0, 1024), h.salt, h.N, h.r, h.p, h.hash.length);
  return timingSafeEqual(key, h.hash) && parsed !== null;
}
