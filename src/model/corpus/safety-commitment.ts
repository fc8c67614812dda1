import { BUREAU, builder, COMPANY, PILOT_USCC, SHOP, type TypeCorpus } from './fixtures.ts';

const ALL_POINTS = ['LAWS_AND_STANDARDS', 'RESPONSIBILITY_SYSTEM', 'WORKER_SAFETY', 'DUAL_PREVENTION', 'EMERGENCY_PREPAREDNESS', 'ACCEPT_SUPERVISION'];

const commitment = builder({
  recordType: 'safety-commitment',
  sourceRecordId: 'CN-2026-0001',
  subject: COMPANY,
  data: {
    commitmentType: 'PUBLIC',
    content: '本单位郑重承诺：严格执行安全生产法律法规，落实安全生产主体责任，接受社会和全体员工监督。',
    commitmentPoints: ALL_POINTS,
    signedBy: '王建国',
    commitDate: '2026-01-05',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    publishedUrl: 'https://www.guanyun.gov.cn/aqcn/2026/0001.html',
    fulfilment: 'PENDING',
    authorityName: BUREAU.name,
    authorityUscc: BUREAU.uscc,
  },
});

export const safetyCommitment: TypeCorpus = {
  type: 'safety-commitment',
  valid: [
    { name: 'public commitment with all six points; data source and region filled', input: commitment(), data: { dataSourceUscc: BUREAU.uscc, regionCode: '320723' } },
    {
      name: 'post-level commitment of an individual business, 长期, no authority: region from the department',
      input: commitment({ subject: { ...SHOP, legalRep: undefined }, data: { commitmentType: 'POST', commitmentPoints: undefined, validFrom: undefined, validTo: '长期', publishedUrl: undefined, authorityName: undefined, authorityUscc: undefined } }),
      data: { validTo: null, regionCode: '320723' },
    },
    { name: 'kept commitment; an organisation without legal representative is fine outside 双公示', input: commitment({ subject: { legalRep: undefined }, data: { fulfilment: 'KEPT', commitmentPoints: ['WORKER_SAFETY'] } }) },
    { name: 'pilot USCC on the exception list: a warning', input: commitment({ subject: { uscc: PILOT_USCC } }), warnings: [['/subject/uscc', 'USCC_CHECKSUM']] },
    { name: 'revoke: the key and the subject are enough', input: { recordType: 'safety-commitment', operation: 'revoke', sourceRecordId: 'CN-2026-0001', subject: COMPANY, data: {} } },
  ],
  invalid: [
    { name: 'no sourceRecordId (half the key)', input: commitment({ sourceRecordId: undefined }), issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: 'blank sourceRecordId', input: commitment({ sourceRecordId: '  ' }), issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: 'revoke without sourceRecordId', input: { recordType: 'safety-commitment', operation: 'revoke', subject: COMPANY, data: {} }, issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: 'no commit date', input: commitment({ data: { commitDate: undefined } }), issues: [['/data/commitDate', 'REQUIRED']] },
    { name: 'no content', input: commitment({ data: { content: '' } }), issues: [['/data/content', 'REQUIRED']] },
    { name: 'unknown commitment type', input: commitment({ data: { commitmentType: 'PROMISE' } }), issues: [['/data/commitmentType', 'ENUM']] },
    { name: 'unknown commitment point', input: commitment({ data: { commitmentPoints: ['WORKER_SAFETY', 'NO_OVERTIME'] } }), issues: [['/data/commitmentPoints/1', 'ENUM']] },
    { name: 'a commitment point twice', input: commitment({ data: { commitmentPoints: ['WORKER_SAFETY', 'WORKER_SAFETY'] } }), issues: [['/data/commitmentPoints', 'FORMAT']] },
    { name: 'commit date in the future', input: commitment({ data: { commitDate: '2026-11-28' } }), issues: [['/data/commitDate', 'DATE_IN_FUTURE']] },
    { name: 'commit date before 1949', input: commitment({ data: { commitDate: '1948-12-31', validFrom: undefined } }), issues: [['/data/commitDate', 'DATE_TOO_EARLY']] },
    { name: 'commit date malformed', input: commitment({ data: { commitDate: '2026/01/05' } }), issues: [['/data/commitDate', 'DATE_FORMAT']] },
    { name: 'valid-to before valid-from', input: commitment({ data: { validFrom: '2026-01-01', validTo: '2025-12-31', commitDate: '2025-12-20' } }), issues: [['/data/validTo', 'DATE_ORDER']] },
    { name: 'valid-to before the commitment was signed', input: commitment({ data: { validFrom: '2025-01-01', validTo: '2025-12-31' } }), issues: [['/data/validTo', 'DATE_ORDER']] },
    { name: 'published URL not http(s)', input: commitment({ data: { publishedUrl: 'ftp://example.org/cn.pdf' } }), issues: [['/data/publishedUrl', 'FORMAT']] },
    { name: 'published URL not a URL', input: commitment({ data: { publishedUrl: 'www.guanyun.gov.cn' } }), issues: [['/data/publishedUrl', 'FORMAT']] },
    { name: 'unknown fulfilment', input: commitment({ data: { fulfilment: 'DONE' } }), issues: [['/data/fulfilment', 'ENUM']] },
    { name: 'authority USCC checksum', input: commitment({ data: { authorityUscc: '11320723MB1234567A' } }), issues: [['/data/authorityUscc', 'USCC_CHECKSUM']] },
    { name: 'organisation without any code', input: commitment({ subject: { uscc: undefined } }), issues: [['/subject/uscc', 'SUBJECT_ID_REQUIRED']] },
    { name: 'unknown data field', input: commitment({ data: { promiseText: 'x' } }), issues: [['/data/promiseText', 'UNKNOWN_FIELD']] },
    { name: 'region outside the department', input: commitment({ data: { regionCode: '320106' } }), issues: [['/data/regionCode', 'REGION_OUT_OF_SCOPE']] },
    { name: 'another department as data source', input: commitment({ data: { dataSourceName: '某局', dataSourceUscc: '11320723MB7654321G' } }), issues: [['/data/dataSourceUscc', 'DATA_SOURCE_MISMATCH']] },
  ],
};

