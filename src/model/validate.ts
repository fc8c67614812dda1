import type { RecordIssue } from '../errors/index.ts';
import { ajvIssues } from './ajv-issues.ts';
import { normalisePenaltyCategories } from './code-lists.ts';
import { normaliseCode } from './identifiers.ts';
import { recordIdFor, recordKey, recordVersion } from './identity.ts';
import { applyRules, type RuleContext } from './rules.ts';
import { validators } from './schemas.ts';
import { RECORD_TYPES, type CanonicalRecord, type RecordType } from './types.ts';

/** What a department may submit, taken from its configuration. */
export interface DepartmentScope {
  recordTypes: readonly string[];
  regionPrefixes: readonly string[];
  dataSource: { name: string; uscc: string };
  defaultRegionCode?: string;
}

export interface ValidationContext extends RuleContext {
  scope?: DepartmentScope;
}

export type ValidationResult =
  | { ok: true; record: CanonicalRecord; key: string; recordId: string; version: string; warnings: RecordIssue[] }
  | { ok: false; issues: RecordIssue[]; warnings: RecordIssue[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The one entry point from an adapter's output to a storable canonical record: normalises codes,
 * fills the department's data-source defaults, validates by schema and rules, checks the
 * department's scope and computes identity and version.
 */
export function validateRecord(input: unknown, ctx: ValidationContext): ValidationResult {
  if (!isObject(input)) return { ok: false, issues: [{ path: '', code: 'RECORD_NOT_OBJECT', params: { index: '' } }], warnings: [] };
  const type = input.recordType;
  if (typeof type !== 'string' || !(RECORD_TYPES as readonly string[]).includes(type)) {
    return { ok: false, issues: [{ path: '/recordType', code: type === undefined ? 'REQUIRED' : 'RECORD_TYPE_UNKNOWN', params: { value: type } }], warnings: [] };
  }
  const rec = prepare(input, type as RecordType, ctx);
  const op = rec.operation;
  if (op !== 'upsert' && op !== 'revoke') return { ok: false, issues: [{ path: '/operation', code: 'OPERATION_INVALID', params: { value: op } }], warnings: [] };

  const validate = validators.get(type as RecordType)![op];
  const issues: RecordIssue[] = validate(rec) ? [] : ajvIssues(validate.errors);
  let warnings: RecordIssue[] = [];
  if (issues.length === 0) {
    const r = applyRules(rec as unknown as CanonicalRecord, ctx);
    issues.push(...r.issues);
    warnings = r.warnings;
  }
  if (ctx.scope) issues.push(...scopeIssues(rec, ctx.scope));
  if (issues.length > 0) return { ok: false, issues: dedupe(issues), warnings };

  const record = rec as unknown as CanonicalRecord;
  const k = recordKey(record);
  if ('issue' in k) return { ok: false, issues: [k.issue], warnings };
  return { ok: true, record, key: k.key, recordId: recordIdFor(k.key), version: recordVersion(record), warnings };
}

function dedupe(issues: RecordIssue[]): RecordIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}|${i.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const CODE_FIELDS = ['uscc', 'regNo', 'orgCode', 'taxRegNo', 'idNo'] as const;

/** Copies the input with identifier codes normalised, legacy values mapped and defaults filled. */
function prepare(input: Record<string, unknown>, type: RecordType, ctx: ValidationContext): Record<string, unknown> {
  const rec: Record<string, unknown> = { ...input, operation: input.operation ?? 'upsert' };
  if (isObject(input.subject)) {
    const s: Record<string, unknown> = { ...input.subject };
    for (const f of CODE_FIELDS) if (typeof s[f] === 'string') s[f] = normaliseCode(s[f] as string);
    if (isObject(s.legalRep) && typeof s.legalRep.idNo === 'string') s.legalRep = { ...s.legalRep, idNo: normaliseCode(s.legalRep.idNo) };
    rec.subject = s;
  }
  if (isObject(input.data)) {
    const d: Record<string, unknown> = { ...input.data };
    for (const f of ['authorityUscc', 'dataSourceUscc']) if (typeof d[f] === 'string') d[f] = normaliseCode(d[f] as string);
    if (ctx.scope) {
      d.dataSourceName ??= ctx.scope.dataSource.name;
      d.dataSourceUscc ??= ctx.scope.dataSource.uscc;
    }
    if (d.regionCode === undefined) {
      const fromAuthority = typeof d.authorityUscc === 'string' ? d.authorityUscc.slice(2, 8) : '';
      if (/^[1-9]\d{5}$/.test(fromAuthority)) d.regionCode = fromAuthority;
      else if (ctx.scope?.defaultRegionCode) d.regionCode = ctx.scope.defaultRegionCode;
    }
    if (type === 'administrative-penalty' && Array.isArray(d.penaltyCategories) && d.penaltyCategories.every((c) => typeof c === 'string')) {
      d.penaltyCategories = normalisePenaltyCategories(d.penaltyCategories as string[]);
    }
    if (type === 'administrative-license' && (d.validTo === '2099-12-31' || d.validTo === '长期' || d.validTo === '永久')) d.validTo = null;
    rec.data = d;
  }
  return rec;
}

function scopeIssues(rec: Record<string, unknown>, scope: DepartmentScope): RecordIssue[] {
  const out: RecordIssue[] = [];
  if (!scope.recordTypes.includes(rec.recordType as string)) out.push({ path: '/recordType', code: 'RECORD_TYPE_NOT_ALLOWED', params: { value: rec.recordType } });
  const d = isObject(rec.data) ? rec.data : {};
  const region = d.regionCode;
  if (typeof region === 'string' && scope.regionPrefixes.length > 0 && !scope.regionPrefixes.some((p) => region.startsWith(p))) {
    out.push({ path: '/data/regionCode', code: 'REGION_OUT_OF_SCOPE', params: { value: region, allowed: scope.regionPrefixes } });
  }
  if (typeof d.dataSourceUscc === 'string' && d.dataSourceUscc !== scope.dataSource.uscc) {
    out.push({ path: '/data/dataSourceUscc', code: 'DATA_SOURCE_MISMATCH', params: { value: d.dataSourceUscc, expected: `${scope.dataSource.name} ${scope.dataSource.uscc}` } });
  }
  return out;
}
