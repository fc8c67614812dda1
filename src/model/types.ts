/**
 * Canonical record types. The JSON Schemas in `schemas/` are the source of truth; these types
 * mirror them and `schemas.test.ts` proves the two agree on every property name and required list.
 */
export const RECORD_TYPES = [
  'administrative-penalty', 'administrative-license', 'safety-commitment', 'punishment-list-entry', 'incentive-list-entry',
  'credit-grade', 'accident', 'commendation', 'wage-arrears', 'annual-credit-report', 'objection', 'repair-request',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Types identified by their business fields (DESIGN §3.1); every other type by department + sourceRecordId. */
export const BUSINESS_KEYED_TYPES = ['administrative-penalty', 'administrative-license'] as const;
export type BusinessKeyedType = (typeof BUSINESS_KEYED_TYPES)[number];
export type DepartmentKeyedType = Exclude<RecordType, BusinessKeyedType>;

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

export type StandardizationLevel = '一级' | '二级' | '三级';

/** Fields every type except penalty and licence shares: who supplied the record, and where. */
interface SourceFields {
  dataSourceName: string;
  dataSourceUscc: string;
  regionCode?: string;
  remarks?: string;
}

export type CommitmentPoint =
  | 'LAWS_AND_STANDARDS' | 'RESPONSIBILITY_SYSTEM' | 'WORKER_SAFETY' | 'DUAL_PREVENTION' | 'EMERGENCY_PREPAREDNESS' | 'ACCEPT_SUPERVISION';

export interface SafetyCommitmentData extends SourceFields {
  commitmentType: 'PUBLIC' | 'POST' | 'INDUSTRY' | 'CREDIT_REPAIR' | 'OTHER';
  content: string;
  commitmentPoints?: CommitmentPoint[];
  signedBy?: string;
  commitDate: string;
  validFrom?: string;
  /** null: no end (长期). */
  validTo?: string | null;
  publishedUrl?: string;
  fulfilment?: 'PENDING' | 'KEPT' | 'BROKEN';
  authorityName?: string;
  authorityUscc?: string;
  usageScope?: UsageScope;
}

export type ListType = 'JOINT_PUNISHMENT_2017' | 'BLACKLIST_2015' | 'SERIOUS_DISHONEST_2023' | 'WAGE_ARREARS';

export interface RelatedPerson {
  name: string;
  role?: 'LEGAL_REP' | 'PRINCIPAL' | 'SAFETY_PRINCIPAL' | 'DIRECTLY_RESPONSIBLE' | 'OTHER';
  idType?: string;
  idNo?: string;
}

export interface PunishmentListEntryData extends SourceFields {
  listType: ListType;
  /** One of BASIS_CLAUSES (code-lists.ts). */
  basisClause?: string;
  reason?: string;
  relatedPersons?: RelatedPerson[];
  noticeDate?: string;
  statementDeadline?: string;
  decisionNo: string;
  decisionDate: string;
  publishDate?: string;
  periodEnd?: string;
  earlyRemovalEligibleFrom?: string;
  authorityName: string;
  authorityUscc: string;
  status?: 'LISTED' | 'PUBLISHED' | 'REMOVED_EARLY' | 'REMOVED' | 'EXPIRED' | 'REVOKED';
  usageScope?: UsageScope;
}

/** The six conditions of 安监总办〔2017〕133号 第二条; all must hold. */
export interface IncentiveConditions {
  publicCommitment: boolean;
  noDishonestyWithin3Years: boolean;
  noPenaltyWithin3Years: boolean;
  noFatalAccidentOrOccupationalDiseaseWithin3Years: boolean;
  standardizationLevelOne: boolean;
  notOnOtherPunishmentList: boolean;
}

export interface IncentiveListEntryData extends SourceFields {
  conditions: IncentiveConditions;
  standardizationLevel: StandardizationLevel;
  decisionNo?: string;
  publishDate: string;
  validUntil?: string;
  authorityName?: string;
  authorityUscc?: string;
  status?: 'PUBLISHED' | 'REMOVED' | 'EXPIRED';
  usageScope?: UsageScope;
}

export type CreditGradeScheme = 'ABCD' | 'LEVEL_1_4';

export interface CreditGradeData extends SourceFields {
  scheme: CreditGradeScheme;
  grade: 'A' | 'B' | 'C' | 'D' | '一级' | '二级' | '三级' | '四级';
  /** Decimal string 0–100. */
  score?: string;
  year: number;
  evaluator: string;
  evaluatorUscc?: string;
  docNo?: string;
  validFrom: string;
  validTo?: string;
  standardizationLevel?: StandardizationLevel;
  status?: 'VALID' | 'REVOKED' | 'EXPIRED';
  usageScope?: UsageScope;
}

export type AccidentLevel = '特别重大' | '重大' | '较大' | '一般';

export interface AccidentData extends SourceFields {
  occurredAt: string;
  location: string;
  industryCode: string;
  deaths: number;
  seriousInjuries: number;
  directLossWan: string;
  /** Filled by the validator from the numbers when absent. */
  level?: AccidentLevel;
  isLiability?: boolean;
  reportNo?: string;
  summary?: string;
  authorityName?: string;
  authorityUscc?: string;
  usageScope?: UsageScope;
}

export interface CommendationData extends SourceFields {
  honourName: string;
  level: 'NATIONAL' | 'PROVINCIAL' | 'MUNICIPAL' | 'COUNTY' | 'OTHER';
  content?: string;
  issuer: string;
  issuerUscc?: string;
  docNo?: string;
  date: string;
  usageScope?: UsageScope;
}

export type InsuranceType = '基本养老保险' | '基本医疗保险' | '失业保险' | '工伤保险' | '生育保险';

export interface WageArrearsData extends SourceFields {
  kind: 'WAGE_ARREARS' | 'SOCIAL_INSURANCE_ARREARS';
  projectName?: string;
  /** Decimal string in 元, at most 2 places. */
  amountYuan: string;
  workers?: number;
  insuranceTypes?: InsuranceType[];
  periodFrom?: string;
  periodTo?: string;
  orderNo?: string;
  orderDate?: string;
  deadline?: string;
  paidAt?: string;
  authorityName?: string;
  authorityUscc?: string;
  usageScope?: UsageScope;
}

export interface AnnualCreditReportData extends SourceFields {
  year: number;
  fileSha256: string;
  fileName?: string;
  submittedAt: string;
  reviewStatus?: 'PENDING' | 'ACCEPTED' | 'RETURNED';
  usageScope?: UsageScope;
}

export interface Evidence {
  name: string;
  fileSha256?: string;
}

export interface ObjectionData extends SourceFields {
  targetRecordId: string;
  applicant: string;
  reason: string;
  evidence?: Evidence[];
  receivedAt: string;
  status: 'SUBMITTED' | 'ACCEPTED' | 'REFUSED' | 'FORWARDED' | 'CORRECTED' | 'UPHELD';
  outcome?: string;
  decidedAt?: string;
  authorityName?: string;
  authorityUscc?: string;
}

export interface RepairRequestData extends SourceFields {
  targetRecordId: string;
  kind: 'TERMINATE_PUBLICITY' | 'EARLY_REMOVAL' | 'CORRECTION';
  appliedAt: string;
  commitmentSigned: boolean;
  reason?: string;
  decision: 'PENDING' | 'GRANTED' | 'DENIED';
  decidedAt?: string;
  decisionReason?: string;
  authorityName?: string;
  authorityUscc?: string;
}

/** Record type → its `data`. */
export interface RecordDataMap {
  'administrative-penalty': PenaltyData;
  'administrative-license': LicenseData;
  'safety-commitment': SafetyCommitmentData;
  'punishment-list-entry': PunishmentListEntryData;
  'incentive-list-entry': IncentiveListEntryData;
  'credit-grade': CreditGradeData;
  accident: AccidentData;
  commendation: CommendationData;
  'wage-arrears': WageArrearsData;
  'annual-credit-report': AnnualCreditReportData;
  objection: ObjectionData;
  'repair-request': RepairRequestData;
}

/** The envelope of one type; department-keyed types need their sourceRecordId (it is half the key). */
export type RecordOf<T extends RecordType> = {
  recordType: T;
  operation: Operation;
  subject: Subject;
  data: RecordDataMap[T];
} & (T extends BusinessKeyedType ? { sourceRecordId?: string } : { sourceRecordId: string });

export type PenaltyRecord = RecordOf<'administrative-penalty'>;
export type LicenseRecord = RecordOf<'administrative-license'>;
export type SafetyCommitmentRecord = RecordOf<'safety-commitment'>;
export type PunishmentListEntryRecord = RecordOf<'punishment-list-entry'>;
export type IncentiveListEntryRecord = RecordOf<'incentive-list-entry'>;
export type CreditGradeRecord = RecordOf<'credit-grade'>;
export type AccidentRecord = RecordOf<'accident'>;
export type CommendationRecord = RecordOf<'commendation'>;
export type WageArrearsRecord = RecordOf<'wage-arrears'>;
export type AnnualCreditReportRecord = RecordOf<'annual-credit-report'>;
export type ObjectionRecord = RecordOf<'objection'>;
export type RepairRequestRecord = RecordOf<'repair-request'>;

export type CanonicalRecord = { [T in RecordType]: RecordOf<T> }[RecordType];

/** Added by the gateway; never part of the version hash. */
export interface RecordMeta {
  departmentId: string;
  adapter: string;
  receivedAt: string;
  submissionId: string;
}

export type StoredRecord = CanonicalRecord & { meta: RecordMeta };
