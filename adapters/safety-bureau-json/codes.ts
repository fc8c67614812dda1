// Value tables for the bureau's coded fields. Keys are compared after NFKC, without spaces, in
// upper case; the canonical values are accepted as they are.
import { ValueTable } from '../../src/normalise/index.ts';
import type { AccidentLevel, RecordType } from '../../src/model/types.ts';

export const RECORD_TYPES = new ValueTable<RecordType>(
  {
    行政处罚: 'administrative-penalty', 处罚: 'administrative-penalty', XZCF: 'administrative-penalty', 'administrative-penalty': 'administrative-penalty',
    行政许可: 'administrative-license', 许可: 'administrative-license', XZXK: 'administrative-license', 'administrative-license': 'administrative-license',
    安全生产承诺: 'safety-commitment', 承诺: 'safety-commitment', 'safety-commitment': 'safety-commitment',
    生产安全事故: 'accident', 事故: 'accident', accident: 'accident',
    诚信等级: 'credit-grade', 安全生产诚信等级: 'credit-grade', 信用等级: 'credit-grade', 'credit-grade': 'credit-grade',
  },
  ['行政处罚', '行政许可', '安全生产承诺', '生产安全事故', '诚信等级'],
);

export const COMMITMENT_TYPES = new ValueTable(
  {
    公开承诺: 'PUBLIC', 向社会公开承诺: 'PUBLIC', 安全生产公开承诺: 'PUBLIC', 企业承诺: 'PUBLIC', 企业安全生产承诺: 'PUBLIC', PUBLIC: 'PUBLIC',
    岗位承诺: 'POST', 岗位安全承诺: 'POST', 全员承诺: 'POST', POST: 'POST',
    行业承诺: 'INDUSTRY', 行业自律承诺: 'INDUSTRY', 行业公约: 'INDUSTRY', INDUSTRY: 'INDUSTRY',
    信用修复承诺: 'CREDIT_REPAIR', 守信承诺: 'CREDIT_REPAIR', CREDIT_REPAIR: 'CREDIT_REPAIR',
    其他: 'OTHER', OTHER: 'OTHER',
  },
  ['公开承诺', '岗位承诺', '行业承诺', '信用修复承诺', '其他'],
);

export const FULFILMENT = new ValueTable(
  {
    履行中: 'PENDING', 正在履行: 'PENDING', 未到期: 'PENDING', PENDING: 'PENDING',
    已履行: 'KEPT', 履行完毕: 'KEPT', 已履诺: 'KEPT', KEPT: 'KEPT',
    违反承诺: 'BROKEN', 未履行: 'BROKEN', 违诺: 'BROKEN', BROKEN: 'BROKEN',
  },
  ['履行中', '已履行', '违反承诺'],
);

export const ACCIDENT_LEVELS = new ValueTable<AccidentLevel>(
  {
    特别重大: '特别重大', 特别重大事故: '特别重大', 重大: '重大', 重大事故: '重大', 较大: '较大', 较大事故: '较大', 一般: '一般', 一般事故: '一般',
  },
  ['特别重大', '重大', '较大', '一般'],
);

/** 诚信等级 → scheme and grade: A–D by score, or 一级–四级 following the 标准化 level. */
export const GRADES = new ValueTable<{ scheme: 'ABCD' | 'LEVEL_1_4'; grade: string }>(
  {
    ...Object.fromEntries(['A', 'B', 'C', 'D'].flatMap((g) => [[g, { scheme: 'ABCD', grade: g }], [`${g}级`, { scheme: 'ABCD', grade: g }]])),
    ...Object.fromEntries(
      (['一级', '二级', '三级', '四级'] as const).flatMap((g, i) => [[g, { scheme: 'LEVEL_1_4', grade: g }], [`${i + 1}级`, { scheme: 'LEVEL_1_4', grade: g }]]),
    ),
  },
  ['A', 'B', 'C', 'D', '一级', '二级', '三级', '四级'],
);

export const STANDARDIZATION_LEVELS = new ValueTable(
  {
    一级: '一级', 二级: '二级', 三级: '三级', '1级': '一级', '2级': '二级', '3级': '三级',
    安全生产标准化一级: '一级', 安全生产标准化二级: '二级', 安全生产标准化三级: '三级',
    安全生产标准化一级企业: '一级', 安全生产标准化二级企业: '二级', 安全生产标准化三级企业: '三级',
    标准化一级: '一级', 标准化二级: '二级', 标准化三级: '三级',
  },
  ['一级', '二级', '三级'],
);

export const GRADE_STATUS = new ValueTable(
  { 有效: 'VALID', 正常: 'VALID', VALID: 'VALID', 撤销: 'REVOKED', 已撤销: 'REVOKED', REVOKED: 'REVOKED', 过期: 'EXPIRED', 已过期: 'EXPIRED', EXPIRED: 'EXPIRED' },
  ['有效', '撤销', '过期'],
);

export const SUBJECT_ORDER = ['name', 'category', 'uscc', 'regNo', 'orgCode', 'taxRegNo', 'instCertNo', 'socialOrgRegNo', 'legalRep', 'idType', 'idNo'] as const;
const SOURCE_ORDER = ['dataSourceName', 'dataSourceUscc', 'regionCode', 'usageScope', 'remarks'] as const;
export const COMMITMENT_ORDER = [
  'commitmentType', 'content', 'signedBy', 'commitDate', 'validFrom', 'validTo', 'publishedUrl', 'fulfilment', 'authorityName', 'authorityUscc', ...SOURCE_ORDER,
] as const;
export const ACCIDENT_ORDER = [
  'occurredAt', 'location', 'industryCode', 'deaths', 'seriousInjuries', 'directLossWan', 'level', 'isLiability', 'reportNo', 'summary',
  'authorityName', 'authorityUscc', ...SOURCE_ORDER,
] as const;
export const GRADE_ORDER = [
  'scheme', 'grade', 'score', 'year', 'evaluator', 'evaluatorUscc', 'docNo', 'validFrom', 'validTo', 'standardizationLevel', 'status', ...SOURCE_ORDER,
] as const;
