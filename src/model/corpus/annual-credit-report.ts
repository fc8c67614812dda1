import { builder, COMPANY, type TypeCorpus } from './fixtures.ts';

const SHA_2025 = '4323255bb8aa215d061c73b2cc293c40c424afad2b1227c1b037e3c6e5e747a4';
const SHA_2026 = '525ca6befccd79a98acc15724bf6a894373ac3da28c4c45cc8d883b8f85d22a1';

const report = builder({
  recordType: 'annual-credit-report',
  sourceRecordId: 'BG-2025-0042',
  subject: COMPANY,
  data: { year: 2025, fileSha256: SHA_2025, fileName: '2025年度安全生产诚信报告.pdf', submittedAt: '2025-12-26', reviewStatus: 'ACCEPTED' },
});

export const annualCreditReport: TypeCorpus = {
  type: 'annual-credit-report',
  valid: [
    { name: 'the 2025 report made before the year ends', input: report(), data: { regionCode: '320723' } },
    { name: 'a late report, the digest in capitals is folded', input: report({ data: { submittedAt: '2026-01-15', reviewStatus: 'PENDING', fileSha256: SHA_2025.toUpperCase() } }), data: { fileSha256: SHA_2025 } },
    { name: 'this year\'s report, no file name, no review yet', input: report({ sourceRecordId: 'BG-2026-0042', data: { year: 2026, fileSha256: SHA_2026, submittedAt: '2026-11-20', fileName: undefined, reviewStatus: undefined } }) },
    { name: 'revoke', input: { recordType: 'annual-credit-report', operation: 'revoke', sourceRecordId: 'BG-2025-0042', subject: COMPANY, data: {} } },
  ],
  invalid: [
    { name: 'no sourceRecordId', input: report({ sourceRecordId: undefined }), issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: 'a year not yet begun: also submitted before it', input: report({ data: { year: 2027, submittedAt: '2026-11-20' } }), issues: [['/data/year', 'DATE_IN_FUTURE'], ['/data/submittedAt', 'DATE_ORDER']] },
    { name: 'submitted before the year it reports on', input: report({ data: { submittedAt: '2024-12-30' } }), issues: [['/data/submittedAt', 'DATE_ORDER']] },
    { name: 'submitted in the future', input: report({ data: { submittedAt: '2026-12-30' } }), issues: [['/data/submittedAt', 'DATE_IN_FUTURE']] },
    { name: 'digest one character short', input: report({ data: { fileSha256: SHA_2025.slice(1) } }), issues: [['/data/fileSha256', 'FORMAT']] },
    { name: 'no digest', input: report({ data: { fileSha256: undefined } }), issues: [['/data/fileSha256', 'REQUIRED']] },
    { name: 'unknown review status', input: report({ data: { reviewStatus: 'OK' } }), issues: [['/data/reviewStatus', 'ENUM']] },
    { name: 'year as text', input: report({ data: { year: '2025年' } }), issues: [['/data/year', 'TYPE_MISMATCH']] },
    { name: 'a year after 2100', input: report({ data: { year: 2101 } }), issues: [['/data/year', 'NUMBER_RANGE']] },
  ],
};
