// 双公示 records: administrative penalty and licence.
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
  const hasConfiscation = d.penaltyCategories.includes('没收违法所得') || d.penaltyCategories.includes('没收非法财物');
  if (d.confiscationAmountWan !== undefined && !hasConfiscation) out.issues.push({ path: '/data/confiscationAmountWan', code: 'CONFISCATION_WITHOUT_CATEGORY' });
}

export function checkLicense(d: LicenseData, _revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  checkDate(d.decisionDate, '/data/decisionDate', ctx, out, true);
  checkDate(d.validFrom, '/data/validFrom', ctx, out, false);
  checkDate(d.validTo, '/data/validTo', ctx, out, false);
  checkOrder(d.validTo, '/data/validTo', d.validFrom, '/data/validFrom', out);
}
