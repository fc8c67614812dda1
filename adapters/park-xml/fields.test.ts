import { describe, expect, it } from 'vitest';
import type { AdapterContext } from '../types.ts';
import { parseParkXml } from './index.ts';

const PARK = { name: '灌云县化工园区管理委员会', uscc: '11320723MB7654321G' };
const ctx: AdapterContext = { departmentId: 'chemical-park', dataSource: PARK, query: {} };
const el = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `<${k}>${v}</${k}>`).join('');
const run = (tag: 'XZCF' | 'XZXK', f: Record<string, string>) => parseParkXml(`<DataPackage><Body><${tag}>${el(f)}</${tag}></Body></DataPackage>`, ctx).records[0]!;
type Rec = { operation?: string; subject: Record<string, unknown>; data: Record<string, unknown> };
const rec = (r: { record?: unknown }) => r.record as Rec;

describe('park-xml field mapping: values', () => {
  it.each([
    ['CF_JDRQ', '2019-02-30', '/data/decisionDate'],
    ['CF_JDRQ', '长期', '/data/decisionDate'],
    ['CF_YXQ', '明年', '/data/penaltyValidUntil'],
    ['CF_GSJZQ', '永久', '/data/publicityEndDate'],
  ])('%s=%s → DATE_FORMAT at %s', (code, value, path) => {
    const r = run('XZCF', { [code]: value });
    expect(r.issues).toEqual([{ path, code: 'DATE_FORMAT', sourceField: code, params: { value } }]);
  });

  it('reads dates in every supported form and maps 长期 per field', () => {
    const r = run('XZCF', { CF_JDRQ: '２０１９年３月５日', CF_YXQ: '长期', CF_GSJZQ: '43895' });
    expect(rec(r).data).toMatchObject({ decisionDate: '2019-03-05', penaltyValidUntil: '2099-12-31', publicityEndDate: '2020-03-05' });
    const l = run('XZXK', { XK_JDRQ: '2019/3/5', XK_YXQZ: '20190305', XK_YXQZI: '2099/12/31' });
    expect(rec(l).data).toMatchObject({ decisionDate: '2019-03-05', validFrom: '2019-03-05', validTo: null });
  });

  it('converts amounts in 万元 exactly, honouring an explicit unit', () => {
    const r = run('XZCF', { CF_NR_FK: '２０００元', CF_NR_WFFF: '0.050' });
    expect(rec(r).data).toMatchObject({ fineAmountWan: '0.2', confiscationAmountWan: '0.05' });
    expect(run('XZCF', { CF_NR_FK: '-1' }).issues).toEqual([{ path: '/data/fineAmountWan', code: 'AMOUNT_FORMAT', sourceField: 'CF_NR_FK', params: { value: '-1' } }]);
  });

  it('flags Excel-damaged codes and normalises the rest', () => {
    const r = run('XZCF', { CF_XDR_SHXYM: '9.13207E+17', CF_XDR_ZZJG: '６９５４２１８６－３', CF_FR_ZJHM: '32072319780923301x' });
    expect(r.issues).toEqual([{ path: '/subject/uscc', code: 'EXCEL_DAMAGED', sourceField: 'CF_XDR_SHXYM', params: { value: '9.13207E+17' } }]);
    expect(rec(r).subject).toMatchObject({ orgCode: '695421863', legalRep: { idNo: '32072319780923301X' } });
  });

  it('drops placeholders and strips Excel apostrophes, keeps names as registered', () => {
    const r = run('XZCF', { CF_XDR_MC: ' 江苏海源化学（连云港）有限公司 ', CF_XDR_SHXYM: "'91320723746831206C", CF_XDR_GSZC: '/', BZ: '无', CF_NR_ZKDX: 'NULL' });
    expect(rec(r).subject).toEqual({ name: '江苏海源化学（连云港）有限公司', category: 'LEGAL_ORG', uscc: '91320723746831206C' });
    expect(rec(r).data).not.toHaveProperty('remarks');
    expect(rec(r).data).not.toHaveProperty('licenceActionDesc');
  });

  it.each([
    ['CF_ZT', '1', 'status', 'REVOKED'],
    ['CF_ZT', '异议', 'status', 'OBJECTION'],
    ['CF_SXYZCD', '3', 'severity', 'SERIOUS'],
    ['CF_SYFW', '2', 'usageScope', 'AUTHORIZED_QUERY'],
  ])('%s=%s → %s %s', (code, value, key, out) => {
    expect(rec(run('XZCF', { [code]: value })).data[key]).toBe(out);
  });

  it('reports unknown coded values as ENUM with the accepted values', () => {
    const r = run('XZXK', { XK_ZT: '2', XK_XDR_LB: '3' });
    expect(r.issues.map((i) => [i.path, i.code, i.sourceField])).toEqual([
      ['/subject/category', 'ENUM', 'XK_XDR_LB'],
      ['/data/status', 'ENUM', 'XK_ZT'],
    ]);
  });

  it.each([
    ['新增', 'upsert'], ['更新', 'upsert'], ['UPSERT', 'upsert'], ['撤销', 'revoke'], ['删除', 'revoke'], ['Revoke', 'revoke'],
  ])('Operation %s → %s', (value, op) => {
    expect(rec(run('XZCF', { Operation: value })).operation).toBe(op);
  });

  it('reports a field repeated with different values, accepts identical repeats', () => {
    const r = parseParkXml('<DataPackage><Body><XZCF><CF_WSH>a</CF_WSH><CF_WSH>b</CF_WSH><CF_YJ>x</CF_YJ><CF_YJ>x</CF_YJ></XZCF></Body></DataPackage>', ctx).records[0]!;
    expect(r.issues).toEqual([{ path: '/data/decisionNo', code: 'FORMAT', sourceField: 'CF_WSH', params: { value: 'a | b' } }]);
    expect(rec(r).data.legalBasis).toBe('x');
  });

  it('reports an unknown Operation and a field holding elements', () => {
    const r = parseParkXml('<DataPackage><Body><XZCF><Operation>作废</Operation><CF_WSH><b>x</b></CF_WSH></XZCF></Body></DataPackage>', ctx).records[0]!;
    expect(r.issues).toEqual([
      { path: '/operation', code: 'OPERATION_INVALID', sourceField: 'Operation', params: { value: '作废' } },
      { path: '/data/decisionNo', code: 'TYPE_MISMATCH', sourceField: 'CF_WSH', params: { expected: 'text' } },
    ]);
  });
});

describe('park-xml field mapping: subject', () => {
  it.each([
    [{ CF_XDR_SHXYM: '92320723MA1R8L6P73' }, 'INDIVIDUAL_BIZ'],
    [{ CF_XDR_SHXYM: '91320723746831206C' }, 'LEGAL_ORG'],
    [{ CF_XDR_ZDM: '69542186-3' }, 'LEGAL_ORG'],
    [{ CF_XDR_GSDJ: '320723000123456' }, 'LEGAL_ORG'],
    [{ CF_XDR_SFZ: '320723196804173017' }, 'NATURAL_PERSON'],
    [{ CF_XDR_ZJHM: '320723196804173017' }, 'NATURAL_PERSON'],
    [{ CF_XDR_SHXYM: '92320723MA1R8L6P73', CF_XDR_LB: '法人及非法人组织' }, 'LEGAL_ORG'],
    [{ CF_XDR_LB: '２' }, 'NATURAL_PERSON'],
  ])('category from %j → %s', (fields, category) => {
    expect(rec(run('XZCF', fields)).subject.category).toBe(category);
  });

  it('leaves the category out when nothing tells it', () => {
    expect(rec(run('XZCF', { CF_XDR_MC: '某人' })).subject).toEqual({ name: '某人' });
  });

  it('puts a 2016 *_XDR_SFZ on the legal representative of an organisation, on the person otherwise', () => {
    const org = rec(run('XZXK', { XK_XDR: '某公司', XK_XDR_SHXYM: '91320723746831206C', XK_FR: '刘海波', XK_XDR_SFZ: '320723197211083010' }));
    expect(org.subject).toEqual({ name: '某公司', category: 'LEGAL_ORG', uscc: '91320723746831206C', legalRep: { name: '刘海波', idType: '身份证', idNo: '320723197211083010' } });
    const person = rec(run('XZCF', { CF_XDR_MC: '吴永福', CF_XDR_SFZ: '320723196804173017' }));
    expect(person.subject).toEqual({ name: '吴永福', category: 'NATURAL_PERSON', idType: '身份证', idNo: '320723196804173017' });
    const passport = rec(run('XZCF', { CF_XDR_MC: 'John Smith', CF_XDR_LB: '自然人', CF_XDR_SFZ: 'E12345678' }));
    expect(passport.subject).toEqual({ name: 'John Smith', category: 'NATURAL_PERSON', idNo: 'E12345678' });
  });

  it('prefers 2021 codes over the 2016 ones', () => {
    const r = rec(run('XZCF', { CF_XDR: '旧名', CF_XDR_MC: '新名', CF_FR: '旧', CF_FRDB: '新', CF_WFXW: '类型', CF_CFMC: '名称', CF_NR: '内容', CF_JG: '结果' }));
    expect(r.subject).toMatchObject({ name: '新名', legalRep: { name: '新' } });
    expect(r.data).toMatchObject({ violationType: '类型', penaltyContent: '内容' });
  });
});

describe('park-xml field mapping: penalty and licence specifics', () => {
  it('joins categories from CF_CFLB, or from CF_CFLB1 and CF_CFLB2 with legacy numeric codes', () => {
    expect(rec(run('XZCF', { CF_CFLB: '罚款；责令停产停业' })).data.penaltyCategories).toEqual(['罚款', '责令停产停业']);
    const legacy = run('XZCF', { CF_CFLB1: '1', CF_CFLB2: '2' });
    expect(rec(legacy).data.penaltyCategories).toEqual(['罚款', '没收违法所得、没收非法财物']);
    expect(legacy.sourceFields?.['/data/penaltyCategories']).toBe('CF_CFLB1+CF_CFLB2');
    expect(rec(run('XZCF', { CF_CFLB: '1' })).data.penaltyCategories).toEqual(['1']);
  });

  it('fills the data source from the department when the element has none, keeps it otherwise', () => {
    expect(rec(run('XZCF', {})).data).toEqual({ dataSourceName: PARK.name, dataSourceUscc: PARK.uscc });
    const own = rec(run('XZXK', { XK_LYDW: '灌云县应急管理局', XK_LYDWDM: '11320723MB1234567K' })).data;
    expect(own).toEqual({ dataSourceName: '灌云县应急管理局', dataSourceUscc: '11320723MB1234567K' });
  });

  it('takes the authority USCC from the department only when the authority is the department', () => {
    expect(rec(run('XZCF', { CF_XZJG: '灌云县化工园区管理委员会' })).data.authorityUscc).toBe(PARK.uscc);
    expect(rec(run('XZCF', { CF_XZJG: '灌云县应急管理局' })).data.authorityUscc).toBeUndefined();
    expect(rec(run('XZCF', { CF_CFJG: '灌云县化工园区管理委员会', CF_CFJGDM: '11320723MB0000000X' })).data.authorityUscc).toBe('11320723MB0000000X');
  });

  it.each([
    ['特许', { licenceCategory: '特许' }],
    ['其他', { licenceCategory: '其他' }],
    ['其他-备案', { licenceCategory: '其他', categoryOther: '备案' }],
    ['其他（备案）', { licenceCategory: '其他', categoryOther: '备案' }],
    ['其它', { licenceCategory: '其它' }],
  ])('licence category %s', (value, expected) => {
    const d = rec(run('XZXK', { XK_XKLB: value })).data;
    expect({ licenceCategory: d.licenceCategory, ...(d.categoryOther ? { categoryOther: d.categoryOther } : {}) }).toEqual(expected);
  });

  it('uses XK_JDRQ as validFrom only for 2016-style records (no XK_YXQZ/XK_YXQZI at all)', () => {
    expect(rec(run('XZXK', { XK_JDRQ: '2019/06/01', XK_JZQ: '2022/05/31' })).data).toMatchObject({ validFrom: '2019-06-01', validTo: '2022-05-31' });
    expect(rec(run('XZXK', { XK_JDRQ: '2019/06/01', XK_YXQZI: '2022/05/31' })).data).not.toHaveProperty('validFrom');
  });

  it('falls back to 许可编号 when there is no 文书号', () => {
    const r = run('XZXK', { XK_XKBH: '苏连灌危化经字〔2024〕000021' });
    expect(rec(r).data).toMatchObject({ decisionDocNo: '苏连灌危化经字〔2024〕000021', licenceNo: '苏连灌危化经字〔2024〕000021' });
    expect(r.sourceFields?.['/data/decisionDocNo']).toBe('XK_XKBH');
  });
});
