import type { RecordIssue } from '../errors/index.ts';
import { checkOrgCode, checkRegNo15, checkResidentId, checkUscc, looksExcelDamaged } from './identifiers.ts';
import { isIdType, isPenaltyCategory, PROVINCE_PREFIXES } from './code-lists.ts';
import type { CanonicalRecord, LicenseData, PenaltyData, Subject } from './types.ts';

export interface RuleContext {
  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today: string;
  /** Real codes that fail the GB 32100 check (early pilot codes), accepted with a warning. */
  usccExceptions: ReadonlySet<string>;
}

export interface RuleResult {
  issues: RecordIssue[];
  warnings: RecordIssue[];
}

const EARLIEST_DATE = '1949-10-01';

/** Cross-field and identifier rules that JSON Schema cannot express. Runs on a schema-valid record. */
export function applyRules(rec: CanonicalRecord, ctx: RuleContext): RuleResult {
  const out: RuleResult = { issues: [], warnings: [] };
  checkSubject(rec.subject, rec.operation === 'revoke', ctx, out);
  if (rec.recordType === 'administrative-penalty') checkPenalty(rec.data, rec.operation === 'revoke', ctx, out);
  else checkLicense(rec.data, rec.operation === 'revoke', ctx, out);
  return out;
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

function checkSubject(s: Subject, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkUsccField(s.uscc, '/subject/uscc', ctx, out);
  if (s.orgCode !== undefined && checkOrgCode(s.orgCode) !== 'ok') out.issues.push({ path: '/subject/orgCode', code: 'ORG_CODE_INVALID', params: { value: s.orgCode } });
  // Only the 15-digit form has a published check; older 13-digit numbers are kept as written.
  if (s.regNo !== undefined && /^\d{15}$/.test(s.regNo) && checkRegNo15(s.regNo) !== 'ok') out.issues.push({ path: '/subject/regNo', code: 'REG_NO_INVALID', params: { value: s.regNo } });
  if (s.category === 'NATURAL_PERSON') {
    if (!s.idType || !s.idNo) out.issues.push({ path: s.idType ? '/subject/idNo' : '/subject/idType', code: 'ID_NUMBER_REQUIRED' });
    else checkIdDocument(s.idType, s.idNo, '/subject', out);
  } else {
    if (!s.uscc && !s.regNo && !s.orgCode && !s.taxRegNo) out.issues.push({ path: '/subject/uscc', code: 'SUBJECT_ID_REQUIRED' });
    if (s.category === 'LEGAL_ORG' && !s.legalRep && !revoke) out.issues.push({ path: '/subject/legalRep', code: 'LEGAL_REP_REQUIRED' });
  }
  if (s.legalRep?.idNo && s.legalRep.idType) checkIdDocument(s.legalRep.idType, s.legalRep.idNo, '/subject/legalRep', out);
}

function checkIdDocument(idType: string, idNo: string, base: string, out: RuleResult): void {
  if (!isIdType(idType)) {
    out.issues.push({ path: `${base}/idType`, code: 'ENUM', params: { value: idType, allowed: ['身份证', '护照号', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '外国人永久居留身份证', '其他-…'] } });
    return;
  }
  if (idType !== '身份证') return;
  if (looksExcelDamaged(idNo)) out.issues.push({ path: `${base}/idNo`, code: 'EXCEL_DAMAGED', params: { value: idNo } });
  else if (checkResidentId(idNo) !== 'ok') out.issues.push({ path: `${base}/idNo`, code: 'ID_NUMBER_INVALID', params: { value: idNo } });
}

function checkDate(value: string | null | undefined, path: string, ctx: RuleContext, out: RuleResult, notFuture: boolean): void {
  if (!value) return;
  if (value < EARLIEST_DATE) out.issues.push({ path, code: 'DATE_TOO_EARLY', params: { value } });
  else if (notFuture && value > ctx.today) out.issues.push({ path, code: 'DATE_IN_FUTURE', params: { value } });
}

function checkOrder(later: string | null | undefined, laterPath: string, earlier: string | undefined, earlierPath: string, out: RuleResult): void {
  if (!later || !earlier) return;
  if (later < earlier) out.issues.push({ path: laterPath, code: 'DATE_ORDER', params: { value: later, other: earlierPath, otherValue: earlier } });
}

function checkRegion(code: string | undefined, out: RuleResult): void {
  if (code && !PROVINCE_PREFIXES.has(code.slice(0, 2))) out.issues.push({ path: '/data/regionCode', code: 'REGION_CODE_INVALID', params: { value: code } });
}

function checkPenalty(d: PenaltyData, revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkUsccField(d.authorityUscc, '/data/authorityUscc', ctx, out);
  checkUsccField(d.dataSourceUscc, '/data/dataSourceUscc', ctx, out);
  checkRegion(d.regionCode, out);
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

function checkLicense(d: LicenseData, _revoke: boolean, ctx: RuleContext, out: RuleResult): void {
  checkUsccField(d.authorityUscc, '/data/authorityUscc', ctx, out);
  checkUsccField(d.dataSourceUscc, '/data/dataSourceUscc', ctx, out);
  checkRegion(d.regionCode, out);
  checkDate(d.decisionDate, '/data/decisionDate', ctx, out, true);
  checkDate(d.validFrom, '/data/validFrom', ctx, out, false);
  checkDate(d.validTo, '/data/validTo', ctx, out, false);
  checkOrder(d.validTo, '/data/validTo', d.validFrom, '/data/validFrom', out);
}
