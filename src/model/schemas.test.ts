// The JSON Schemas are the source of truth; this proves the TypeScript types say the same. Each map
// below lists a type's properties with `true` for required ones, and `satisfies KeyMap<…>` makes
// TypeScript refuse the map when a property is added to, removed from or made optional in the type;
// the tests refuse it when the schema differs. So a property added on one side only fails somewhere.
import { describe, expect, it } from 'vitest';
import { BASIS_CLAUSES, GRADES_BY_SCHEME, INDUSTRY_SECTIONS } from './code-lists.ts';
import { RECORD_KEY_FIELDS } from './identity.ts';
import { CONDITION_KEYS } from './rules/lists.ts';
import { recordSchema, schemaFiles } from './schemas.ts';
import {
  BUSINESS_KEYED_TYPES, RECORD_TYPES, type Evidence, type IncentiveConditions, type LegalRep, type RecordDataMap, type RecordOf,
  type RecordType, type RelatedPerson, type Subject,
} from './types.ts';

type IsRequired<T, K extends keyof T> = {} extends Pick<T, K> ? false : true;
type KeyMap<T> = { readonly [K in keyof T]-?: IsRequired<T, K> };

const SOURCE = { dataSourceName: true, dataSourceUscc: true, regionCode: false, remarks: false } as const;

const DATA: { readonly [T in RecordType]: KeyMap<RecordDataMap[T]> } = {
  'administrative-penalty': {
    decisionNo: true, violationType: true, violationFacts: true, legalBasis: true, penaltyCategories: true, penaltyContent: true,
    fineAmountWan: false, confiscationAmountWan: false, licenceActionDesc: false, decisionDate: true, penaltyValidUntil: true,
    publicityEndDate: false, authorityName: true, authorityUscc: true, severity: false, domainTag: false, status: false, usageScope: false,
    ...SOURCE,
  },
  'administrative-license': {
    decisionDocName: true, decisionDocNo: true, licenceCategory: true, categoryOther: false, certificateName: false, licenceNo: false,
    content: false, decisionDate: true, validFrom: true, validTo: false, authorityName: true, authorityUscc: true, status: false,
    usageScope: false, ...SOURCE,
  },
  'safety-commitment': {
    commitmentType: true, content: true, commitmentPoints: false, signedBy: false, commitDate: true, validFrom: false, validTo: false,
    publishedUrl: false, fulfilment: false, authorityName: false, authorityUscc: false, usageScope: false, ...SOURCE,
  },
  'punishment-list-entry': {
    listType: true, basisClause: false, reason: false, relatedPersons: false, noticeDate: false, statementDeadline: false, decisionNo: true,
    decisionDate: true, publishDate: false, periodEnd: false, earlyRemovalEligibleFrom: false, authorityName: true, authorityUscc: true,
    status: false, usageScope: false, ...SOURCE,
  },
  'incentive-list-entry': {
    conditions: true, standardizationLevel: true, decisionNo: false, publishDate: true, validUntil: false, authorityName: false,
    authorityUscc: false, status: false, usageScope: false, ...SOURCE,
  },
  'credit-grade': {
    scheme: true, grade: true, score: false, year: true, evaluator: true, evaluatorUscc: false, docNo: false, validFrom: true, validTo: false,
    standardizationLevel: false, status: false, usageScope: false, ...SOURCE,
  },
  accident: {
    occurredAt: true, location: true, industryCode: true, deaths: true, seriousInjuries: true, directLossWan: true, level: false,
    isLiability: false, reportNo: false, summary: false, authorityName: false, authorityUscc: false, usageScope: false, ...SOURCE,
  },
  commendation: {
    honourName: true, level: true, content: false, issuer: true, issuerUscc: false, docNo: false, date: true, usageScope: false, ...SOURCE,
  },
  'wage-arrears': {
    kind: true, projectName: false, amountYuan: true, workers: false, insuranceTypes: false, periodFrom: false, periodTo: false,
    orderNo: false, orderDate: false, deadline: false, paidAt: false, authorityName: false, authorityUscc: false, usageScope: false, ...SOURCE,
  },
  'annual-credit-report': {
    year: true, fileSha256: true, fileName: false, submittedAt: true, reviewStatus: false, usageScope: false, ...SOURCE,
  },
  objection: {
    targetRecordId: true, applicant: true, reason: true, evidence: false, receivedAt: true, status: true, outcome: false, decidedAt: false,
    authorityName: false, authorityUscc: false, ...SOURCE,
  },
  'repair-request': {
    targetRecordId: true, kind: true, appliedAt: true, commitmentSigned: true, reason: false, decision: true, decidedAt: false,
    decisionReason: false, authorityName: false, authorityUscc: false, ...SOURCE,
  },
};

const BY_BUSINESS_FIELDS = { recordType: true, operation: true, sourceRecordId: false, subject: true, data: true } as const;
const BY_DEPARTMENT = { recordType: true, operation: true, sourceRecordId: true, subject: true, data: true } as const;
const ENVELOPE: { readonly [T in RecordType]: KeyMap<RecordOf<T>> } = {
  'administrative-penalty': BY_BUSINESS_FIELDS,
  'administrative-license': BY_BUSINESS_FIELDS,
  'safety-commitment': BY_DEPARTMENT,
  'punishment-list-entry': BY_DEPARTMENT,
  'incentive-list-entry': BY_DEPARTMENT,
  'credit-grade': BY_DEPARTMENT,
  accident: BY_DEPARTMENT,
  commendation: BY_DEPARTMENT,
  'wage-arrears': BY_DEPARTMENT,
  'annual-credit-report': BY_DEPARTMENT,
  objection: BY_DEPARTMENT,
  'repair-request': BY_DEPARTMENT,
};

const SUBJECT = {
  name: true, category: true, uscc: false, regNo: false, orgCode: false, taxRegNo: false, instCertNo: false, socialOrgRegNo: false,
  legalRep: false, idType: false, idNo: false,
} as const satisfies KeyMap<Subject>;
const LEGAL_REP = { name: true, idType: false, idNo: false } as const satisfies KeyMap<LegalRep>;
const PERSON = { name: true, role: false, idType: false, idNo: false } as const satisfies KeyMap<RelatedPerson>;
const CONDITIONS = {
  publicCommitment: true, noDishonestyWithin3Years: true, noPenaltyWithin3Years: true, noFatalAccidentOrOccupationalDiseaseWithin3Years: true,
  standardizationLevelOne: true, notOnOtherPunishmentList: true,
} as const satisfies KeyMap<IncentiveConditions>;
const EVIDENCE = { name: true, fileSha256: false } as const satisfies KeyMap<Evidence>;

type Schema = { $ref?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; title?: string; 'x-record-key'?: string[] };

/** Follows a `file.schema.json#/definitions/x` reference (one level is all the schemas use). */
function resolve(s: Schema): Schema {
  if (!s.$ref) return s;
  const [file, pointer = ''] = s.$ref.split('#');
  let target = schemaFiles.get(file!) as Schema;
  for (const seg of pointer.split('/').filter(Boolean)) target = (target as Record<string, Schema>)[seg]!;
  return { ...target, ...s, $ref: undefined };
}

function expectAgree(schema: Schema, map: Readonly<Record<string, boolean>>, where: string): void {
  const s = resolve(schema);
  expect(Object.keys(s.properties ?? {}).sort(), `${where}: properties`).toEqual(Object.keys(map).sort());
  expect([...(s.required ?? [])].sort(), `${where}: required`).toEqual(Object.entries(map).filter(([, r]) => r).map(([k]) => k).sort());
}

const dataSchema = (t: RecordType): Schema => (recordSchema(t) as Schema).properties!.data!;

describe('schemas and TypeScript types agree', () => {
  it('RECORD_TYPES has a schema for each type and no schema without a type', () => {
    const files = [...schemaFiles.keys()].filter((f) => !['common.schema.json', 'subject.schema.json', 'config.schema.json'].includes(f));
    expect(files.sort()).toEqual(RECORD_TYPES.map((t) => `${t}.schema.json`).sort());
    expect(RECORD_TYPES).toHaveLength(12);
  });

  it.each(RECORD_TYPES)('%s: data properties and required list', (t) => {
    expectAgree(dataSchema(t), DATA[t], `${t} data`);
  });

  it.each(RECORD_TYPES)('%s: envelope (operation defaults to upsert, so the schema does not require it)', (t) => {
    const s = recordSchema(t) as Schema;
    const { operation: _op, ...required } = ENVELOPE[t];
    expectAgree({ properties: s.properties, required: s.required }, { ...required, operation: false }, `${t} envelope`);
    expect(s.properties!.recordType).toEqual({ const: t });
  });

  it.each(RECORD_TYPES)('%s: x-record-key is the key identity.ts computes', (t) => {
    expect((recordSchema(t) as Schema)['x-record-key']).toEqual(RECORD_KEY_FIELDS[t]);
    const byBusiness = (BUSINESS_KEYED_TYPES as readonly string[]).includes(t);
    expect(RECORD_KEY_FIELDS[t].includes('sourceRecordId')).toBe(!byBusiness);
  });

  it.each(RECORD_TYPES)('%s: every data property has a Chinese title', (t) => {
    for (const [k, p] of Object.entries(dataSchema(t).properties!)) expect(resolve(p).title, `${t}.${k}`).toMatch(/\p{Script=Han}/u);
  });

  it('nested objects: subject, legal representative, related persons, 133号 conditions, evidence', () => {
    const subject = schemaFiles.get('subject.schema.json') as Schema;
    expectAgree(subject, SUBJECT, 'subject');
    expectAgree(subject.properties!.legalRep!, LEGAL_REP, 'subject.legalRep');
    expectAgree(dataSchema('punishment-list-entry').properties!.relatedPersons!.items!, PERSON, 'relatedPersons[]');
    expectAgree(dataSchema('incentive-list-entry').properties!.conditions!, CONDITIONS, 'conditions');
    expectAgree(dataSchema('objection').properties!.evidence!.items!, EVIDENCE, 'evidence[]');
  });

  it('code lists in the schemas are the ones the rules use', () => {
    expect(dataSchema('punishment-list-entry').properties!.basisClause!.enum).toEqual([...BASIS_CLAUSES]);
    expect(dataSchema('credit-grade').properties!.grade!.enum).toEqual(Object.values(GRADES_BY_SCHEME).flat());
    expect(dataSchema('credit-grade').properties!.scheme!.enum).toEqual(Object.keys(GRADES_BY_SCHEME));
    expect([...CONDITION_KEYS].sort()).toEqual(Object.keys(CONDITIONS).sort());
    // GB/T 4754-2017: 20 sections, 97 divisions, contiguous from 01.
    const ranges = Object.values(INDUSTRY_SECTIONS);
    expect(ranges).toHaveLength(20);
    expect(ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0)).toBe(97);
    ranges.forEach(([lo], i) => expect(lo).toBe(i === 0 ? 1 : ranges[i - 1]![1] + 1));
  });
});
