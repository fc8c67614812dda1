// The explicit list of department formats. Adding a format = one line here plus its directory.
import { canonicalJsonAdapter } from './canonical-json/index.ts';
import { hrArrearsJsonAdapter } from './hr-arrears-json/index.ts';
import { industryCsvAdapter } from './industry-csv/index.ts';
import { parkXmlAdapter } from './park-xml/index.ts';
import { safetyBureauJsonAdapter } from './safety-bureau-json/index.ts';
import type { Adapter } from './types.ts';

export const adapters: ReadonlyMap<string, Adapter> = new Map<string, Adapter>(
  [canonicalJsonAdapter, parkXmlAdapter, safetyBureauJsonAdapter, industryCsvAdapter, hrArrearsJsonAdapter].map((a) => [a.name, a] as const),
);

/** The adapter registered under `name`, or undefined. */
export function getAdapter(name: string): Adapter | undefined {
  return adapters.get(name);
}
