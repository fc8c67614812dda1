// Writes the demo's canonical-JSON samples from the test record factory (run once; output is committed).
import { writeFileSync } from 'node:fs';
import { licence, penalty } from '../test/records.ts';

const dir = new URL('../samples/county-safety-bureau/', import.meta.url);
const w = (name: string, records: unknown[]) => writeFileSync(new URL(name, dir), `${JSON.stringify({ records }, null, 2)}\n`);

w('01-penalties.json', [
  penalty(0),
  penalty(1, { data: { penaltyCategories: ['警告', '罚款'], fineAmountWan: '0.5', penaltyContent: '警告，并处罚款5000元' } }),
  penalty(2, { data: { penaltyCategories: ['罚款；责令停产停业'], fineAmountWan: '12.5', penaltyContent: '罚款12.5万元，责令停产停业整顿' } }),
  // Invalid: USCC check character wrong.
  penalty(3, { subject: { uscc: '91320723MA2LM3N5P4' } }),
  // Invalid: fine present but no 罚款 category.
  penalty(4, { data: { penaltyCategories: ['警告'], fineAmountWan: '1', penaltyContent: '警告' } }),
  // Invalid: decision date in the future.
  penalty(5, { data: { decisionDate: '2099-01-01', penaltyValidUntil: '2099-06-01' } }),
  // A natural person, with a valid resident ID (masked wherever shown).
  penalty(6, {
    subject: { name: '张伟', category: 'NATURAL_PERSON', uscc: undefined, legalRep: undefined, idType: '身份证', idNo: '11010519491231002X' },
    data: { violationType: '特种作业人员未持证上岗', penaltyContent: '罚款人民币3000元', fineAmountWan: '0.3' },
  }),
  // Accepted by the gateway (pilot code on the exception list), rejected by the platform's own check.
  penalty(7, { subject: { uscc: '91350211M0000XUF46', name: '厦门某贸易有限公司' } }),
]);
w('02-licences.json', [
  licence(0),
  licence(1, { data: { validTo: '长期', licenceCategory: '登记', decisionDocName: '安全生产标准化等级证书', certificateName: '安全生产标准化证书' } }),
  licence(2, { data: { validTo: '2099-12-31' } }),
  // Invalid: region outside the department's scope (320106 is in Nanjing).
  licence(3, { data: { regionCode: '320106' } }),
  // Invalid: missing the decision document name.
  licence(4, { data: { decisionDocName: undefined } }),
]);
// Resubmission: two unchanged, one corrected (a new version supersedes the old).
w('03-resubmission.json', [
  penalty(0),
  licence(0),
  penalty(1, { data: { penaltyCategories: ['警告', '罚款'], fineAmountWan: '0.8', penaltyContent: '警告，并处罚款8000元' } }),
]);
