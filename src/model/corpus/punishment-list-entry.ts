import { BUREAU, builder, CITY_BUREAU, COMPANY, BUILDER, HR_BUREAU, IDS, type TypeCorpus } from './fixtures.ts';

const entry = builder({
  recordType: 'punishment-list-entry',
  sourceRecordId: 'HMD-2026-003',
  subject: COMPANY,
  data: {
    listType: 'JOINT_PUNISHMENT_2017',
    basisClause: '49号第二条(六)',
    reason: '2026年4月12日发生1人死亡的生产安全事故，迟报2小时。',
    relatedPersons: [
      { name: '王建国', role: 'LEGAL_REP', idType: '身份证', idNo: IDS[0] },
      { name: '李强', role: 'SAFETY_PRINCIPAL', idType: '身份证', idNo: IDS[1] },
    ],
    noticeDate: '2026-05-10',
    statementDeadline: '2026-05-17',
    decisionNo: '灌应急惩〔2026〕3号',
    decisionDate: '2026-05-25',
    publishDate: '2026-06-02',
    periodEnd: '2027-06-01',
    authorityName: BUREAU.name,
    authorityUscc: BUREAU.uscc,
    status: 'PUBLISHED',
  },
});

/** The two related persons with one field of the first replaced. */
const person0 = (p: Record<string, unknown>) => [{ name: '王建国', role: 'LEGAL_REP', idType: '身份证', idNo: IDS[0], ...p }, { name: '李强', role: 'SAFETY_PRINCIPAL' }];

export const punishmentListEntry: TypeCorpus = {
  type: 'punishment-list-entry',
  valid: [
    { name: 'joint punishment under 49号第二条(六), published, with related persons', input: entry(), data: { regionCode: '320723', basisClause: '49号第二条(六)' } },
    {
      name: '黑名单 under 第三条, full-width brackets folded, listed by the city bureau',
      input: entry({ data: { listType: 'BLACKLIST_2015', basisClause: '49号第三条（一年内两起较大事故）', authorityName: CITY_BUREAU.name, authorityUscc: CITY_BUREAU.uscc } }),
      data: { basisClause: '49号第三条(一年内两起较大事故)', regionCode: '320700' },
    },
    {
      name: '严重失信主体名单 (11号令): no 49号 clause, listed but not yet published, early removal after 12 months',
      input: entry({ data: { listType: 'SERIOUS_DISHONEST_2023', basisClause: undefined, status: 'LISTED', publishDate: undefined, periodEnd: '2029-05-24', earlyRemovalEligibleFrom: '2027-05-25', relatedPersons: [{ name: '王建国', role: 'PRINCIPAL' }] } }),
    },
    {
      name: 'wage-arrears list of a builder, decided by the human-resources bureau',
      input: entry({ subject: BUILDER, data: { listType: 'WAGE_ARREARS', basisClause: undefined, reason: '拖欠42名农民工工资38.65万元，经责令限期支付仍未支付', relatedPersons: undefined, authorityName: HR_BUREAU.name, authorityUscc: HR_BUREAU.uscc } }),
    },
    {
      name: '上级部门规定的其他情形 with its reason; a lowercase x and spaces in an ID number are normalised',
      input: entry({ data: { basisClause: '49号第二条(十)', relatedPersons: person0({ idNo: ' 11010519491231002x ' }) } }),
      data: { relatedPersons: [{ name: '王建国', role: 'LEGAL_REP', idType: '身份证', idNo: '11010519491231002X' }, { name: '李强', role: 'SAFETY_PRINCIPAL' }] },
    },
    { name: 'removed early, no notice dates', input: entry({ data: { status: 'REMOVED_EARLY', noticeDate: undefined, statementDeadline: undefined } }) },
    { name: 'revoke', input: { recordType: 'punishment-list-entry', operation: 'revoke', sourceRecordId: 'HMD-2026-003', subject: COMPANY, data: {} } },
  ],
  invalid: [
    { name: 'no sourceRecordId', input: entry({ sourceRecordId: undefined }), issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: 'no decision number', input: entry({ data: { decisionNo: undefined } }), issues: [['/data/decisionNo', 'REQUIRED']] },
    { name: 'no authority', input: entry({ data: { authorityName: undefined, authorityUscc: undefined } }), issues: [['/data/authorityName', 'REQUIRED'], ['/data/authorityUscc', 'REQUIRED']] },
    { name: 'unknown list type', input: entry({ data: { listType: 'BLACKLIST' } }), issues: [['/data/listType', 'ENUM']] },
    { name: 'a clause 49号 does not have', input: entry({ data: { basisClause: '49号第二条(十一)' } }), issues: [['/data/basisClause', 'ENUM']] },
    { name: 'joint punishment without its clause', input: entry({ data: { basisClause: undefined } }), issues: [['/data/basisClause', 'REQUIRED']] },
    { name: '黑名单 without its clause', input: entry({ data: { listType: 'BLACKLIST_2015', basisClause: undefined } }), issues: [['/data/basisClause', 'REQUIRED']] },
    { name: 'joint punishment citing a 黑名单 ground', input: entry({ data: { basisClause: '49号第三条(重特大事故)' } }), issues: [['/data/basisClause', 'LIST_BASIS_MISMATCH']] },
    { name: '黑名单 citing a 第二条 ground', input: entry({ data: { listType: 'BLACKLIST_2015', basisClause: '49号第二条(一)' } }), issues: [['/data/basisClause', 'LIST_BASIS_MISMATCH']] },
    { name: '严重失信主体名单 citing 49号', input: entry({ data: { listType: 'SERIOUS_DISHONEST_2023', basisClause: '49号第二条(六)' } }), issues: [['/data/basisClause', 'FIELD_NOT_APPLICABLE']] },
    { name: 'wage-arrears list citing 49号', input: entry({ data: { listType: 'WAGE_ARREARS', basisClause: '49号第三条(重特大事故)' } }), issues: [['/data/basisClause', 'FIELD_NOT_APPLICABLE']] },
    { name: '上级部门规定的其他情形 without a reason', input: entry({ data: { basisClause: '49号第二条(十)', reason: undefined } }), issues: [['/data/reason', 'REQUIRED']] },
    { name: 'published without a publish date', input: entry({ data: { publishDate: undefined } }), issues: [['/data/publishDate', 'REQUIRED']] },
    { name: 'unknown status', input: entry({ data: { status: 'ACTIVE' } }), issues: [['/data/status', 'ENUM']] },
    { name: 'decision in the future', input: entry({ data: { decisionDate: '2026-11-30', publishDate: undefined, status: 'LISTED', periodEnd: '2027-11-29' } }), issues: [['/data/decisionDate', 'DATE_IN_FUTURE']] },
    {
      name: 'notice in the future: also after the statement deadline and the decision',
      input: entry({ data: { noticeDate: '2026-12-01' } }),
      issues: [['/data/noticeDate', 'DATE_IN_FUTURE'], ['/data/statementDeadline', 'DATE_ORDER'], ['/data/decisionDate', 'DATE_ORDER']],
    },
    { name: 'publish date in the future', input: entry({ data: { publishDate: '2026-12-05', periodEnd: '2027-12-04' } }), issues: [['/data/publishDate', 'DATE_IN_FUTURE']] },
    { name: 'decision before 1949', input: entry({ data: { noticeDate: undefined, statementDeadline: undefined, decisionDate: '1948-05-25' } }), issues: [['/data/decisionDate', 'DATE_TOO_EARLY']] },
    { name: 'published before the decision', input: entry({ data: { publishDate: '2026-05-20' } }), issues: [['/data/publishDate', 'DATE_ORDER']] },
    { name: 'statement deadline before the notice', input: entry({ data: { statementDeadline: '2026-05-09' } }), issues: [['/data/statementDeadline', 'DATE_ORDER']] },
    { name: 'decision before the notice', input: entry({ data: { noticeDate: '2026-05-26', statementDeadline: undefined } }), issues: [['/data/decisionDate', 'DATE_ORDER']] },
    { name: 'period ends before publication', input: entry({ data: { periodEnd: '2026-06-01' } }), issues: [['/data/periodEnd', 'DATE_ORDER']] },
    { name: 'early removal before the decision', input: entry({ data: { earlyRemovalEligibleFrom: '2026-05-01' } }), issues: [['/data/earlyRemovalEligibleFrom', 'DATE_ORDER']] },
    { name: 'early removal after the period ends', input: entry({ data: { earlyRemovalEligibleFrom: '2027-07-01' } }), issues: [['/data/periodEnd', 'DATE_ORDER']] },
    { name: 'related person: resident ID fails GB 11643', input: entry({ data: { relatedPersons: person0({ idNo: '320723197805120035' }) } }), issues: [['/data/relatedPersons/0/idNo', 'ID_NUMBER_INVALID']] },
    { name: 'related person: ID number without its type', input: entry({ data: { relatedPersons: person0({ idType: undefined }) } }), issues: [['/data/relatedPersons/0/idType', 'ID_NUMBER_REQUIRED']] },
    { name: 'related person: ID type without its number', input: entry({ data: { relatedPersons: person0({ idNo: undefined }) } }), issues: [['/data/relatedPersons/0/idNo', 'ID_NUMBER_REQUIRED']] },
    { name: 'related person: unknown ID type', input: entry({ data: { relatedPersons: person0({ idType: '驾驶证', idNo: '3207231978' }) } }), issues: [['/data/relatedPersons/0/idType', 'ENUM']] },
    { name: 'related person: ID damaged by Excel', input: entry({ data: { relatedPersons: person0({ idNo: '3.20723E+17' }) } }), issues: [['/data/relatedPersons/0/idNo', 'EXCEL_DAMAGED']] },
    { name: 'related person without a name', input: entry({ data: { relatedPersons: person0({ name: undefined }) } }), issues: [['/data/relatedPersons/0/name', 'REQUIRED']] },
    { name: 'related person: unknown role', input: entry({ data: { relatedPersons: person0({ role: 'CEO' }) } }), issues: [['/data/relatedPersons/0/role', 'ENUM']] },
    { name: 'authority USCC malformed', input: entry({ data: { authorityUscc: '1132072' } }), issues: [['/data/authorityUscc', 'USCC_FORMAT']] },
    { name: 'decision date malformed', input: entry({ data: { decisionDate: '2026年5月25日' } }), issues: [['/data/decisionDate', 'DATE_FORMAT']] },
  ],
};
