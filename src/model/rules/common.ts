import type { ErrorCode, RecordIssue } from '../../errors/index.ts';
import { checkOrgCode, checkRegNo15, checkResidentId, checkUscc, looksExcelDamaged } from '../identifiers.ts';
import { ID_TYPES, isIdType, type GradeBands } from '../code-lists.ts';
import { isRegionCode } from '../regions.ts';
import type { RelatedPerson, Subject } from '../types.ts';

export interface RuleContext {
  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today: string;
  /** Real codes that fail the GB 32100 check (early pilot codes), accepted with a warning. */
  usccExceptions: ReadonlySet<string>;
  /** Score bands of the A/B/C/D credit-grade scheme; DEFAULT_GRADE_BANDS when absent. */
  gradeBands?: GradeBands;
}

export interface RuleResult {
  issues: RecordIssue[];
  warnings: RecordIssue[];
}

export const EARLIEST_DATE = '1949-10-01';

export function issue(out: RuleResult, path: string, code: ErrorCode, params?: Record<string, unknown>): void {
  out.issues.push(params ? { path, code, params } : { path, code });
}

export function checkUsccField(value: string | undefined, path: string, ctx: RuleContext, out: RuleResult): void {
  if (value === undefined) return;
  if (looksExcelDamaged(value)) {
    out.issues.push({ path, code: 'EXCEL_DAMAGED', params: { value } });
    return;
  }
  const r = checkUscc(value);
  if (r === 'format') out.issues.push({ path, code: 'USCC_FORMAT', params: { value } });
  else if (r === 'checksum') {
    if (ctx.usccExceptions.has(value)) out.warnings.push({ path, code: 'USCC_CHECKSUM', params: { value } });
    else out.issues.push({ path, code: 'USCC_CHECKSUM', params: { value } });
  }
}

/**
 * Identifier rules of the subject. The legal representative is required only where the 双公示 standard
 * requires it (penalty, licence: CF_FRDB / XK_FRDB for non-natural persons).
 */
export function checkSubject(s: Subject, needsLegalRep: boolean, ctx: RuleContext, out: RuleResult): void {
  checkUsccField(s.uscc, '/subject/uscc', ctx, out);
  if (s.orgCode !== undefined && checkOrgCode(s.orgCode) !== 'ok') out.issues.push({ path: '/subject/orgCode', code: 'ORG_CODE_INVALID', params: { value: s.orgCode } });
  // Only the 15-digit form has a published check; older 13-digit numbers are kept as written.
  if (s.regNo !== undefined && /^\d{15}$/.test(s.regNo) && checkRegNo15(s.regNo) !== 'ok') out.issues.push({ path: '/subject/regNo', code: 'REG_NO_INVALID', params: { value: s.regNo } });
  if (s.category === 'NATURAL_PERSON') {
    if (!s.idType || !s.idNo) out.issues.push({ path: s.idType ? '/subject/idNo' : '/subject/idType', code: 'ID_NUMBER_REQUIRED' });
    else checkIdDocument(s.idType, s.idNo, '/subject', out);
  } else {
    if (!s.uscc && !s.regNo && !s.orgCode && !s.taxRegNo) out.issues.push({ path: '/subject/uscc', code: 'SUBJECT_ID_REQUIRED' });
    if (s.category === 'LEGAL_ORG' && !s.legalRep && needsLegalRep) out.issues.push({ path: '/subject/legalRep', code: 'LEGAL_REP_REQUIRED' });
  }
  if (s.legalRep?.idNo && s.legalRep.idType) checkIdDocument(s.legalRep.idType, s.legalRep.idNo, '/subject/legalRep', out);
}

/** A person named in a record's data: the ID document is optional, but its type and number come together. */
export function checkPerson(p: RelatedPerson, base: string, out: RuleResult): void {
  if (p.idType === undefined && p.idNo === undefined) return;
  if (!p.idType || !p.idNo) out.issues.push({ path: p.idType ? `${base}/idNo` : `${base}/idType`, code: 'ID_NUMBER_REQUIRED' });
  else checkIdDocument(p.idType, p.idNo, base, out);
}

export function checkIdDocument(idType: string, idNo: string, base: string, out: RuleResult): void {
  if (!isIdType(idType)) {
    out.issues.push({ path: `${base}/idType`, code: 'ENUM', params: { value: idType, allowed: [...ID_TYPES, '其他-…'] } });
    return;
  }
  if (idType !== '身份证') return;
  if (looksExcelDamaged(idNo)) out.issues.push({ path: `${base}/idNo`, code: 'EXCEL_DAMAGED', params: { value: idNo } });
  else if (checkResidentId(idNo) !== 'ok') out.issues.push({ path: `${base}/idNo`, code: 'ID_NUMBER_INVALID', params: { value: idNo } });
}

/** Not before 1949-10-01; when it is an event (a decision, a notice, a payment…), not after today. */
export function checkDate(value: string | null | undefined, path: string, ctx: RuleContext, out: RuleResult, isEvent: boolean): void {
  if (!value) return;
  if (value < EARLIEST_DATE) out.issues.push({ path, code: 'DATE_TOO_EARLY', params: { value } });
  else if (isEvent && value > ctx.today) out.issues.push({ path, code: 'DATE_IN_FUTURE', params: { value } });
}

export function checkOrder(later: string | null | undefined, laterPath: string, earlier: string | null | undefined, earlierPath: string, out: RuleResult): void {
  if (!later || !earlier) return;
  if (later < earlier) out.issues.push({ path: laterPath, code: 'DATE_ORDER', params: { value: later, other: earlierPath, otherValue: earlier } });
}

/** A year that is an event (the year assessed or reported on) is not after this year. */
export function checkYear(year: number | undefined, path: string, ctx: RuleContext, out: RuleResult): void {
  if (year !== undefined && year > Number(ctx.today.slice(0, 4))) out.issues.push({ path, code: 'DATE_IN_FUTURE', params: { value: year } });
}

/** GB/T 2260: against every code that has existed (a retired code is still valid on a record of its time). */
export function checkRegion(code: string | undefined, out: RuleResult): void {
  if (code && !isRegionCode(code)) out.issues.push({ path: '/data/regionCode', code: 'REGION_CODE_INVALID', params: { value: code } });
}

/** Data source, region and the USCCs of whichever authorities the type names. */
export function checkSource(d: { dataSourceUscc?: string; regionCode?: string }, usccFields: Readonly<Record<string, string | undefined>>, ctx: RuleContext, out: RuleResult): void {
  for (const [field, value] of Object.entries(usccFields)) checkUsccField(value, `/data/${field}`, ctx, out);
  checkUsccField(d.dataSourceUscc, '/data/dataSourceUscc', ctx, out);
  checkRegion(d.regionCode, out);
}
