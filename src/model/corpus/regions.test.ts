// Region codes (GB/T 2260) in the validation corpus: every record type, the union of the historical
// and current lists (DOMAIN.md §(b)), exact [path, code] per case.
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../errors/index.ts';
import { licence, penalty } from '../../../test/records.ts';
import { PROVINCE_PREFIXES } from '../code-lists.ts';
import { isRegionCode, REGION_CODES } from '../regions.ts';
import { RECORD_TYPES } from '../types.ts';
import { validateRecord, type ValidationContext } from '../validate.ts';
import { context, CORPUS } from './index.ts';

type Issues = Array<[string, ErrorCode]>;
const INVALID: Issues = [['/data/regionCode', 'REGION_CODE_INVALID']];
const OUT: Issues = [['/data/regionCode', 'REGION_OUT_OF_SCOPE']];

/**
 * [name, regionCode, issues with the corpus department (regionPrefixes 3207), issues for a department without region limits].
 * Retired codes come from the historical lists only; "never existed" means in no list since 2002.
 */
const CASES: Array<[string, string, Issues, Issues]> = [
  ['current county 320723 灌云县', '320723', [], []],
  ['prefecture 320700 连云港市', '320700', [], []],
  ['province 320000 江苏省, wider than the department', '320000', OUT, []],
  ['development zone 320771 连云港经济技术开发区 (统计用区划代码)', '320771', [], []],
  ['retired 320721 赣榆县 (320707 赣榆区 since 2014)', '320721', [], []],
  ['retired 320705 新浦区 (merged into 海州区 in 2014)', '320705', [], []],
  ['retired 510122 双流县, outside the department', '510122', OUT, []],
  ['current 510116 双流区, outside the department', '510116', OUT, []],
  ['retired 110228 密云县, outside the department', '110228', OUT, []],
  ['Hong Kong district 810101 中西区', '810101', OUT, []],
  ['never existed: 320799 (a real province and prefecture)', '320799', INVALID, INVALID],
  ['never existed: 320730 (county range of 连云港)', '320730', INVALID, INVALID],
  ['never existed: 329900 (no such prefecture in 江苏), outside the department', '329900', [...INVALID, ...OUT], INVALID],
  ['never existed: 990723 (no such province)', '990723', [...INVALID, ...OUT], INVALID],
  ['never existed: 100000 (the national body prefix)', '100000', [...INVALID, ...OUT], INVALID],
  ['malformed: five digits', '32072', INVALID, INVALID],
  ['malformed: leading zero', '032072', [...INVALID, ...OUT], INVALID],
  ['malformed: letters', '3207AB', INVALID, INVALID],
];

/** A department without region limits: only the code itself is judged. */
const noScope: ValidationContext = { ...context, scope: { ...context.scope!, regionPrefixes: [] } };

/** A valid record of every type: the corpus's first valid case, penalty and licence from test/records.ts. */
const RECORDS: Array<[string, Record<string, unknown>]> = [
  ['administrative-penalty', penalty(0)],
  ['administrative-license', licence(0)],
  ...CORPUS.map((c) => [c.type, c.valid[0]!.input] as [string, Record<string, unknown>]),
];

function withRegion(input: Record<string, unknown>, regionCode: string): Record<string, unknown> {
  const rec = structuredClone(input);
  return { ...rec, data: { ...(rec.data as Record<string, unknown>), regionCode } };
}

function issuesOf(input: unknown, ctx: ValidationContext): Issues {
  const r = validateRecord(input, ctx);
  return r.ok ? [] : r.issues.map((i) => [i.path, i.code]);
}

describe('region codes (GB/T 2260, union of historical lists)', () => {
  it('covers every record type', () => {
    expect(RECORDS.map(([t]) => t).sort()).toEqual([...RECORD_TYPES].sort());
  });

  describe.each(RECORDS)('%s', (_type, input) => {
    it.each(CASES)('%s', (_name, code, withDepartment, withoutScope) => {
      expect(issuesOf(withRegion(input, code), context)).toEqual(withDepartment);
      expect(issuesOf(withRegion(input, code), noScope)).toEqual(withoutScope);
    });
  });
});

describe('the region code set', () => {
  it('holds the current and the retired lists, and no code that never existed', () => {
    expect(REGION_CODES.size).toBeGreaterThan(4000);
    for (const code of ['110108', '510000', '510100', '510104', '510122', '510116', '320723', '320707', '320721', '130109', '130124']) expect(isRegionCode(code), code).toBe(true);
    for (const code of ['320799', '990723', '000000', '110100 ', '', '1101']) expect(isRegionCode(code), code).toBe(false);
  });
  it('every code is six digits and its province is a known province', () => {
    for (const code of REGION_CODES) {
      expect(code).toMatch(/^[1-9]\d{5}$/);
      expect(PROVINCE_PREFIXES.has(code.slice(0, 2)), code).toBe(true);
    }
  });
  it('every province prefix has its province code', () => {
    for (const p of PROVINCE_PREFIXES) expect(isRegionCode(`${p}0000`), p).toBe(true);
  });
  it('a lookup is a Set lookup: a million in well under a second', () => {
    const probes = ['320723', '320799', '510122', '990723'];
    const t0 = performance.now();
    let hits = 0;
    for (let i = 0; i < 1_000_000; i++) if (isRegionCode(probes[i & 3]!)) hits++;
    expect(hits).toBe(500_000);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
