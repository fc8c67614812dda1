// Console sessions in a signed cookie, and the CSRF tokens tied to them.
//
// Cookie value: `v1.<payload>.<mac>`, payload = base64url(JSON {sid, sub, iat, exp, pwv}), mac =
// HMAC-SHA256(secret, "session\n" + payload). The operator's role is read from the config on every
// request (a demoted operator loses rights at once); `pwv` binds the session to the operator's
// current password hash (a password change ends every session); `sid` is random per login, and
// logout revokes it server-side until its expiry.
//
// CSRF: a synchronizer token per session, HMAC(secret, "csrf\n" + sid), put in every form and
// compared server-side in constant time. The login form, before any session exists, gets the same
// protection from a short-lived signed pre-session cookie (`cgw_login`).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'cgw_session';
export const LOGIN_COOKIE = 'cgw_login';
export const LANG_COOKIE = 'cgw_lang';
export const COOKIE_PATH = '/admin';

export interface SessionPayload {
  /** Random id of this login (CSRF token and revocation key). */
  sid: string;
  /** Operator id. */
  sub: string;
  /** Issued / expires, epoch seconds. */
  iat: number;
  exp: number;
  /** Fingerprint of the password hash the session was opened with. */
  pwv: string;
}

const b64u = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function mac(secret: Buffer, purpose: string, data: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}\n${data}`, 'utf8').digest();
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A short fingerprint of a password hash (not the hash itself: the cookie is readable by its holder). */
export function passwordVersion(secret: Buffer, passwordHash: string | undefined): string {
  return mac(secret, 'pwv', createHash('sha256').update(passwordHash ?? '', 'utf8').digest('hex')).subarray(0, 9).toString('base64url');
}

export function createSessionCodec(secret: Buffer, now: () => number = Date.now) {
  const sec = () => Math.floor(now() / 1000);
  return {
    issue(sub: string, pwv: string, ttlSeconds: number): { value: string; payload: SessionPayload } {
      const iat = sec();
      const payload: SessionPayload = { sid: randomBytes(16).toString('base64url'), sub, iat, exp: iat + ttlSeconds, pwv };
      const body = b64u(JSON.stringify(payload));
      return { value: `v1.${body}.${b64u(mac(secret, 'session', body))}`, payload };
    },

    /** The payload when the cookie is ours, untampered and unexpired; why not otherwise. */
    read(value: string | undefined): { ok: true; payload: SessionPayload } | { ok: false; why: 'absent' | 'malformed' | 'bad-signature' | 'expired' } {
      if (!value) return { ok: false, why: 'absent' };
      const parts = value.split('.');
      if (parts.length !== 3 || parts[0] !== 'v1' || !parts[1] || !parts[2] || value.length > 2048) return { ok: false, why: 'malformed' };
      if (!sameBytes(Buffer.from(parts[2], 'base64url'), mac(secret, 'session', parts[1]))) return { ok: false, why: 'bad-signature' };
      let p: SessionPayload;
      try {
        p = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as SessionPayload;
      } catch {
        return { ok: false, why: 'malformed' };
      }
      if (typeof p.sid !== 'string' || typeof p.sub !== 'string' || typeof p.exp !== 'number' || typeof p.pwv !== 'string') return { ok: false, why: 'malformed' };
      if (p.exp <= sec()) return { ok: false, why: 'expired' };
      return { ok: true, payload: p };
    },

    csrfToken(sid: string): string {
      return b64u(mac(secret, 'csrf', sid));
    },

    checkCsrf(sid: string, given: unknown): boolean {
      return typeof given === 'string' && given.length < 200 && sameBytes(Buffer.from(given, 'utf8'), Buffer.from(b64u(mac(secret, 'csrf', sid)), 'utf8'));
    },

    /** Pre-session cookie for the login form: `<nonce>.<mac>`; the form carries HMAC("login", nonce). */
    issueLoginNonce(): { cookie: string; token: string } {
      const nonce = `${sec()}-${randomBytes(16).toString('base64url')}`;
      return { cookie: `${nonce}.${b64u(mac(secret, 'login-cookie', nonce))}`, token: b64u(mac(secret, 'login', nonce)) };
    },

    /** The login form's token for an existing pre-session cookie (re-rendering the form after a failure). */
    loginTokenFor(cookie: string | undefined, maxAgeSeconds: number): string | null {
      const nonce = this.loginNonce(cookie, maxAgeSeconds);
      return nonce ? b64u(mac(secret, 'login', nonce)) : null;
    },

    loginNonce(cookie: string | undefined, maxAgeSeconds: number): string | null {
      if (!cookie || cookie.length > 200) return null;
      const i = cookie.lastIndexOf('.');
      if (i < 1) return null;
      const nonce = cookie.slice(0, i);
      if (!sameBytes(Buffer.from(cookie.slice(i + 1), 'base64url'), mac(secret, 'login-cookie', nonce))) return null;
      const t = Number(nonce.split('-')[0]);
      if (!Number.isFinite(t) || sec() - t > maxAgeSeconds) return null;
      return nonce;
    },

    checkLoginToken(cookie: string | undefined, given: unknown, maxAgeSeconds: number): boolean {
      const nonce = this.loginNonce(cookie, maxAgeSeconds);
      return nonce !== null && typeof given === 'string' && given.length < 200 && sameBytes(Buffer.from(given, 'utf8'), Buffer.from(b64u(mac(secret, 'login', nonce)), 'utf8'));
    },
  };
}

export type SessionCodec = ReturnType<typeof createSessionCodec>;
