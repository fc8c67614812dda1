import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { DepartmentConfig, Scope } from '../config/index.ts';
import { GatewayError } from '../errors/index.ts';
import type { AppEnv } from './env.ts';

export interface Principal {
  department: DepartmentConfig;
  keyId: string;
  scopes: ReadonlySet<Scope>;
}

interface KeyEntry {
  digest: Buffer;
  department: DepartmentConfig;
  keyId: string;
  scopes: ReadonlySet<Scope>;
}

/** Resolves Bearer API keys against the configured SHA-256 digests, comparing in constant time. */
export function createKeyring(departments: readonly DepartmentConfig[]) {
  const entries: KeyEntry[] = departments.flatMap((d) => d.apiKeys.map((k) => ({ digest: Buffer.from(k.sha256, 'hex'), department: d, keyId: k.id, scopes: new Set(k.scopes) })));
  const byId = new Map(departments.map((d) => [d.id, d]));
  return {
    departmentById: (id: string) => byId.get(id),
    resolve(key: string): Principal | undefined {
      const digest = createHash('sha256').update(key, 'utf8').digest();
      let found: KeyEntry | undefined;
      // Compare against every key so timing says nothing about which (or whether one) matched.
      for (const e of entries) if (timingSafeEqual(e.digest, digest) && !found) found = e;
      return found && { department: found.department, keyId: found.keyId, scopes: found.scopes };
    },
  };
}

export type Keyring = ReturnType<typeof createKeyring>;

function bearer(c: Context): string | undefined {
  const h = c.req.header('authorization');
  const m = h?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}

/** Requires a department API key holding `scope`; an `X-Department` header, when sent, must name the key's department. */
export function requireKey(keyring: Keyring, scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const claimed = c.req.header('x-department');
    if (claimed !== undefined && !keyring.departmentById(claimed)) throw new GatewayError('DEPARTMENT_UNKNOWN', { departmentId: claimed.slice(0, 64) });
    const key = bearer(c);
    if (!key) throw new GatewayError('AUTH_MISSING');
    const principal = keyring.resolve(key);
    if (!principal || (claimed !== undefined && claimed !== principal.department.id)) throw new GatewayError('AUTH_INVALID');
    if (!principal.scopes.has(scope)) throw new GatewayError('FORBIDDEN_SCOPE', { scope });
    c.set('principal', principal);
    await next();
  };
}
