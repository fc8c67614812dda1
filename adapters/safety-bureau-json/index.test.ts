import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.ts';
import type { AdaptedRecord, AdapterContext } from '../types.ts';
import { parseSafetyBureauJson } from './index.ts';

const BUREAU = { name: '东海县应急管理局', uscc: '11320722MB0246813L' };
const ctx = (query: Record<string, string> = {}): AdapterContext => ({ departmentId: 'donghai-safety-bureau', dataSource: BUREAU, defaultRegionCode: '320722', query });
const parse = (records: unknown[], query?: Record<string, string>) => parseSafetyBureauJson(JSON.stringify({ 数据: records }), ctx(query)).records;
const one = (record: Record<string, unknown>, query?: Record<string, string>) => parse([record], query)[0]!;
const data = (r: AdaptedRecord) => (r.record as { data: Record<string, unknown> }).data;
const rec = (r: AdaptedRecord) => r.record as Record<string, unknown>;

const PENALTY = {
  记录类型: '行政处罚', 企业名称: '东海县晶达石英制品有限公司', 统一社会信用代码: '91320722MAL9KYML5D', 法定代表人: '王海波', 文书号: '（东）应急罚〔2024〕12号',
  违法行为类型: '未按规定对从业人员进行安全生产教育和培训', 违法事实: '未经培训即上岗作业。', 处罚依据: '《安全生产法》第九十七条', 处罚类别: '罚款',
  处罚内容: '罚款贰万元', 罚款金额: '20,000元', 决定日期: '2024年3月5日', 处罚有效期: '2027年3月4日', 处罚机关: '东海县应急管理局',
};

function thrown(text: string, query?: Record<string, string>): GatewayError {
  try {
    parseSafetyBureauJson(text, ctx(query));
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error('expected a GatewayError');
}

describe('safety-bureau-json: document shape', () => {
  it.each([
    ['[]', 'PAYLOAD_SHAPE', /顶层应为含“数据”数组的对象/],
    ['{"data": []}', 'PAYLOAD_SHAPE', /缺少“数据”数组/],
    ['{"数据": {}}', 'PAYLOAD_SHAPE', /应为数组/],
    ['{"数据": [', 'MALFORMED_JSON', /line 1, column 9/],
  ])('%s → %s', (text, code, reason) => {
    const e = thrown(text);
    expect(e.code).toBe(code);
    expect(String(e.params.reason)).toMatch(reason);
  });

  it('accepts a BOM and a top key written with spaces', () => {
    expect(parseSafetyBureauJson(`\uFEFF{" 数据 ": []}`, ctx()).records).toEqual([]);
  });

  it('numbers records 数据[i] and reports a non-object in place', () => {
    const out = parse([PENALTY, 7]);
    expect(out.map((r) => r.sourceRef)).toEqual(['数据[0]', '数据[1]']);
    expect(out[1]).toEqual({ issues: [{ path: '', code: 'RECORD_NOT_OBJECT', params: { index: 1 } }], sourceRef: '数据[1]' });
  });
});

describe('safety-bureau-json: record type', () => {
  it.each([
    ['行政处罚', 'administrative-penalty'], ['行政许可', 'administrative-license'], ['安全生产承诺', 'safety-commitment'],
    ['生产安全事故', 'accident'], ['诚信等级', 'credit-grade'], [' 诚信 等级 ', 'credit-grade'], ['accident', 'accident'],
  ])('%j → %s', (label, type) => {
    expect(rec(one({ 记录类型: label, 企业名称: '某公司' })).recordType).toBe(type);
  });

  it('names the key as written in the error', () => {
    expect(one({ 数据类型: '表彰' }).issues).toEqual([{ path: '/recordType', code: 'RECORD_TYPE_UNKNOWN', params: { value: '表彰' }, sourceField: '数据类型' }]);
    expect(one({ 企业名称: '某公司' }).issues).toEqual([{ path: '/recordType', code: 'REQUIRED', sourceField: '记录类型' }]);
    expect(one({ 记录类型: { a: 1 } }).issues[0]).toMatchObject({ code: 'TYPE_MISMATCH', sourceField: '记录类型' });
  });

  it('?recordType= stands in for a missing 记录类型, not for a given one', () => {
    expect(rec(one({ 企业名称: '某公司' }, { recordType: '诚信等级' })).recordType).toBe('credit-grade');
    expect(rec(one({ 记录类型: '行政许可' }, { recordType: '诚信等级' })).recordType).toBe('administrative-license');
    expect(thrown('{"数据": []}', { recordType: 'bogus' }).code).toBe('QUERY_INVALID');
  });
});

describe('safety-bureau-json: penalties and licences (信用中国 fields)', () => {
  it('reads a bare amount as 元, a 万元 key as 万元, and quotes the original text in errors', () => {
    expect(data(one({ ...PENALTY, 罚款金额: '8000' })).fineAmountWan).toBe('0.8');
    expect(data(one({ ...PENALTY, 罚款金额: 8000 })).fineAmountWan).toBe('0.8');
    expect(data(one({ ...PENALTY, 罚款金额: '0.2万元' })).fineAmountWan).toBe('0.2');
    expect(data(one({ ...PENALTY, 罚款金额: undefined, '罚款金额(万元)': '3' })).fineAmountWan).toBe('3');
    expect(one({ ...PENALTY, 罚款金额: '2000.005' }).issues).toEqual([
      { path: '/data/fineAmountWan', code: 'AMOUNT_FORMAT', sourceField: '罚款金额', params: { value: '2000.005' } },
    ]);
  });

  it('names the bureau key as written, also for fields it left out', () => {
    const r = one({ ...PENALTY, 文书号: undefined, '罚款金额（元）': '3000', 罚款金额: undefined });
    expect(r.sourceFields!['/data/fineAmountWan']).toBe('罚款金额（元）');
    expect(r.sourceFields!['/data/decisionNo']).toBe('文书号');
    expect(r.sourceFields!['/recordType']).toBe('记录类型');
  });

  it('fills the authority USCC and data source from the configuration', () => {
    expect(data(one(PENALTY))).toMatchObject({ authorityUscc: BUREAU.uscc, dataSourceName: BUREAU.name, dataSourceUscc: BUREAU.uscc });
  });

  it('defaults 主体类别 to 法人及非法人组织, 92… to 个体工商户, an ID alone to 自然人', () => {
    expect(rec(one({ ...PENALTY, 统一社会信用代码: '9.13207E+17' })).subject).toMatchObject({ category: 'LEGAL_ORG' });
    expect(rec(one({ ...PENALTY, 统一社会信用代码: '92320722MA1X7K2P3W' })).subject).toMatchObject({ category: 'INDIVIDUAL_BIZ' });
    expect(rec(one({ ...PENALTY, 企业名称: '孙晓东', 统一社会信用代码: undefined, 法定代表人: undefined, 证件号码: '32072219830412107x' })).subject).toEqual({
      name: '孙晓东', category: 'NATURAL_PERSON', idType: '身份证', idNo: '32072219830412107X',
    });
  });

  it('an ID number sent as a JSON number lost its digits: EXCEL_DAMAGED, never a wrong ID', () => {
    const r = one({ ...PENALTY, 主体类别: '自然人', 证件号码: 320722197803158286 });
    expect(r.issues).toEqual([{ path: '/subject/idNo', code: 'EXCEL_DAMAGED', sourceField: '证件号码', params: { value: '320722197803158300' } }]);
  });

  it('licence: 长期 → no end; 许可编号 stands in for a missing 文书号', () => {
    const r = one({ 记录类型: '行政许可', 企业名称: '某公司', 统一社会信用代码: '91320722MAL9KYML5D', 许可文书名称: '备案', 许可编号: 'BA-1', 许可类别: '登记', 决定日期: '2024-01-02', 有效期自: '2024-01-02', 有效期至: '长期', 许可机关: '东海县应急管理局' });
    expect(data(r)).toMatchObject({ decisionDocNo: 'BA-1', licenceNo: 'BA-1', validTo: null, validFrom: '2024-01-02' });
  });
});

describe('safety-bureau-json: commitments, accidents, grades', () => {
  const ORG = { 企业名称: '东海县晶达石英制品有限公司', 统一社会信用代码: '91320722MAL9KYML5D' };

  it('commitment: type and fulfilment tables, 长期, record id derived when the bureau sends none', () => {
    const r = one({ 记录类型: '安全生产承诺', ...ORG, 承诺类型: '岗位承诺', 承诺内容: '不违章作业', 承诺日期: '2025/1/1', 有效期至: '长期', 履行情况: '已履行' });
    expect(rec(r)).toMatchObject({ sourceRecordId: '91320722MAL9KYML5D|POST|2025-01-01', data: { commitmentType: 'POST', commitDate: '2025-01-01', validTo: null, fulfilment: 'KEPT' } });
    expect(r.sourceFields!['/sourceRecordId']).toBe('统一社会信用代码+承诺类型+承诺日期');
    expect(one({ 记录类型: '安全生产承诺', ...ORG, 承诺类型: '自愿承诺' }).issues[0]).toMatchObject({ code: 'ENUM', sourceField: '承诺类型' });
  });

  it('accident: time of day, industry code from text, counts with 人, loss in 万元, yes/no, name + summary', () => {
    const r = one({
      记录类型: '生产安全事故', 记录编号: 'SG-1', ...ORG, 事故名称: '“5·18”机械伤害事故', 事故简要经过: '未停机断电。', 发生时间: '2024年5月18日14时30分许',
      发生地点: '球磨车间', 所属行业: 'C3099 其他非金属矿物制品制造', 死亡人数: '1人', 重伤人数: 0, 直接经济损失: '1,200万元', 是否责任事故: '是',
    });
    expect(data(r)).toMatchObject({
      occurredAt: '2024-05-18T14:30:00+08:00', industryCode: 'C30', deaths: 1, seriousInjuries: 0, directLossWan: '1200', isLiability: true,
      summary: '“5·18”机械伤害事故：未停机断电。',
    });
    expect(r.sourceFields!['/data/summary']).toBe('事故名称+事故简要经过');
    expect(data(one({ 记录类型: '生产安全事故', ...ORG, '直接经济损失（元）': '856000' })).directLossWan).toBe('85.6');
    expect(data(one({ 记录类型: '生产安全事故', ...ORG, 行业代码: '化工' })).industryCode).toBe('化工');
  });

  it('grade: scheme from the grade, 年度 and 分 stripped, 评定日期 stands in for 有效期自', () => {
    expect(data(one({ 记录类型: '诚信等级', ...ORG, 诚信等级: 'A级', 评定年度: '2024年度', 综合评分: '92.5分', 评定日期: '2025年1月15日', 评定单位: '东海县应急管理局' }))).toMatchObject({
      scheme: 'ABCD', grade: 'A', year: 2024, score: '92.5', validFrom: '2025-01-15', evaluatorUscc: BUREAU.uscc,
    });
    expect(data(one({ 记录类型: '诚信等级', ...ORG, 诚信等级: '2级' }))).toMatchObject({ scheme: 'LEVEL_1_4', grade: '二级' });
    expect(one({ 记录类型: '诚信等级', ...ORG, 诚信等级: 'E' }).issues[0]).toMatchObject({ code: 'ENUM', sourceField: '诚信等级' });
  });
});
