import { builder, CITY_BUREAU, COMPANY, PERSON, type TypeCorpus } from './fixtures.ts';

const commendation = builder({
  recordType: 'commendation',
  sourceRecordId: 'BZ-2026-004',
  subject: COMPANY,
  data: {
    honourName: '2025年度安全生产先进单位',
    level: 'MUNICIPAL',
    content: '连续三年未发生生产安全责任事故，安全生产标准化达到二级。',
    issuer: CITY_BUREAU.name,
    issuerUscc: CITY_BUREAU.uscc,
    docNo: '连应急〔2026〕4号',
    date: '2026-02-20',
  },
});

export const commendationCorpus: TypeCorpus = {
  type: 'commendation',
  valid: [
    { name: 'a municipal honour; region from the issuer', input: commendation(), data: { regionCode: '320700' } },
    { name: 'a county honour without issuer code or document number', input: commendation({ data: { level: 'COUNTY', issuer: '灌云县人民政府', issuerUscc: undefined, docNo: undefined, content: undefined } }), data: { regionCode: '320723' } },
    { name: 'a natural person commended (安全生产先进个人)', input: commendation({ subject: { ...PERSON, uscc: undefined, legalRep: undefined }, data: { honourName: '安全生产先进个人' } }) },
    { name: 'revoke', input: { recordType: 'commendation', operation: 'revoke', sourceRecordId: 'BZ-2026-004', subject: COMPANY, data: {} } },
  ],
  invalid: [
    { name: 'no sourceRecordId', input: commendation({ sourceRecordId: undefined }), issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: 'no honour name', input: commendation({ data: { honourName: undefined } }), issues: [['/data/honourName', 'REQUIRED']] },
    { name: 'honour name too long', input: commendation({ data: { honourName: '先'.repeat(257) } }), issues: [['/data/honourName', 'MAX_LENGTH']] },
    { name: 'unknown level', input: commendation({ data: { level: '市级' } }), issues: [['/data/level', 'ENUM']] },
    { name: 'no issuer', input: commendation({ data: { issuer: undefined } }), issues: [['/data/issuer', 'REQUIRED']] },
    { name: 'commended in the future', input: commendation({ data: { date: '2026-12-20' } }), issues: [['/data/date', 'DATE_IN_FUTURE']] },
    { name: 'no such day', input: commendation({ data: { date: '2026-02-30' } }), issues: [['/data/date', 'DATE_FORMAT']] },
    { name: 'issuer USCC malformed', input: commendation({ data: { issuerUscc: '11320700MB012345IO' } }), issues: [['/data/issuerUscc', 'USCC_FORMAT']] },
    { name: 'natural person with a bad ID', input: commendation({ subject: { ...PERSON, uscc: undefined, legalRep: undefined, idNo: '320723197805120039' } }), issues: [['/subject/idNo', 'ID_NUMBER_INVALID']] },
    { name: 'natural person without ID', input: commendation({ subject: { ...PERSON, uscc: undefined, legalRep: undefined, idType: undefined, idNo: undefined } }), issues: [['/subject/idType', 'ID_NUMBER_REQUIRED']] },
  ],
};
