import type { RecordDataMap, RecordType, CanonicalRecord } from './types.ts';
import { BUSINESS_KEYED_TYPES } from './types.ts';
import { checkSubject, type RuleContext, type RuleResult } from './rules/common.ts';
import { checkLicense, checkPenalty } from './rules/disclosure.ts';
import { checkIncentiveListEntry, checkPunishmentListEntry } from './rules/lists.ts';
import { checkAccident, withAccidentLevel } from './rules/accident.ts';
import { checkAnnualCreditReport, checkCommendation, checkCreditGrade, checkSafetyCommitment } from './rules/filings.ts';
import { checkWageArrears } from './rules/arrears.ts';
import { checkObjection, checkRepairRequest } from './rules/requests.ts';

export type { RuleContext, RuleResult } from './rules/common.ts';

type DataRule<T extends RecordType> = (d: RecordDataMap[T], revoke: boolean, ctx: RuleContext, out: RuleResult) => void;

/** One rule set per record type; TypeScript refuses a type without one. */
const DATA_RULES: { readonly [T in RecordType]: DataRule<T> } = {
  'administrative-penalty': checkPenalty,
  'administrative-license': checkLicense,
  'safety-commitment': checkSafetyCommitment,
  'punishment-list-entry': checkPunishmentListEntry,
  'incentive-list-entry': checkIncentiveListEntry,
  'credit-grade': checkCreditGrade,
  accident: checkAccident,
  commendation: checkCommendation,
  'wage-arrears': checkWageArrears,
  'annual-credit-report': checkAnnualCreditReport,
  objection: checkObjection,
  'repair-request': checkRepairRequest,
};

/** The 双公示 types need the legal representative of an organisation (CF_FRDB / XK_FRDB). */
const NEEDS_LEGAL_REP: ReadonlySet<string> = new Set(BUSINESS_KEYED_TYPES);

/** Cross-field and identifier rules that JSON Schema cannot express. Runs on a schema-valid record. */
export function applyRules(rec: CanonicalRecord, ctx: RuleContext): RuleResult {
  const out: RuleResult = { issues: [], warnings: [] };
  const revoke = rec.operation === 'revoke';
  checkSubject(rec.subject, NEEDS_LEGAL_REP.has(rec.recordType) && !revoke, ctx, out);
  (DATA_RULES[rec.recordType] as DataRule<RecordType>)(rec.data as never, revoke, ctx, out);
  return out;
}

/** Values the gateway derives for a valid upsert (the accident level). */
export function deriveFields(rec: CanonicalRecord): CanonicalRecord {
  if (rec.recordType === 'accident' && rec.operation === 'upsert') return { ...rec, data: withAccidentLevel(rec.data) };
  return rec;
}
