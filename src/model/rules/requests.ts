// Requests about another record: objection (异议) and credit repair (信用修复).
import type { ObjectionData, RepairRequestData } from '../types.ts';
import { checkDate, checkOrder, checkSource, issue, type RuleContext, type RuleResult } from './common.ts';

/** Objection states that close the case and must say how. */
const OBJECTION_CLOSED: ReadonlySet<string> = new Set(['REFUSED', 'CORRECTED', 'UPHELD']);

export function checkObjection(d: ObjectionData, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  checkDate(d.receivedAt, '/data/receivedAt', ctx, out, true);
  checkDate(d.decidedAt, '/data/decidedAt', ctx, out, true);
  checkOrder(d.decidedAt, '/data/decidedAt', d.receivedAt, '/data/receivedAt', out);
  if (revoke) return;
  if (OBJECTION_CLOSED.has(d.status) && d.outcome === undefined) issue(out, '/data/outcome', 'REQUIRED');
}

export function checkRepairRequest(d: RepairRequestData, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  checkDate(d.appliedAt, '/data/appliedAt', ctx, out, true);
  checkDate(d.decidedAt, '/data/decidedAt', ctx, out, true);
  checkOrder(d.decidedAt, '/data/decidedAt', d.appliedAt, '/data/appliedAt', out);
  if (revoke) return;
  if (d.decision === 'PENDING' && d.decidedAt !== undefined) issue(out, '/data/decidedAt', 'FIELD_NOT_APPLICABLE', { when: 'decision = PENDING' });
  if (d.decision !== 'PENDING' && d.decidedAt === undefined) issue(out, '/data/decidedAt', 'REQUIRED');
  // Repair is granted only against a signed 信用修复承诺书.
  if (d.decision === 'GRANTED' && !d.commitmentSigned) issue(out, '/data/commitmentSigned', 'REPAIR_COMMITMENT_MISSING');
}
