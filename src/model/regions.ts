import { REGION_CODE_GROUPS } from './data/region-codes.ts';

/**
 * Every GB/T 2260 region code that has existed (the union of the historical and current lists,
 * DOMAIN.md §(b)): a retired code such as 510122 双流县 is still a region code, because records of its
 * time carry it; a code that no list ever had (320799, 990723) is not. Built once from
 * `data/region-codes.ts` (scripts/gen-regions.ts; sources and licences in its header).
 */
export const REGION_CODES: ReadonlySet<string> = new Set(
  REGION_CODE_GROUPS.flatMap((group) => {
    const [prefix, ...suffixes] = group.split(' ');
    return suffixes.map((s) => `${prefix}${s}`);
  }),
);

/** True for a 6-digit code of a province, prefecture or county in any GB/T 2260 list since 2002. */
export function isRegionCode(code: string): boolean {
  return REGION_CODES.has(code);
}
