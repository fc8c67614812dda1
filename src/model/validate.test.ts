import { describe, expect, it } from 'vitest';
import { validateRecord, type ValidationContext } from './validate.ts';
import { penalty, licence } from '../../test/records.ts';

const scope = { recordTypes: ['administrative-penalty', 'administrative-license'], regionPrefixes: ['3207'], dataSource: { name: '灌云县应急管理局', uscc: '11320723MB1234567K' }, defaultRegionCode: '320723' };
const ctx: ValidationContext = { today: '2026-11-27', usccExceptions: new Set(['91350211M0000XUF46']), scope };

function codes(input: unknown, c: ValidationContext = ctx): Array<[string, string]> {
  const r = validateRecord(input, c);
  return r.ok ? [] : r.issues.map((i) => [i.path, i.code]);
}

describe('validateRecord: valid records', () => {
  it('accepts a penalty and fills data source and region from the department', () => {
    const r = validateRecord(penalty(0), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.data.dataSourceUscc).toBe('11320723MB1234567K');
    expect(r.record.data.regionCode).toBe('320723');
    expect(r.version).toMatch(/^[0-9a-f]{64}$/);
    expect(r.recordId).toMatch(/^[0-9a-f-]{36}$/);
  });
  it('accepts a licence; 2099-12-31 and 长期 mean no end', () => {
    const a = validateRecord(licence(0, { data: { validTo: '2099-12-31' } }), ctx);
    const b = validateRecord(licence(0, { data: { validTo: '长期' } }), ctx);
    expect(a.ok && a.record.recordType === 'administrative-license' && a.record.data.validTo).toBe(null);
    expect(b.ok && b.version).toBe(a.ok && a.version);
  });
  it('gives the same id and version for the same content, whatever the key order or code case', () => {
    const p = penalty(1);
    const q = JSON.parse(JSON.stringify(p));
    (q.subject as Record<string, string>).uscc = ' 91320723ma1abc456u ';
    const a = validateRecord(p, ctx);
    const b = validateRecord({ data: q.data, subject: q.subject, recordType: q.recordType }, ctx);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(b.recordId).toBe(a.recordId);
      expect(b.version).toBe(a.version);
    }
  });
  it('maps legacy penalty categories onto the 2021 list', () => {
    const r = validateRecord(penalty(0, { data: { penaltyCategories: ['罚款；责令停产'] } }), ctx);
    expect(r.ok && r.record.recordType === 'administrative-penalty' && r.record.data.penaltyCategories).toEqual(['罚款', '责令停产停业']);
  });
  it('accepts a pilot USCC from the exception list with a USCC_CHECKSUM warning', () => {
    const r = validateRecord(penalty(0, { subject: { uscc: '91350211M0000XUF46' } }), ctx);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['USCC_CHECKSUM']);
  });
  it('a revoke needs only the key fields', () => {
    const r = validateRecord({ recordType: 'administrative-penalty', operation: 'revoke', subject: { name: 'x', category: 'LEGAL_ORG', uscc: '91320723MA1XYW1236' }, data: { decisionNo: '灌应急罚〔2026〕1号', authorityUscc: '11320723MB1234567K' } }, ctx);
    expect(r.ok).toBe(true);
  });
});

describe('validateRecord: each rule has its code and path', () => {
  const cases: Array<[string, unknown, Array<[string, string]>]> = [
    ['not an object', 'x', [['', 'RECORD_NOT_OBJECT']]],
    ['unknown record type', { recordType: 'x' }, [['/recordType', 'RECORD_TYPE_UNKNOWN']]],
    ['bad operation', { ...penalty(0), operation: 'delete' }, [['/operation', 'OPERATION_INVALID']]],
    ['missing required field', penalty(0, { data: { decisionNo: undefined } }), [['/data/decisionNo', 'REQUIRED']]],
    ['empty required field', penalty(0, { data: { violationFacts: '' } }), [['/data/violationFacts', 'REQUIRED']]],
    ['unknown field', penalty(0, { data: { fine: '1' } }), [['/data/fine', 'UNKNOWN_FIELD']]],
    ['wrong type', penalty(0, { data: { fineAmountWan: 2 } }), [['/data/fineAmountWan', 'TYPE_MISMATCH']]],
    ['bad date', penalty(0, { data: { decisionDate: '2026-02-30' } }), [['/data/decisionDate', 'DATE_FORMAT']]],
    ['future decision date', penalty(0, { data: { decisionDate: '2026-11-28', penaltyValidUntil: '2027-11-28' } }), [['/data/decisionDate', 'DATE_IN_FUTURE']]],
    ['date before 1949', penalty(0, { data: { decisionDate: '1948-01-01' } }), [['/data/decisionDate', 'DATE_TOO_EARLY']]],
    ['valid-until before decision', penalty(0, { data: { penaltyValidUntil: '2026-01-01' } }), [['/data/penaltyValidUntil', 'DATE_ORDER']]],
    ['amount with 7 places', penalty(0, { data: { fineAmountWan: '0.1234567' } }), [['/data/fineAmountWan', 'AMOUNT_FORMAT']]],
    ['negative amount', penalty(0, { data: { fineAmountWan: '-1' } }), [['/data/fineAmountWan', 'AMOUNT_FORMAT']]],
    ['fine without 罚款', penalty(0, { data: { penaltyCategories: ['警告'] } }), [['/data/fineAmountWan', 'FINE_WITHOUT_CATEGORY']]],
    ['罚款 without fine', penalty(0, { data: { fineAmountWan: undefined } }), [['/data/fineAmountWan', 'FINE_MISSING']]],
    ['confiscation without category', penalty(0, { data: { confiscationAmountWan: '1' } }), [['/data/confiscationAmountWan', 'CONFISCATION_WITHOUT_CATEGORY']]],
    ['unknown category', penalty(0, { data: { penaltyCategories: ['罚款', '通报表扬'] } }), [['/data/penaltyCategories/1', 'PENALTY_CATEGORY_UNKNOWN']]],
    ['USCC checksum', penalty(0, { subject: { uscc: '91320723MA1XYW1237' } }), [['/subject/uscc', 'USCC_CHECKSUM']]],
    ['USCC format', penalty(0, { subject: { uscc: '91320723MA1XYW12' } }), [['/subject/uscc', 'USCC_FORMAT']]],
    ['USCC damaged by Excel', penalty(0, { subject: { uscc: '9.13207E+17' } }), [['/subject/uscc', 'EXCEL_DAMAGED']]],
    ['authority USCC checksum', penalty(0, { data: { authorityUscc: '11320723MB1234567A' } }), [['/data/authorityUscc', 'USCC_CHECKSUM']]],
    ['org code', penalty(0, { subject: { orgCode: '60003734-2' } }), [['/subject/orgCode', 'ORG_CODE_INVALID']]],
    ['reg no', penalty(0, { subject: { regNo: '110108000000017' } }), [['/subject/regNo', 'REG_NO_INVALID']]],
    ['organisation without any code', penalty(0, { subject: { uscc: undefined } }), [['/subject/uscc', 'SUBJECT_ID_REQUIRED']]],
    ['organisation without legal rep', penalty(0, { subject: { legalRep: undefined } }), [['/subject/legalRep', 'LEGAL_REP_REQUIRED']]],
    ['natural person without ID', penalty(0, { subject: { category: 'NATURAL_PERSON', uscc: undefined, legalRep: undefined, name: '张三' } }), [['/subject/idType', 'ID_NUMBER_REQUIRED']]],
    ['natural person with bad ID', penalty(0, { subject: { category: 'NATURAL_PERSON', uscc: undefined, legalRep: undefined, name: '张三', idType: '身份证', idNo: '110105194912310021' } }), [['/subject/idNo', 'ID_NUMBER_INVALID']]],
    ['bad ID type', penalty(0, { subject: { category: 'NATURAL_PERSON', uscc: undefined, legalRep: undefined, name: '张三', idType: '驾照', idNo: 'X1' } }), [['/subject/idType', 'ENUM']]],
    ['bad subject category', penalty(0, { subject: { category: 'COMPANY' } }), [['/subject/category', 'ENUM']]],
    ['bad licence category', licence(0, { data: { licenceCategory: '特殊' } }), [['/data/licenceCategory', 'LICENCE_CATEGORY_UNKNOWN']]],
    ['licence validTo before validFrom', licence(0, { data: { validTo: '2025-01-01' } }), [['/data/validTo', 'DATE_ORDER']]],
    ['name too long', penalty(0, { subject: { name: '某'.repeat(201) } }), [['/subject/name', 'MAX_LENGTH']]],
    ['region code malformed', penalty(0, { data: { regionCode: '32072' } }), [['/data/regionCode', 'REGION_CODE_INVALID']]],
    ['region code of no province', penalty(0, { data: { regionCode: '990723' } }), [['/data/regionCode', 'REGION_CODE_INVALID'], ['/data/regionCode', 'REGION_OUT_OF_SCOPE']]],
    ['region outside the department', penalty(0, { data: { regionCode: '320106' } }), [['/data/regionCode', 'REGION_OUT_OF_SCOPE']]],
    ['another department as data source', penalty(0, { data: { dataSourceName: '某局', dataSourceUscc: '11320723MB7654321G' } }), [['/data/dataSourceUscc', 'DATA_SOURCE_MISMATCH']]],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });
  it('record type outside the department scope', () => {
    expect(codes(penalty(0), { ...ctx, scope: { ...scope, recordTypes: ['administrative-license'] } })).toEqual([['/recordType', 'RECORD_TYPE_NOT_ALLOWED']]);
  });
});

describe('fine amount cross-checks warn, never reject', () => {
  const warn = (data: Record<string, unknown>) => {
    const r = validateRecord(penalty(0, { data }), ctx);
    expect(r.ok).toBe(true);
    return r.warnings.map((w) => w.code);
  };
  it('a fine that matches 处罚内容 (元 or 万元) gives no warning', () => {
    expect(warn({ fineAmountWan: '0.2', penaltyContent: '罚款人民币2,000元' })).toEqual([]);
    expect(warn({ fineAmountWan: '2', penaltyContent: '罚款2万元' })).toEqual([]);
    expect(warn({ fineAmountWan: '12.50', penaltyContent: '罚款12.5万元，责令停产停业整顿' })).toEqual([]);
  });
  it('the commonest slip: 元 typed into the 万元 field', () => {
    expect(warn({ fineAmountWan: '2000', penaltyContent: '罚款人民币2000元' })).toEqual(['FINE_AMOUNT_SUSPICIOUS', 'FINE_AMOUNT_CONTENT_MISMATCH']);
  });
  it('a mismatch alone, and nothing said when 处罚内容 names several fines or none', () => {
    expect(warn({ fineAmountWan: '0.3', penaltyContent: '罚款人民币2000元' })).toEqual(['FINE_AMOUNT_CONTENT_MISMATCH']);
    expect(warn({ fineAmountWan: '0.3', penaltyContent: '对公司罚款2000元，对主要负责人罚款1000元' })).toEqual([]);
    expect(warn({ fineAmountWan: '0.3', penaltyContent: '罚款人民币叁仟元整' })).toEqual([]);
  });
});
