import { BUREAU, builder, COMPANY, TARGET_ID, type TypeCorpus } from './fixtures.ts';

const EVIDENCE_SHA = '5108deb71ee1d00d8e14ad48f2ddee3dca264528a5ae802ac5a682ee11ecc0d7';

const objection = builder({
  recordType: 'objection',
  sourceRecordId: 'YY-2026-0009',
  subject: COMPANY,
  data: {
    targetRecordId: TARGET_ID,
    applicant: COMPANY.name,
    reason: '该行政处罚决定已被行政复议机关撤销，请求更正。',
    evidence: [{ name: '行政复议决定书', fileSha256: EVIDENCE_SHA }],
    receivedAt: '2026-06-03',
    status: 'FORWARDED',
    authorityName: BUREAU.name,
    authorityUscc: BUREAU.uscc,
  },
});

export const objectionCorpus: TypeCorpus = {
  type: 'objection',
  valid: [
    { name: 'forwarded to the provider', input: objection(), data: { regionCode: '320723' } },
    { name: 'corrected, with its outcome and date', input: objection({ data: { status: 'CORRECTED', outcome: '已撤回该条处罚信息', decidedAt: '2026-06-17' } }) },
    { name: 'just submitted, no evidence; record id and digest in capitals are folded', input: objection({ data: { status: 'SUBMITTED', evidence: undefined, targetRecordId: TARGET_ID.toUpperCase(), authorityName: undefined, authorityUscc: undefined } }), data: { targetRecordId: TARGET_ID } },
    { name: 'evidence without a file', input: objection({ data: { evidence: [{ name: '情况说明' }, { name: '复议决定书', fileSha256: EVIDENCE_SHA.toUpperCase() }] } }), data: { evidence: [{ name: '情况说明' }, { name: '复议决定书', fileSha256: EVIDENCE_SHA }] } },
    { name: 'revoke', input: { recordType: 'objection', operation: 'revoke', sourceRecordId: 'YY-2026-0009', subject: COMPANY, data: {} } },
  ],
  invalid: [
    { name: 'no sourceRecordId', input: objection({ sourceRecordId: undefined }), issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: 'no target record', input: objection({ data: { targetRecordId: undefined } }), issues: [['/data/targetRecordId', 'REQUIRED']] },
    { name: 'target is not a record id', input: objection({ data: { targetRecordId: '灌应急罚〔2026〕1号' } }), issues: [['/data/targetRecordId', 'FORMAT']] },
    { name: 'upheld without an outcome', input: objection({ data: { status: 'UPHELD' } }), issues: [['/data/outcome', 'REQUIRED']] },
    { name: 'refused without an outcome', input: objection({ data: { status: 'REFUSED' } }), issues: [['/data/outcome', 'REQUIRED']] },
    { name: 'corrected without an outcome', input: objection({ data: { status: 'CORRECTED', decidedAt: '2026-06-17' } }), issues: [['/data/outcome', 'REQUIRED']] },
    { name: 'unknown status', input: objection({ data: { status: 'CLOSED' } }), issues: [['/data/status', 'ENUM']] },
    { name: 'decided before it was received', input: objection({ data: { status: 'UPHELD', outcome: '维持', decidedAt: '2026-06-01' } }), issues: [['/data/decidedAt', 'DATE_ORDER']] },
    { name: 'received in the future', input: objection({ data: { receivedAt: '2026-12-03' } }), issues: [['/data/receivedAt', 'DATE_IN_FUTURE']] },
    { name: 'decided in the future', input: objection({ data: { status: 'UPHELD', outcome: '维持', decidedAt: '2026-12-03' } }), issues: [['/data/decidedAt', 'DATE_IN_FUTURE']] },
    { name: 'evidence without a name', input: objection({ data: { evidence: [{ fileSha256: EVIDENCE_SHA }] } }), issues: [['/data/evidence/0/name', 'REQUIRED']] },
    { name: 'evidence digest malformed', input: objection({ data: { evidence: [{ name: '复议决定书', fileSha256: 'md5:abc' }] } }), issues: [['/data/evidence/0/fileSha256', 'FORMAT']] },
    { name: 'evidence as bare text', input: objection({ data: { evidence: ['复议决定书'] } }), issues: [['/data/evidence/0', 'TYPE_MISMATCH']] },
    { name: 'no applicant', input: objection({ data: { applicant: '' } }), issues: [['/data/applicant', 'REQUIRED']] },
  ],
};
