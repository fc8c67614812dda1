import { BUREAU, builder, COMPANY, TARGET_ID, type TypeCorpus } from './fixtures.ts';

const repair = builder({
  recordType: 'repair-request',
  sourceRecordId: 'XF-2026-0021',
  subject: COMPANY,
  data: {
    targetRecordId: TARGET_ID,
    kind: 'TERMINATE_PUBLICITY',
    appliedAt: '2026-09-01',
    commitmentSigned: true,
    reason: '已履行行政处罚决定，公示已满最短期限。',
    decision: 'GRANTED',
    decidedAt: '2026-09-10',
    authorityName: BUREAU.name,
    authorityUscc: BUREAU.uscc,
  },
});

export const repairRequest: TypeCorpus = {
  type: 'repair-request',
  valid: [
    { name: 'termination of publicity granted', input: repair(), data: { regionCode: '320723' } },
    { name: 'early removal pending', input: repair({ data: { kind: 'EARLY_REMOVAL', decision: 'PENDING', decidedAt: undefined } }) },
    { name: 'correction denied without a commitment', input: repair({ data: { kind: 'CORRECTION', commitmentSigned: false, decision: 'DENIED', decisionReason: '未提交信用修复承诺书' } }) },
    { name: 'revoke', input: { recordType: 'repair-request', operation: 'revoke', sourceRecordId: 'XF-2026-0021', subject: COMPANY, data: {} } },
  ],
  invalid: [
    { name: 'no sourceRecordId', input: repair({ sourceRecordId: undefined }), issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: 'granted without a signed commitment', input: repair({ data: { commitmentSigned: false } }), issues: [['/data/commitmentSigned', 'REPAIR_COMMITMENT_MISSING']] },
    { name: 'granted without a decision date', input: repair({ data: { decidedAt: undefined } }), issues: [['/data/decidedAt', 'REQUIRED']] },
    { name: 'denied without a decision date', input: repair({ data: { decision: 'DENIED', decidedAt: undefined } }), issues: [['/data/decidedAt', 'REQUIRED']] },
    { name: 'pending with a decision date', input: repair({ data: { decision: 'PENDING' } }), issues: [['/data/decidedAt', 'FIELD_NOT_APPLICABLE']] },
    { name: 'decided before the application', input: repair({ data: { decidedAt: '2026-08-30' } }), issues: [['/data/decidedAt', 'DATE_ORDER']] },
    { name: 'applied in the future', input: repair({ data: { appliedAt: '2026-12-01', decision: 'PENDING', decidedAt: undefined } }), issues: [['/data/appliedAt', 'DATE_IN_FUTURE']] },
    { name: 'decided in the future', input: repair({ data: { decidedAt: '2026-12-01' } }), issues: [['/data/decidedAt', 'DATE_IN_FUTURE']] },
    { name: 'unknown kind', input: repair({ data: { kind: 'REMOVAL' } }), issues: [['/data/kind', 'ENUM']] },
    { name: 'no commitment flag', input: repair({ data: { commitmentSigned: undefined } }), issues: [['/data/commitmentSigned', 'REQUIRED']] },
    { name: 'commitment flag as text', input: repair({ data: { commitmentSigned: 'yes' } }), issues: [['/data/commitmentSigned', 'TYPE_MISMATCH']] },
    { name: 'no decision', input: repair({ data: { decision: undefined } }), issues: [['/data/decision', 'REQUIRED']] },
    { name: 'target is not a record id', input: repair({ data: { targetRecordId: '12345' } }), issues: [['/data/targetRecordId', 'FORMAT']] },
  ],
};
