// 双公示 records: administrative penalty and licence.
import { parseAmount } from '../../normalise/amount.ts';
import { isPenaltyCategory } from '../code-lists.ts';
import type { LicenseData, PenaltyData } from '../types.ts';
import { checkDate, checkOrder, checkSource, type RuleContext, type RuleResult } from './common.ts';

export function checkPenalty(d: PenaltyData, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  checkDate(d.decisionDate, '/data/decisionDate', ctx, out, true);
  checkDate(d.penaltyValidUntil, '/data/penaltyValidUntil', ctx, out, false);
  checkDate(d.publicityEndDate, '/data/publicityEndDate', ctx, out, false);
  checkOrder(d.penaltyValidUntil, '/data/penaltyValidUntil', d.decisionDate, '/data/decisionDate', out);
  checkOrder(d.publicityEndDate, '/data/publicityEndDate', d.decisionDate, '/data/decisionDate', out);
  if (revoke || !d.penaltyCategories) return;
  d.penaltyCategories.forEach((c, i) => {
    if (!isPenaltyCategory(c)) out.issues.push({ path: `/data/penaltyCategories/${i}`, code: 'PENALTY_CATEGORY_UNKNOWN', params: { value: c } });
  });
  const hasFine = d.penaltyCategories.includes('罚款');
  if (d.fineAmountWan !== undefined && !hasFine) out.issues.push({ path: '/data/fineAmountWan', code: 'FINE_WITHOUT_CATEGORY' });
  if (d.fineAmountWan === undefined && hasFine) out.issues.push({ path: '/data/fineAmountWan', code: 'FINE_MISSING' });
  if (d.fineAmountWan !== undefined && hasFine) checkFineAgainstContent(d, out);
  const hasConfiscation = d.penaltyCategories.includes('没收违法所得') || d.penaltyCategories.includes('没收非法财物');
  if (d.confiscationAmountWan !== undefined && !hasConfiscation) out.issues.push({ path: '/data/confiscationAmountWan', code: 'CONFISCATION_WITHOUT_CATEGORY' });
}

const FINE_IN_TEXT = /罚款(?:人民币|金额)?[：:\s]*([¥￥]?[0-9０-９][0-9０-９,，.．]*)\s*(万元|万|元)/g;

const decimal = (v: string) => v.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

/**
 * CF_NR_FK is in 万元 while 处罚内容 is written in 元 ("罚款2000元" beside 0.2): the commonest slip is
 * a fine entered in 元 in the 万元 field. Both checks warn (the record is kept): a fine over 1000
 * 万元, and a fine that differs from the one amount 处罚内容 states.
 */
function checkFineAgainstContent(d: PenaltyData, out: RuleResult): void {
  const fine = decimal(d.fineAmountWan!);
  if (Number(fine) > 1000) out.warnings.push({ path: '/data/fineAmountWan', code: 'FINE_AMOUNT_SUSPICIOUS', params: { value: fine } });
  const stated = [...(d.penaltyContent ?? '').matchAll(FINE_IN_TEXT)];
  if (stated.length !== 1) return;
  const m = stated[0]!;
  const parsed = parseAmount(`${m[1]}${m[2]}`, '元');
  if (parsed.wan !== undefined && decimal(parsed.wan) !== fine) {
    out.warnings.push({ path: '/data/fineAmountWan', code: 'FINE_AMOUNT_CONTENT_MISMATCH', params: { value: fine, content: m[0] } });
  }
}

export function checkLicense(d: LicenseData, _revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  checkDate(d.decisionDate, '/data/decisionDate', ctx, out, true);
  checkDate(d.validFrom, '/data/validFrom', ctx, out, false);
  checkDate(d.validTo, '/data/validTo', ctx, out, false);
  checkOrder(d.validTo, '/data/validTo', d.validFrom, '/data/validFrom', out);
}
