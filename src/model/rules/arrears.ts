// 欠薪 / 欠缴社保 recorded by the human-resources bureau.
import type { WageArrearsData } from '../types.ts';
import { checkDate, checkOrder, checkSource, issue, type RuleContext, type RuleResult } from './common.ts';

export function checkWageArrears(d: WageArrearsData, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  checkDate(d.periodFrom, '/data/periodFrom', ctx, out, true);
  checkDate(d.periodTo, '/data/periodTo', ctx, out, false);
  checkDate(d.orderDate, '/data/orderDate', ctx, out, true);
  checkDate(d.deadline, '/data/deadline', ctx, out, false);
  checkDate(d.paidAt, '/data/paidAt', ctx, out, true);
  checkOrder(d.periodTo, '/data/periodTo', d.periodFrom, '/data/periodFrom', out);
  checkOrder(d.deadline, '/data/deadline', d.orderDate, '/data/orderDate', out);
  // Arrears are settled after they arise and after the order to correct them.
  checkOrder(d.paidAt, '/data/paidAt', d.periodFrom, '/data/periodFrom', out);
  checkOrder(d.paidAt, '/data/paidAt', d.orderDate, '/data/orderDate', out);
  if (revoke) return;
  if (d.kind === 'WAGE_ARREARS') {
    if (d.workers === undefined) issue(out, '/data/workers', 'REQUIRED');
    if (d.insuranceTypes !== undefined) issue(out, '/data/insuranceTypes', 'FIELD_NOT_APPLICABLE', { when: 'kind = WAGE_ARREARS' });
  }
}
