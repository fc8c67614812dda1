/**
 * Canonical record types. The JSON Schemas in `schemas/` are the source of truth; these types
 * mirror them and `schemas.test.ts` proves the two agree on every property name and required list.
 */
export const RECORD_TYPES = ['administrative-penalty', 'administrative-license'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export type Operation = 'upsert' | 'revoke';
export type SubjectCategory = 'LEGAL_ORG' | 'NATURAL_PERSON' | 'INDIVIDUAL_BIZ';
export type UsageScope = 'PUBLIC' | 'GOV_SHARE' | 'AUTHORIZED_QUERY';

export interface LegalRep {
  name: string;
  idType?: string;
  idNo?: string;
}

export interface Subject {
  name: string;
  category: SubjectCategory;
  uscc?: string;
  regNo?: string;
  orgCode?: string;
  taxRegNo?: string;
  instCertNo?: string;
  socialOrgRegNo?: string;
  legalRep?: LegalRep;
  idType?: string;
  idNo?: string;
}

export interface PenaltyData {
  decisionNo: string;
  violationType: string;
  violationFacts: string;
  legalBasis: string;
  penaltyCategories: string[];
  penaltyContent: string;
  fineAmountWan?: string;
  confiscationAmountWan?: string;
  licenceActionDesc?: string;
  decisionDate: string;
  penaltyValidUntil: string;
  publicityEndDate?: string;
  authorityName: string;
  authorityUscc: string;
  dataSourceName: string;
  dataSourceUscc: string;
  regionCode?: string;
  severity?: 'UNSET' | 'GENERAL' | 'SERIOUS_LESS' | 'SERIOUS';
  domainTag?: 'SAFETY' | 'SPECIAL_EQUIPMENT' | 'FIRE' | 'OTHER';
  status?: 'NORMAL' | 'REVOKED' | 'OBJECTION' | 'OTHER';
  usageScope?: UsageScope;
  remarks?: string;
}

export interface LicenseData {
  decisionDocName: string;
  decisionDocNo: string;
  licenceCategory: '普通' | '特许' | '认可' | '核准' | '登记' | '其他';
  categoryOther?: string;
  certificateName?: string;
  licenceNo?: string;
  content?: string;
  decisionDate: string;
  validFrom: string;
  /** null: no end (长期). */
  validTo?: string | null;
  authorityName: string;
  authorityUscc: string;
  dataSourceName: string;
  dataSourceUscc: string;
  regionCode?: string;
  status?: 'VALID' | 'REVOKED' | 'CANCELLED' | 'EXPIRED';
  usageScope?: UsageScope;
  remarks?: string;
}

interface RecordBase<T extends RecordType, D> {
  recordType: T;
  operation: Operation;
  sourceRecordId?: string;
  subject: Subject;
  data: D;
}

export type PenaltyRecord = RecordBase<'administrative-penalty', PenaltyData>;
export type LicenseRecord = RecordBase<'administrative-license', LicenseData>;
export type CanonicalRecord = PenaltyRecord | LicenseRecord;

/** Added by the gateway; never part of the version hash. */
export interface RecordMeta {
  departmentId: string;
  adapter: string;
  receivedAt: string;
  submissionId: string;
}

export type StoredRecord = CanonicalRecord & { meta: RecordMeta };
