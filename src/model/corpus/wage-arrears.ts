import { BUILDER, builder, HR_BUREAU, type TypeCorpus } from './fixtures.ts';

const arrears = builder({
  recordType: 'wage-arrears',
  sourceRecordId: 'QX-2026-0117',
  subject: BUILDER,
  data: {
    kind: 'WAGE_ARREARS',
    projectName: '灌云县临港产业区标准厂房（二期）工程',
    amountYuan: '386500.00',
    workers: 42,
    periodFrom: '2026-01-01',
    periodTo: '2026-06-30',
    orderNo: '灌人社监令〔2026〕17号',
    orderDate: '2026-07-15',
    deadline: '2026-07-30',
    paidAt: '2026-07-28',
    authorityName: HR_BUREAU.name,
    authorityUscc: HR_BUREAU.uscc,
  },
});

export const wageArrears: TypeCorpus = {
  type: 'wage-arrears',
  valid: [
    { name: 'wage arrears ordered and paid; amounts stay decimal strings', input: arrears(), data: { amountYuan: '386500.00', regionCode: '320723' } },
    { name: 'still unpaid, no order yet', input: arrears({ data: { paidAt: undefined, orderNo: undefined, orderDate: undefined, deadline: undefined } }) },
    {
      name: 'unpaid social insurance with its kinds, no worker count',
      input: arrears({ data: { kind: 'SOCIAL_INSURANCE_ARREARS', insuranceTypes: ['基本养老保险', '工伤保险'], workers: undefined, projectName: undefined, amountYuan: '52310.4' } }),
    },
    { name: 'an amount of 0.5 yuan', input: arrears({ data: { amountYuan: '0.5', workers: 1 } }) },
    { name: 'revoke', input: { recordType: 'wage-arrears', operation: 'revoke', sourceRecordId: 'QX-2026-0117', subject: BUILDER, data: {} } },
  ],
  invalid: [
    { name: 'no sourceRecordId', input: arrears({ sourceRecordId: undefined }), issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: 'no amount', input: arrears({ data: { amountYuan: undefined } }), issues: [['/data/amountYuan', 'REQUIRED']] },
    { name: 'negative amount', input: arrears({ data: { amountYuan: '-100' } }), issues: [['/data/amountYuan', 'AMOUNT_YUAN_FORMAT']] },
    { name: 'amount with 3 places', input: arrears({ data: { amountYuan: '386500.001' } }), issues: [['/data/amountYuan', 'AMOUNT_YUAN_FORMAT']] },
    { name: 'amount in 万元 notation', input: arrears({ data: { amountYuan: '38.65万' } }), issues: [['/data/amountYuan', 'AMOUNT_YUAN_FORMAT']] },
    { name: 'amount as a number', input: arrears({ data: { amountYuan: 386500 } }), issues: [['/data/amountYuan', 'TYPE_MISMATCH']] },
    { name: 'no workers affected', input: arrears({ data: { workers: 0 } }), issues: [['/data/workers', 'NUMBER_RANGE']] },
    { name: 'wage arrears without a worker count', input: arrears({ data: { workers: undefined } }), issues: [['/data/workers', 'REQUIRED']] },
    { name: 'insurance kinds on wage arrears', input: arrears({ data: { insuranceTypes: ['工伤保险'] } }), issues: [['/data/insuranceTypes', 'FIELD_NOT_APPLICABLE']] },
    { name: 'unknown insurance kind', input: arrears({ data: { kind: 'SOCIAL_INSURANCE_ARREARS', insuranceTypes: ['住房公积金'] } }), issues: [['/data/insuranceTypes/0', 'ENUM']] },
    { name: 'unknown kind', input: arrears({ data: { kind: 'ARREARS' } }), issues: [['/data/kind', 'ENUM']] },
    { name: 'paid in the future', input: arrears({ data: { paidAt: '2026-12-01' } }), issues: [['/data/paidAt', 'DATE_IN_FUTURE']] },
    { name: 'ordered in the future', input: arrears({ data: { orderDate: '2026-12-01', deadline: '2026-12-15', paidAt: undefined } }), issues: [['/data/orderDate', 'DATE_IN_FUTURE']] },
    { name: 'arrears starting in the future', input: arrears({ data: { periodFrom: '2026-12-01', periodTo: undefined, paidAt: undefined } }), issues: [['/data/periodFrom', 'DATE_IN_FUTURE']] },
    { name: 'paid before the order', input: arrears({ data: { paidAt: '2026-07-10' } }), issues: [['/data/paidAt', 'DATE_ORDER']] },
    { name: 'paid before the arrears began', input: arrears({ data: { paidAt: '2025-12-20', orderDate: undefined, orderNo: undefined, deadline: undefined } }), issues: [['/data/paidAt', 'DATE_ORDER']] },
    { name: 'period ends before it starts', input: arrears({ data: { periodTo: '2025-12-31' } }), issues: [['/data/periodTo', 'DATE_ORDER']] },
    { name: 'deadline before the order', input: arrears({ data: { deadline: '2026-07-01' } }), issues: [['/data/deadline', 'DATE_ORDER']] },
    { name: 'authority USCC checksum', input: arrears({ data: { authorityUscc: '11320723MB23456786' } }), issues: [['/data/authorityUscc', 'USCC_CHECKSUM']] },
  ],
};
