import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.ts';
import type { AdaptedRecord, AdapterContext } from '../types.ts';
import { parseHrArrearsJson } from './index.ts';

const HR = { name: '连云港市海州区人力资源和社会保障局', uscc: '11320706MB0864209F' };
const ctx: AdapterContext = { departmentId: 'haizhou-hr-bureau', dataSource: HR, defaultRegionCode: '320706', query: {} };
const one = (record: Record<string, unknown>) => parseHrArrearsJson(JSON.stringify({ 欠薪记录: [record] }), ctx).records[0]!;
const data = (r: AdaptedRecord) => (r.record as { data: Record<string, unknown> }).data;

const WAGE = {
  单位名称: '连云港海州建工集团有限公司', 统一社会信用代码: '91320706MACD09MRQ6', 项目名称: '新坝安置小区二期工程', 类型: '拖欠工资',
  '拖欠金额（元）': '386,500.00', 涉及人数: '23人', 责令改正文书号: '海人社监令〔2024〕3号', 责令改正日期: '2024年2月6日', 责令改正期限: '2024年2月20日', 结清日期: '无',
};

describe('hr-arrears-json', () => {
  it('refuses a body without the 欠薪记录 array', () => {
    for (const text of ['[]', '{"records": []}', '{"欠薪记录": "x"}']) {
      expect(() => parseHrArrearsJson(text, ctx)).toThrow(GatewayError);
    }
    expect(parseHrArrearsJson('{"欠薪记录": []}', ctx)).toEqual({ records: [] });
  });

  it('reads a wage-arrears record: amount in 元, workers, dates, placeholder 结清日期, the department as data source', () => {
    const r = one(WAGE);
    expect(r.issues).toEqual([]);
    expect(r.record).toEqual({
      recordType: 'wage-arrears', operation: 'upsert', sourceRecordId: '91320706MACD09MRQ6|WAGE_ARREARS|海人社监令〔2024〕3号',
      subject: { name: '连云港海州建工集团有限公司', category: 'LEGAL_ORG', uscc: '91320706MACD09MRQ6' },
      data: {
        kind: 'WAGE_ARREARS', projectName: '新坝安置小区二期工程', amountYuan: '386500', workers: 23, orderNo: '海人社监令〔2024〕3号', orderDate: '2024-02-06',
        deadline: '2024-02-20', dataSourceName: HR.name, dataSourceUscc: HR.uscc,
      },
    });
    expect(r.sourceFields!['/sourceRecordId']).toBe('统一社会信用代码+类型+责令改正文书号');
    expect(r.sourceRef).toBe('欠薪记录[0]');
  });

  it.each([
    [{ '拖欠金额（元）': '38.65万元' }, '386500'],
    [{ '拖欠金额（元）': undefined, '拖欠金额（万元）': '12.5' }, '125000'],
    [{ '拖欠金额（元）': undefined, '拖欠金额(元)': '１２０，０００' }, '120000'],
    [{ '拖欠金额（元）': 75000.5 }, '75000.5'],
  ])('amount %j → %s 元', (patch, yuan) => {
    expect(data(one({ ...WAGE, ...patch })).amountYuan).toBe(yuan);
  });

  it('social insurance: kinds and insurance types by short name', () => {
    const r = one({ ...WAGE, 类型: '欠缴社保', 涉及人数: undefined, 欠缴险种: '养老、医疗；工伤' });
    expect(data(r)).toMatchObject({ kind: 'SOCIAL_INSURANCE_ARREARS', insuranceTypes: ['基本养老保险', '基本医疗保险', '工伤保险'] });
    expect(one({ ...WAGE, 欠缴险种: '住房公积金' }).issues).toEqual([
      { path: '/data/insuranceTypes', code: 'ENUM', sourceField: '欠缴险种', params: { value: '住房公积金', allowed: ['基本养老保险', '基本医疗保险', '失业保险', '工伤保险', '生育保险'] } },
    ]);
  });

  it('欠薪时段 gives both ends; separate dates win; an unreadable period names 欠薪时段', () => {
    expect(data(one({ ...WAGE, 欠薪时段: '2023年10月至2024年1月' }))).toMatchObject({ periodFrom: '2023-10-01', periodTo: '2024-01-31' });
    expect(data(one({ ...WAGE, 欠薪时段: '2023年10月至2024年1月', 欠薪起始日期: '2023-10-15' }))).toMatchObject({ periodFrom: '2023-10-15' });
    expect(one({ ...WAGE, 欠薪时段: '2024年上半年' }).issues).toEqual([{ path: '/data/periodFrom', code: 'DATE_FORMAT', sourceField: '欠薪时段', params: { value: '2024年上半年' } }]);
  });

  it('a record id of its own wins; 撤销 is a revoke; unknown 类型 is ENUM on 类型', () => {
    expect((one({ ...WAGE, 记录编号: 'QX-1', 操作: '撤销' }).record as Record<string, unknown>)).toMatchObject({ sourceRecordId: 'QX-1', operation: 'revoke' });
    expect(one({ ...WAGE, 类型: '罚款' }).issues[0]).toMatchObject({ path: '/data/kind', code: 'ENUM', sourceField: '类型' });
  });

  it('fills the authority USCC when the 记录机关 is the bureau itself', () => {
    expect(data(one({ ...WAGE, 记录机关: HR.name }))).toMatchObject({ authorityName: HR.name, authorityUscc: HR.uscc });
  });
});
