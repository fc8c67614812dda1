import { describe, expect, it } from 'vitest';
import { readEnvelope, readParties, subjectKey } from './envelope.ts';
import { jsonField, lookupKey, RecordDraft, ValueTable, type FieldValue } from './record-draft.ts';
import { readSubject } from './subject.ts';

const draft = (fields: Record<string, unknown>, labels: Record<string, string> = {}) =>
  new RecordDraft(new Map(Object.entries(fields).map(([k, x]) => [k, jsonField(x)])), new Map(Object.entries(labels)));

describe('jsonField', () => {
  it.each<[unknown, FieldValue]>([
    ['a', { texts: ['a'], nested: false }],
    [2000, { texts: ['2000'], nested: false }],
    [320722197803158286, { texts: ['320722197803158300'], nested: false }],
    [true, { texts: ['true'], nested: false }],
    [null, { texts: [], nested: false }],
    [['罚款', '警告', null], { texts: ['罚款', '警告'], nested: false }],
    [[{ a: 1 }], { texts: [], nested: true }],
    [{ a: 1 }, { texts: [], nested: true }],
  ])('%j → %j', (value, field) => {
    expect(jsonField(value)).toEqual(field);
  });
});

describe('ValueTable', () => {
  const t = new ValueTable({ 拖欠工资: 'WAGE', 'A级': 'A' }, ['拖欠工资']);
  it('matches after NFKC, without spaces, in upper case', () => {
    expect(t.get(' 拖欠 工资 ')).toBe('WAGE');
    expect(t.get('ａ级')).toBe('A');
    expect(t.get('toString')).toBeUndefined();
    expect(lookupKey('ａ b')).toBe('AB');
  });
});

describe('RecordDraft readers', () => {
  it('set values with the department label as source field, or report it', () => {
    const d = draft(
      { '/data/a': '2024年3月5日', '/data/b': '2,000元', '/data/c': '3人', '/data/d': '是', '/data/e': '2024年度', '/data/f': '两千', '/data/g': '无', '/data/h': { x: 1 } },
      { '/data/a': '决定日期', '/data/f': '罚款金额', '/data/h': '承诺内容' },
    );
    expect(d.date('/data/a', 'reject')).toBe('2024-03-05');
    expect(d.amountWan('/data/b', '元')).toBe('0.2');
    expect(d.count('/data/c')).toBe(3);
    expect(d.bool('/data/d')).toBe(true);
    expect(d.year('/data/e')).toBe(2024);
    expect(d.amountYuan('/data/f', '元')).toBeUndefined();
    expect(d.text('/data/g')).toBeUndefined();
    expect(d.text('/data/h')).toBeUndefined();
    expect(d.root.data).toEqual({ a: '2024-03-05', b: '0.2', c: 3, d: true, e: 2024 });
    expect(d.sourceFields['/data/a']).toBe('决定日期');
    expect(d.issues).toEqual([
      { path: '/data/f', code: 'AMOUNT_YUAN_FORMAT', sourceField: '罚款金额', params: { value: '两千' } },
      { path: '/data/h', code: 'TYPE_MISMATCH', sourceField: '承诺内容', params: { expected: 'text' } },
    ]);
  });

  it('permanent dates follow the mode', () => {
    const d = draft({ a: '长期', b: '2099/12/31', c: '永久' });
    expect(d.date('/data/a', 'null', 'a')).toBeNull();
    expect(d.date('/data/b', 'far-date', 'b')).toBe('2099-12-31');
    expect(d.date('/data/c', 'reject', 'c')).toBeUndefined();
    expect(d.issues.map((i) => i.code)).toEqual(['DATE_FORMAT']);
  });

  it('codes: normalised, placeholders dropped, Excel damage reported', () => {
    const d = draft({ '/subject/uscc': '９１３２０７２２ｍａｌ９ｋｙｍｌ５ｄ', '/subject/orgCode': '00000000-0', '/subject/idNo': '5.10104E+17' });
    expect(d.code('/subject/uscc')).toBe('91320722MAL9KYML5D');
    expect(d.code('/subject/orgCode')).toBeUndefined();
    expect(d.code('/subject/idNo')).toBeUndefined();
    expect(d.issues.map((i) => i.code)).toEqual(['EXCEL_DAMAGED']);
  });

  it('a field given twice with different values is FORMAT; the same value twice is fine', () => {
    const d = new RecordDraft(new Map([['/data/a', { texts: ['1', '2'], nested: false }], ['/data/b', { texts: ['x', 'x'], nested: false }]]));
    expect(d.text('/data/a')).toBeUndefined();
    expect(d.text('/data/b')).toBe('x');
    expect(d.issues).toEqual([{ path: '/data/a', code: 'FORMAT', sourceField: '/data/a', params: { value: '1 | 2' } }]);
  });

  it('lookup and list report ENUM with the allowed values', () => {
    const t = new ValueTable({ 养老: '基本养老保险', 医疗: '基本医疗保险', 工伤: '工伤保险' }, ['基本养老保险', '基本医疗保险', '工伤保险']);
    const d = draft({ '/data/a': '养老、医疗；工伤,养老', '/data/b': '住房公积金', '/data/c': '医疗' });
    expect(d.list('/data/a', t)).toEqual(['基本养老保险', '基本医疗保险', '工伤保险']);
    expect(d.list('/data/b', t)).toBeUndefined();
    expect(d.lookup('/data/c', t)).toBe('基本医疗保险');
    expect(d.issues).toEqual([{ path: '/data/b', code: 'ENUM', sourceField: '/data/b', params: { value: '住房公积金', allowed: t.allowed } }]);
  });

  it('derives a record id from normalised natural-key parts, only when all are present', () => {
    const d = draft({ '/subject/uscc': '91320722MAL9KYML5D', '/data/year': '2024年度' }, { '/subject/uscc': '统一社会信用代码', '/data/year': '评定年度' });
    const uscc = d.code('/subject/uscc');
    const year = d.year('/data/year');
    d.deriveSourceRecordId([['/subject/uscc', uscc], ['/data/year', year]]);
    expect(d.get('/sourceRecordId')).toBe('91320722MAL9KYML5D|2024');
    expect(d.sourceFields['/sourceRecordId']).toBe('统一社会信用代码+评定年度');
    const e = draft({});
    e.deriveSourceRecordId([['/subject/uscc', 'X'], ['/data/year', undefined]]);
    expect(e.get('/sourceRecordId')).toBeUndefined();
    const f = draft({ '/sourceRecordId': 'R-1' });
    f.text('/sourceRecordId');
    f.deriveSourceRecordId([['/subject/uscc', 'X']]);
    expect(f.get('/sourceRecordId')).toBe('R-1');
    const long = draft({});
    long.deriveSourceRecordId([['a', 'x'.repeat(200)]]);
    expect(long.get('/sourceRecordId')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('finish orders keys and drops undefined members', () => {
    const d = draft({ '/data/b': 'b', '/data/a': 'a', '/subject/name': '某公司' });
    d.text('/data/b');
    d.text('/data/a');
    d.text('/subject/name');
    d.set('/operation', 'upsert');
    const { record } = d.finish('accident', { subject: ['name'], data: ['a', 'b'] });
    expect(Object.keys(record)).toEqual(['recordType', 'operation', 'subject', 'data']);
    expect(Object.keys(record.data as object)).toEqual(['a', 'b']);
  });
});

describe('readSubject', () => {
  const subject = (fields: Record<string, unknown>) => {
    const d = draft(fields);
    readSubject(d);
    return { subject: d.root.subject, issues: d.issues };
  };
  it('infers the category from the identifiers when none is given', () => {
    expect(subject({ '/subject/name': '某店', '/subject/uscc': '92320722MA1X7K2P3W' }).subject.category).toBe('INDIVIDUAL_BIZ');
    expect(subject({ '/subject/name': '某公司', '/subject/uscc': '91320722MAL9KYML5D' }).subject.category).toBe('LEGAL_ORG');
    expect(subject({ '/subject/name': '张三', '/subject/idNo': '32072219830412107x' }).subject).toEqual({ name: '张三', category: 'NATURAL_PERSON', idNo: '32072219830412107X', idType: '身份证' });
    expect(subject({ '/subject/name': '某公司' }).subject.category).toBe('LEGAL_ORG');
  });
  it("puts an organisation's 证件号码 on its legal representative", () => {
    const s = subject({ '/subject/name': '某公司', '/subject/uscc': '91320722MAL9KYML5D', '/subject/legalRep/name': '王海波', '/subject/idNo': '32072219830412107X' }).subject;
    expect(s.legalRep).toEqual({ name: '王海波', idNo: '32072219830412107X', idType: '身份证' });
    expect(s.idNo).toBeUndefined();
  });
  it('keeps a given 证件类型 and reports an unknown 主体类别', () => {
    expect(subject({ '/subject/name': 'John', '/subject/category': '自然人', '/subject/idType': '护照号', '/subject/idNo': 'E12345678' }).subject).toMatchObject({ idType: '护照号', idNo: 'E12345678' });
    expect(subject({ '/subject/name': '某公司', '/subject/category': '企业' }).issues).toEqual([
      { path: '/subject/category', code: 'ENUM', sourceField: '/subject/category', params: { value: '企业', allowed: ['法人及非法人组织', '自然人', '个体工商户'] } },
    ]);
  });
  it('reports an Excel-damaged ID number and places nothing', () => {
    const r = subject({ '/subject/name': '张三', '/subject/category': '自然人', '/subject/idNo': 320722197803158286 });
    expect(r.issues.map((i) => i.code)).toEqual(['EXCEL_DAMAGED']);
    expect(r.subject.idNo).toBeUndefined();
  });
});

describe('readEnvelope, readParties, subjectKey', () => {
  const ds = { name: '东海县应急管理局', uscc: '11320722MB0246813L' };
  it('maps the operation, defaulting to upsert; refuses an unknown one', () => {
    const a = draft({ '/operation': '撤销' });
    readEnvelope(a);
    expect(a.root.operation).toBe('revoke');
    const b = draft({});
    readEnvelope(b);
    expect(b.root.operation).toBe('upsert');
    const c = draft({ '/operation': '作废' });
    readEnvelope(c);
    expect(c.issues.map((i) => i.code)).toEqual(['OPERATION_INVALID']);
  });
  it("fills the data source from the department, and the authority's USCC when the authority is the department", () => {
    const d = draft({ '/data/authorityName': '东海县应急管理局 ' });
    readParties(d, ds, { name: '/data/authorityName', uscc: '/data/authorityUscc' });
    expect(d.root.data).toEqual({ authorityName: '东海县应急管理局', authorityUscc: ds.uscc, dataSourceName: ds.name, dataSourceUscc: ds.uscc });
    const other = draft({ '/data/authorityName': '连云港市应急管理局' });
    readParties(other, ds, { name: '/data/authorityName', uscc: '/data/authorityUscc' });
    expect(other.root.data.authorityUscc).toBeUndefined();
  });
  it('subjectKey prefers the USCC, then legacy codes, the ID, the name', () => {
    const d = draft({ '/subject/name': '张三', '/subject/idNo': 'X1' });
    d.text('/subject/name');
    expect(subjectKey(d)).toEqual(['/subject/name', '张三']);
    d.set('/subject/idNo', 'X1');
    expect(subjectKey(d)).toEqual(['/subject/idNo', 'X1']);
  });
});
