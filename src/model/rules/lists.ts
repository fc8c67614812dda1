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
  if (d.basisClause !== undefined && !(allowed ?? []).includes(d.basisClause)) {
    issue(out, '/data/basisClause', 'LIST_BASIS_MISMATCH', { value: d.basisClause, listType: d.listType, allowed: allowed ?? [] });
  }
  if (d.basisClause === BASIS_CLAUSE_OTHER && d.reason === undefined) issue(out, '/data/reason', 'REQUIRED');
  if (d.status === 'PUBLISHED' && d.publishDate === undefined) issue(out, '/data/publishDate', 'REQUIRED');
}

/** The keys of the six 133号 conditions, in the order of 第二条. */
export const CONDITION_KEYS: ReadonlyArray<keyof IncentiveConditions> = [
  'publicCommitment', 'noDishonestyWithin3Years', 'noPenaltyWithin3Years', 'noFatalAccidentOrOccupationalDiseaseWithin3Years',
  'standardizationLevelOne', 'notOnOtherPunishmentList',
];

export function checkIncentiveListEntry(d: IncentiveListEntryData, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  checkDate(d.publishDate, '/data/publishDate', ctx, out, true);
  checkDate(d.validUntil, '/data/validUntil', ctx, out, false);
  checkOrder(d.validUntil, '/data/validUntil', d.publishDate, '/data/publishDate', out);
  // A unit moved off the list (REMOVED) or past its term may no longer meet the conditions; a listed one must.
  if (revoke || (d.status !== undefined && d.status !== 'PUBLISHED')) return;
  for (const k of CONDITION_KEYS) if (d.conditions[k] !== true) issue(out, `/data/conditions/${k}`, 'INCENTIVE_CONDITION_UNMET', { condition: k });
  if (d.standardizationLevel !== '一级') issue(out, '/data/standardizationLevel', 'INCENTIVE_CONDITION_UNMET', { condition: 'standardizationLevel', value: d.standardizationLevel });
}
