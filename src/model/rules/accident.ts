// 生产安全事故: level by 《生产安全事故报告和调查处理条例》第三条 (DOMAIN §5).
import { INDUSTRY_SECTIONS } from '../code-lists.ts';
import type { AccidentData, AccidentLevel } from '../types.ts';
import { EARLIEST_DATE, issue, checkSource, type RuleContext, type RuleResult } from './common.ts';

/** Thresholds, highest level first: deaths, serious injuries, direct loss in 万元 ("以上" includes the number). */
const LEVELS: ReadonlyArray<readonly [AccidentLevel, number, number, bigint]> = [
  ['特别重大', 30, 100, 10000n],
  ['重大', 10, 50, 5000n],
  ['较大', 3, 10, 1000n],
];

/** The highest level any of the three measures reaches. `lossWan` is a schema-valid decimal string. */
export function deriveAccidentLevel(deaths: number, seriousInjuries: number, lossWan: string): AccidentLevel {
  // Thresholds are whole 万元, so comparing the integer part is exact: x ≥ n ⟺ ⌊x⌋ ≥ n for integer n.
  const lossWhole = BigInt(lossWan.split('.')[0]!);
  for (const [level, d, s, loss] of LEVELS) if (deaths >= d || seriousInjuries >= s || lossWhole >= loss) return level;
  return '一般';
}

/** The calendar date in Asia/Shanghai of an RFC 3339 date-time; undefined if Date cannot read it (a leap second). */
export function shanghaiDate(dateTime: string): string | undefined {
  const ms = Date.parse(dateTime);
  return Number.isNaN(ms) ? undefined : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function checkAccident(d: AccidentData, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  if (d.occurredAt) {
    const day = shanghaiDate(d.occurredAt);
    if (day !== undefined && day < EARLIEST_DATE) issue(out, '/data/occurredAt', 'DATE_TOO_EARLY', { value: d.occurredAt });
    else if (day !== undefined && day > ctx.today) issue(out, '/data/occurredAt', 'DATE_IN_FUTURE', { value: d.occurredAt });
  }
  if (d.industryCode) {
    const range = INDUSTRY_SECTIONS[d.industryCode.charAt(0)];
    const division = Number(d.industryCode.slice(1));
    if (!range || division < range[0] || division > range[1]) issue(out, '/data/industryCode', 'INDUSTRY_CODE_INVALID', { value: d.industryCode });
  }
  if (revoke || d.level === undefined) return;
  const derived = deriveAccidentLevel(d.deaths, d.seriousInjuries, d.directLossWan);
  if (d.level !== derived) issue(out, '/data/level', 'ACCIDENT_LEVEL_MISMATCH', { value: d.level, derived, deaths: d.deaths, seriousInjuries: d.seriousInjuries, directLossWan: d.directLossWan });
}

/** Fills the derived level of a valid upsert that gave none (a revoke carries what it was given). */
export function withAccidentLevel(d: AccidentData): AccidentData {
  if (d.level !== undefined) return d;
  return { ...d, level: deriveAccidentLevel(d.deaths, d.seriousInjuries, d.directLossWan) };
}
