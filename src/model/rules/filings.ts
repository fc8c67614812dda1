// Records a unit files or earns: safety commitment, credit grade, commendation, annual credit report.
import { DEFAULT_GRADE_BANDS, GRADES_BY_SCHEME, type GradeBands } from '../code-lists.ts';
import type { AnnualCreditReportData, CommendationData, CreditGradeData, SafetyCommitmentData } from '../types.ts';
import { checkDate, checkOrder, checkSource, checkYear, issue, type RuleContext, type RuleResult } from './common.ts';

export function checkSafetyCommitment(d: SafetyCommitmentData, _revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { authorityUscc: d.authorityUscc }, ctx, out);
  checkDate(d.commitDate, '/data/commitDate', ctx, out, true);
  checkDate(d.validFrom, '/data/validFrom', ctx, out, false);
  checkDate(d.validTo, '/data/validTo', ctx, out, false);
  checkOrder(d.validTo, '/data/validTo', d.validFrom, '/data/validFrom', out);
  checkOrder(d.validTo, '/data/validTo', d.commitDate, '/data/commitDate', out);
}

/** A 0–100 score with at most 2 places, in hundredths (exact; no float). */
function hundredths(score: string): number {
  const [whole, frac = ''] = score.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** [min, max) of an A/B/C/D grade in hundredths; A reaches 100 inclusive. */
function band(grade: 'A' | 'B' | 'C' | 'D', bands: GradeBands): readonly [number, number] {
  const next = { A: 10_001, B: bands.A * 100, C: bands.B * 100, D: bands.C * 100 }[grade];
  return [bands[grade] * 100, next];
}

export function checkCreditGrade(d: CreditGradeData, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { evaluatorUscc: d.evaluatorUscc }, ctx, out);
  checkYear(d.year, '/data/year', ctx, out);
  checkDate(d.validFrom, '/data/validFrom', ctx, out, false);
  checkDate(d.validTo, '/data/validTo', ctx, out, false);
  checkOrder(d.validTo, '/data/validTo', d.validFrom, '/data/validFrom', out);
  if (revoke || !d.scheme || !d.grade) return;
  const grades = GRADES_BY_SCHEME[d.scheme]!;
  if (!grades.includes(d.grade)) {
    issue(out, '/data/grade', 'ENUM', { value: d.grade, allowed: grades });
    return;
  }
  if (d.scheme === 'ABCD' && d.score !== undefined) {
    const bands = ctx.gradeBands ?? DEFAULT_GRADE_BANDS;
    const [min, max] = band(d.grade as 'A' | 'B' | 'C' | 'D', bands);
    const s = hundredths(d.score);
    if (s < min || s >= max) {
      const range = d.grade === 'A' ? `${min / 100}–100` : `${min / 100}–<${max / 100}`;
      issue(out, '/data/score', 'SCORE_GRADE_MISMATCH', { value: d.score, grade: d.grade, range });
    }
  }
}

export function checkCommendation(d: CommendationData, _revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, { issuerUscc: d.issuerUscc }, ctx, out);
  checkDate(d.date, '/data/date', ctx, out, true);
}

export function checkAnnualCreditReport(d: AnnualCreditReportData, _revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkSource(d, {}, ctx, out);
  checkYear(d.year, '/data/year', ctx, out);
  checkDate(d.submittedAt, '/data/submittedAt', ctx, out, true);
  // A report on year N is made during N (诚信报告: before each year's end) or after it, never before.
  if (d.year !== undefined) checkOrder(d.submittedAt, '/data/submittedAt', `${d.year}-01-01`, '/data/year', out);
}
