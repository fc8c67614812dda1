// 失信联合惩戒 / 黑名单 (安监总办〔2017〕49号) and 守信联合激励 (安监总办〔2017〕133号) list entries.
import { BASIS_CLAUSE_OTHER, BASIS_CLAUSES_BY_LIST } from '../code-lists.ts';
import type { IncentiveConditions, IncentiveListEntryData, PunishmentListEntryData } from '../types.ts';
import { checkDate, checkOrder, checkPerson, checkSource, issue, type RuleContext, type RuleResult } from './common.ts';

export function checkPunishmentListEntry(d: PunishmentListEntryData, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  d.relatedPersons?.forEach((p, i) => checkPerson(p, `/data/relatedPersons/${i}`, out));
  checkDate(d.noticeDate, '/data/noticeDate', ctx, out, true);
  checkDate(d.statementDeadline, '/data/statementDeadline', ctx, out, false);
  checkDate(d.decisionDate, '/data/decisionDate', ctx, out, true);
  checkDate(d.publishDate, '/data/publishDate', ctx, out, true);
  checkDate(d.periodEnd, '/data/periodEnd', ctx, out, false);
  checkDate(d.earlyRemovalEligibleFrom, '/data/earlyRemovalEligibleFrom', ctx, out, false);
  // 告知 → 陈述申辩 → 决定 → 公布 → 期满.
  checkOrder(d.statementDeadline, '/data/statementDeadline', d.noticeDate, '/data/noticeDate', out);
  checkOrder(d.decisionDate, '/data/decisionDate', d.noticeDate, '/data/noticeDate', out);
  checkOrder(d.publishDate, '/data/publishDate', d.decisionDate, '/data/decisionDate', out);
  checkOrder(d.periodEnd, '/data/periodEnd', d.publishDate ?? d.decisionDate, d.publishDate ? '/data/publishDate' : '/data/decisionDate', out);
  checkOrder(d.earlyRemovalEligibleFrom, '/data/earlyRemovalEligibleFrom', d.decisionDate, '/data/decisionDate', out);
  checkOrder(d.periodEnd, '/data/periodEnd', d.earlyRemovalEligibleFrom, '/data/earlyRemovalEligibleFrom', out);
  if (revoke) return;

  const allowed = BASIS_CLAUSES_BY_LIST[d.listType];
  if (allowed && d.basisClause === undefined) issue(out, '/data/basisClause', 'REQUIRED');
  // The 11号令 and 45号令 lists have grounds of their own (not in the seeds): those entries explain themselves in `reason`.
  if (d.basisClause !== undefined) {
    if (!allowed) issue(out, '/data/basisClause', 'FIELD_NOT_APPLICABLE', { when: `listType = ${d.listType}` });
    else if (!allowed.includes(d.basisClause)) issue(out, '/data/basisClause', 'LIST_BASIS_MISMATCH', { value: d.basisClause, listType: d.listType, allowed });
  }
  if (d.basisClause === BASIS_CLAUSE_OTHER && d.reason === undefined) issue(out, '/data/reason', 'REQUIRED');
  if (d.status === 'PUBLISHED' && d.publishDate === undefined) issue(out, '/data/publishDate', 'REQUIRED');
}

/** The keys of the six 133号 conditions, in the order of 第二条. */
export const CONDITION_LABELS: Readonly<Record<keyof IncentiveConditions, string>> = {
  publicCommitment: '(一) 公开承诺并严格履行安全生产主体责任',
  noDishonestyWithin3Years: '(二) 单位及其主要负责人、分管安全负责人3年内无安全生产失信行为',
  noPenaltyWithin3Years: '(三) 3年内未受到安全监管监察部门作出的行政处罚',
  noFatalAccidentOrOccupationalDiseaseWithin3Years: '(四) 3年内未发生造成人员死亡的生产安全责任事故，未发现新发职业病病例',
  standardizationLevelOne: '(五) 安全生产标准化建设达到一级水平',
  notOnOtherPunishmentList: '(六) 没有被其他行业领域认定为失信联合惩戒对象的记录',
};
export const CONDITION_KEYS = Object.keys(CONDITION_LABELS) as ReadonlyArray<keyof IncentiveConditions>;

export function checkIncentiveListEntry(d: IncentiveListEntryData, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  checkDate(d.publishDate, '/data/publishDate', ctx, out, true);
  checkDate(d.validUntil, '/data/validUntil', ctx, out, false);
  checkOrder(d.validUntil, '/data/validUntil', d.publishDate, '/data/publishDate', out);
  // A unit moved off the list (REMOVED) or past its term may no longer meet the conditions; a listed one must.
  if (revoke || (d.status !== undefined && d.status !== 'PUBLISHED')) return;
  for (const k of CONDITION_KEYS) if (d.conditions[k] !== true) issue(out, `/data/conditions/${k}`, 'INCENTIVE_CONDITION_UNMET', { condition: CONDITION_LABELS[k] });
  if (d.standardizationLevel !== '一级') issue(out, '/data/standardizationLevel', 'INCENTIVE_CONDITION_UNMET', { condition: CONDITION_LABELS.standardizationLevelOne, value: d.standardizationLevel });
}
