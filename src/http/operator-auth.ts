import type { MiddlewareHandler } from 'hono';
import type { OperatorConfig, OperatorRole } from '../config/index.ts';
import { GatewayError } from '../errors/index.ts';
import type { AppEnv } from './env.ts';
import { bearer, matchDigest } from './auth.ts';

const RANK: Record<OperatorRole, number> = { viewer: 1, operator: 2, admin: 3 };

export interface OperatorPrincipal {
  id: string;
  name: string;
  role: OperatorRole;
}

/** Resolves operator API tokens (Bearer) against configured SHA-256 digests in constant time. */
export function createOperatorKeyring(operators: readonly OperatorConfig[]) {
  const entries = operators.flatMap((o) => o.tokenDigests.map((d) => ({ digest: Buffer.from(d, 'hex'), op: o })));
  return {
    resolve(token: string): OperatorPrincipal | undefined {
      const found = matchDigest(entries, token)?.op;
      return found && { id: found.id, name: found.name, role: found.role };
    },
  };
}

export type OperatorKeyring = ReturnType<typeof createOperatorKeyring>;

export function hasRole(p: OperatorPrincipal, role: OperatorRole): boolean {
  return RANK[p.role] >= RANK[role];
}

/** Requires an operator token of at least `role`. A console session (set by the console) counts too. */
export function requireOperator(keyring: OperatorKeyring, role: OperatorRole): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let op: OperatorPrincipal | undefined = c.get('operator');
    if (!op) {
      const token = bearer(c);
      if (!token) throw new GatewayError('AUTH_MISSING');
      op = keyring.resolve(token);
      if (!op) throw new GatewayError('AUTH_INVALID');
      c.set('operator', op);
    }
    if (!hasRole(op, role)) throw new GatewayError('FORBIDDEN_ROLE', { role });
    await next();
  };
}
