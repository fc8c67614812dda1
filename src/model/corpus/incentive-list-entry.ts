import { builder, CITY_BUREAU, COMPANY, MINISTRY, type TypeCorpus } from './fixtures.ts';

const ALL_MET = {
  publicCommitment: true, noDishonestyWithin3Years: true, noPenaltyWithin3Years: true, noFatalAccidentOrOccupationalDiseaseWithin3Years: true,
  standardizationLevelOne: true, notOnOtherPunishmentList: true,
};

const entry = builder({
  recordType: 'incentive-list-entry',
  sourceRecordId: 'HONG-2026-001',
  subject: COMPANY,
  data: {
    conditions: ALL_MET,
    standardizationLevel: '一级',
    decisionNo: '应急〔2026〕15号',
    publishDate: '2026-03-18',
    validUntil: '2029-03-17',
    authorityName: MINISTRY.name,
    authorityUscc: MINISTRY.uscc,
    status: 'PUBLISHED',
  },
});

const unmet = (k: keyof typeof ALL_MET) => entry({ data: { conditions: { ...ALL_MET, [k]: false } } });

export const incentiveListEntry: TypeCorpus = {
  type: 'incentive-list-entry',
  valid: [
    { name: 'all six 133号 conditions met, announced by the ministry: region from the department, not 100000', input: entry(), data: { regionCode: '320723' } },
    { name: 'no status (PUBLISHED) and no end date, reviewed by the city bureau', input: entry({ data: { status: undefined, validUntil: undefined, decisionNo: undefined, authorityName: CITY_BUREAU.name, authorityUscc: CITY_BUREAU.uscc } }), data: { regionCode: '320700' } },
    { name: 'removed after a penalty: the conditions no longer hold', input: entry({ data: { status: 'REMOVED', conditions: { ...ALL_MET, noPenaltyWithin3Years: false } } }) },
    { name: 'expired, standardisation since lowered', input: entry({ data: { status: 'EXPIRED', standardizationLevel: '二级', conditions: { ...ALL_MET, standardizationLevelOne: false } } }) },
    { name: 'revoke', input: { recordType: 'incentive-list-entry', operation: 'revoke', sourceRecordId: 'HONG-2026-001', subject: COMPANY, data: {} } },
  ],
  invalid: [
    { name: 'no sourceRecordId', input: entry({ sourceRecordId: undefined }), issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: '(一) no public commitment', input: unmet('publicCommitment'), issues: [['/data/conditions/publicCommitment', 'INCENTIVE_CONDITION_UNMET']] },
    { name: '(二) dishonesty within 3 years', input: unmet('noDishonestyWithin3Years'), issues: [['/data/conditions/noDishonestyWithin3Years', 'INCENTIVE_CONDITION_UNMET']] },
    { name: '(三) a penalty within 3 years', input: unmet('noPenaltyWithin3Years'), issues: [['/data/conditions/noPenaltyWithin3Years', 'INCENTIVE_CONDITION_UNMET']] },
    {
      name: '(四) a fatal accident or new occupational disease within 3 years',
      input: unmet('noFatalAccidentOrOccupationalDiseaseWithin3Years'),
      issues: [['/data/conditions/noFatalAccidentOrOccupationalDiseaseWithin3Years', 'INCENTIVE_CONDITION_UNMET']],
    },
    { name: '(五) standardisation below 一级', input: unmet('standardizationLevelOne'), issues: [['/data/conditions/standardizationLevelOne', 'INCENTIVE_CONDITION_UNMET']] },
    { name: '(六) on another field\'s punishment list', input: unmet('notOnOtherPunishmentList'), issues: [['/data/conditions/notOnOtherPunishmentList', 'INCENTIVE_CONDITION_UNMET']] },
    {
      name: 'two conditions unmet: both reported, in 第二条 order',
      input: entry({ data: { conditions: { ...ALL_MET, notOnOtherPunishmentList: false, publicCommitment: false } } }),
      issues: [['/data/conditions/publicCommitment', 'INCENTIVE_CONDITION_UNMET'], ['/data/conditions/notOnOtherPunishmentList', 'INCENTIVE_CONDITION_UNMET']],
    },
    { name: 'standardisation level 二级 on a published entry', input: entry({ data: { standardizationLevel: '二级' } }), issues: [['/data/standardizationLevel', 'INCENTIVE_CONDITION_UNMET']] },
    { name: 'a condition missing', input: entry({ data: { conditions: { ...ALL_MET, notOnOtherPunishmentList: undefined } } }), issues: [['/data/conditions/notOnOtherPunishmentList', 'REQUIRED']] },
    { name: 'a condition as text', input: entry({ data: { conditions: { ...ALL_MET, publicCommitment: '是' } } }), issues: [['/data/conditions/publicCommitment', 'TYPE_MISMATCH']] },
    { name: 'a seventh condition', input: entry({ data: { conditions: { ...ALL_MET, creditRatingA: true } } }), issues: [['/data/conditions/creditRatingA', 'UNKNOWN_FIELD']] },
    { name: 'no conditions', input: entry({ data: { conditions: undefined } }), issues: [['/data/conditions', 'REQUIRED']] },
    { name: 'unknown standardisation level', input: entry({ data: { standardizationLevel: '四级' } }), issues: [['/data/standardizationLevel', 'ENUM']] },
    { name: 'no publish date', input: entry({ data: { publishDate: undefined } }), issues: [['/data/publishDate', 'REQUIRED']] },
    { name: 'published in the future', input: entry({ data: { publishDate: '2026-12-01' } }), issues: [['/data/publishDate', 'DATE_IN_FUTURE']] },
    { name: 'valid-until before publication', input: entry({ data: { validUntil: '2026-03-17' } }), issues: [['/data/validUntil', 'DATE_ORDER']] },
    { name: 'unknown status', input: entry({ data: { status: 'ACTIVE' } }), issues: [['/data/status', 'ENUM']] },
    { name: 'authority USCC checksum', input: entry({ data: { authorityUscc: '11100000MB1A2B3C4H' } }), issues: [['/data/authorityUscc', 'USCC_CHECKSUM']] },
  ],
};
