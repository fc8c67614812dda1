import type { TargetConfig } from '../config/index.ts';
import { createMunicipalConnector } from './municipal/connector.ts';
import { createProvincialConnector } from './provincial/connector.ts';
import type { Connector } from './types.ts';

export * from './types.ts';
export { parseRetryAfter } from './retry-after.ts';

/** One connector per platform kind; a new kind is one entry here. */
const factories: Record<TargetConfig['kind'], ((t: TargetConfig) => Connector) | undefined> = {
  municipal: (t) => createMunicipalConnector(t),
  provincial: (t) => createProvincialConnector(t),
};

export function createConnector(target: TargetConfig): Connector {
  const f = factories[target.kind];
  if (!f) throw new Error(`no connector for platform kind ${target.kind} (target ${target.id})`);
  return f(target);
}
