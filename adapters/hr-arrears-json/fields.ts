// The human-resources bureau's keys (canonical pointer → keys; the first names the field in errors)
// and value tables.
import type { InsuranceType } from '../../src/model/types.ts';
import { ValueTable } from '../../src/normalise/index.ts';

/** 欠薪时段 "2024年1月至2024年6月" gives both ends when the two dates are not sent apart. */
export const PERIOD = 'period';

export const FIELDS: Readonly<Record<string, readonly string[]>> = {
  '/sourceRecordId': ['记录编号', '记录ID', '编号'],
  '/operation': ['操作', '操作类型'],
  '/subject/name': ['单位名称', '用人单位名称', '用人单位', '企业名称'],
  '/subject/category': ['主体类别'],
  '/subject/uscc': ['统一社会信用代码', '社会信用代码'],
  '/subject/regNo': ['工商注册号'],
  '/subject/orgCode': ['组织机构代码'],
  '/subject/legalRep/name': ['法定代表人', '法定代表人（负责人）', '主要负责人'],
  '/data/projectName': ['项目名称', '工程项目名称'],
  '/data/kind': ['类型', '类别', '欠薪类型'],
  '/data/amountYuan': ['拖欠金额（元）', '拖欠金额', '欠薪金额（元）', '欠缴金额（元）', '拖欠金额（万元）', '金额（元）'],
  '/data/workers': ['涉及人数', '涉及人数（人）', '涉及农民工人数', '涉及职工人数'],
  '/data/insuranceTypes': ['欠缴险种', '欠缴社会保险种类', '险种'],
  [PERIOD]: ['欠薪时段', '拖欠时段', '欠缴时段'],
  '/data/periodFrom': ['欠薪起始日期', '拖欠起始日期', '时段自'],
  '/data/periodTo': ['欠薪截止日期', '拖欠截止日期', '时段至'],
  '/data/orderNo': ['责令改正文书号', '责令改正决定书文号', '限期改正指令书编号'],
  '/data/orderDate': ['责令改正日期', '下达日期'],
  '/data/deadline': ['责令改正期限', '改正期限'],
  '/data/paidAt': ['结清日期', '清偿日期', '补缴日期'],
  '/data/authorityName': ['记录机关', '认定部门', '作出决定机关'],
  '/data/authorityUscc': ['记录机关代码', '记录机关统一社会信用代码'],
  '/data/dataSourceName': ['数据来源单位'],
  '/data/dataSourceUscc': ['数据来源单位代码', '数据来源单位统一社会信用代码'],
  '/data/regionCode': ['地方编码', '行政区划代码'],
  '/data/remarks': ['备注'],
};

export const KINDS = new ValueTable<'WAGE_ARREARS' | 'SOCIAL_INSURANCE_ARREARS'>(
  {
    拖欠工资: 'WAGE_ARREARS', 欠薪: 'WAGE_ARREARS', 拖欠农民工工资: 'WAGE_ARREARS', 拖欠劳动报酬: 'WAGE_ARREARS', WAGE_ARREARS: 'WAGE_ARREARS',
    欠缴社会保险费: 'SOCIAL_INSURANCE_ARREARS', 欠缴社保: 'SOCIAL_INSURANCE_ARREARS', 欠缴社保费: 'SOCIAL_INSURANCE_ARREARS', 欠缴社会保险: 'SOCIAL_INSURANCE_ARREARS',
    SOCIAL_INSURANCE_ARREARS: 'SOCIAL_INSURANCE_ARREARS',
  },
  ['拖欠工资', '欠缴社会保险费'],
);

const full = (short: string, name: InsuranceType) => ({ [short]: name, [`${short}保险`]: name, [name]: name });
export const INSURANCE_TYPES = new ValueTable<InsuranceType>(
  { ...full('养老', '基本养老保险'), ...full('医疗', '基本医疗保险'), ...full('失业', '失业保险'), ...full('工伤', '工伤保险'), ...full('生育', '生育保险') },
  ['基本养老保险', '基本医疗保险', '失业保险', '工伤保险', '生育保险'],
);

export const SUBJECT_ORDER = ['name', 'category', 'uscc', 'regNo', 'orgCode', 'legalRep'] as const;
export const DATA_ORDER = [
  'kind', 'projectName', 'amountYuan', 'workers', 'insuranceTypes', 'periodFrom', 'periodTo', 'orderNo', 'orderDate', 'deadline', 'paidAt',
  'authorityName', 'authorityUscc', 'dataSourceName', 'dataSourceUscc', 'regionCode', 'remarks',
] as const;
