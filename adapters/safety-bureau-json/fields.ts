// The bureau's Chinese keys. Penalty and licence keys map onto the 信用中国 field codes so the
// 双公示 builders of park-xml read them; the other types' keys map straight to canonical pointers.
// The first label of each entry is the one errors use when the field is absent.
import { LabelTable } from '../../src/normalise/index.ts';

/** 记录类型 and its spellings. */
export const RECORD_TYPE_LABELS = ['记录类型', '数据类型', '信息类型'] as const;

/** Canonical pointer → bureau keys, for the subject and envelope of every type. */
const ENVELOPE: Record<string, readonly string[]> = {
  '/sourceRecordId': ['记录编号', '记录ID', '源记录编号', '业务编号'],
  '/operation': ['操作', '操作类型'],
  '/subject/name': ['企业名称', '单位名称', '行政相对人名称', '当事人名称'],
  '/subject/category': ['主体类别', '行政相对人类别'],
  '/subject/uscc': ['统一社会信用代码', '社会信用代码'],
  '/subject/regNo': ['工商注册号'],
  '/subject/orgCode': ['组织机构代码'],
  '/subject/taxRegNo': ['税务登记号'],
  '/subject/legalRep/name': ['法定代表人', '法定代表人姓名', '法定代表人（负责人）', '主要负责人'],
  '/subject/legalRep/idType': ['法定代表人证件类型'],
  '/subject/legalRep/idNo': ['法定代表人证件号码', '法定代表人身份证号'],
  '/subject/idType': ['证件类型'],
  '/subject/idNo': ['证件号码', '身份证号码', '身份证号'],
  '/data/dataSourceName': ['数据来源单位'],
  '/data/dataSourceUscc': ['数据来源单位代码', '数据来源单位统一社会信用代码'],
  '/data/regionCode': ['地方编码', '行政区划代码', '区划代码'],
  '/data/remarks': ['备注'],
};

/** Each 双公示 field: its 信用中国 code, canonical pointer and the bureau's keys. */
export interface CodedField {
  code: string;
  path: string;
  labels: readonly string[];
}

/** Envelope and subject fields as 信用中国 codes with prefix CF or XK. */
function codedEnvelope(p: 'CF' | 'XK'): CodedField[] {
  const code: Record<string, string> = {
    '/sourceRecordId': 'SourceRecordId', '/operation': 'Operation', '/subject/name': `${p}_XDR_MC`, '/subject/category': `${p}_XDR_LB`,
    '/subject/uscc': `${p}_XDR_SHXYM`, '/subject/regNo': `${p}_XDR_GSZC`, '/subject/orgCode': `${p}_XDR_ZZJG`, '/subject/taxRegNo': `${p}_XDR_SWDJ`,
    '/subject/legalRep/name': `${p}_FRDB`, '/subject/legalRep/idType': `${p}_FR_ZJLX`, '/subject/legalRep/idNo': `${p}_FR_ZJHM`,
    '/subject/idType': `${p}_XDR_ZJLX`,
    // 证件号码 goes to the 2016 *_XDR_SFZ field: the person's own ID, or the legal representative's for an organisation.
    '/subject/idNo': `${p}_XDR_SFZ`,
    '/data/dataSourceName': p === 'CF' ? 'CF_SJLY' : 'XK_LYDW', '/data/dataSourceUscc': p === 'CF' ? 'CF_SJLYDM' : 'XK_LYDWDM',
    '/data/regionCode': 'DFBM', '/data/remarks': 'BZ',
  };
  return Object.entries(ENVELOPE).map(([path, labels]) => ({ code: code[path]!, path, labels }));
}

export const PENALTY_FIELDS: readonly CodedField[] = [
  ...codedEnvelope('CF'),
  { code: 'CF_WSH', path: '/data/decisionNo', labels: ['文书号', '决定文书号', '处罚决定书文号', '行政处罚决定书文号'] },
  { code: 'CF_WFXW', path: '/data/violationType', labels: ['违法行为类型'] },
  { code: 'CF_SY', path: '/data/violationFacts', labels: ['违法事实', '主要违法事实'] },
  { code: 'CF_YJ', path: '/data/legalBasis', labels: ['处罚依据'] },
  { code: 'CF_CFLB', path: '/data/penaltyCategories', labels: ['处罚类别', '处罚种类'] },
  { code: 'CF_NR', path: '/data/penaltyContent', labels: ['处罚内容'] },
  { code: 'CF_NR_FK', path: '/data/fineAmountWan', labels: ['罚款金额', '罚款金额（元）', '罚款金额（万元）', '罚款数额'] },
  { code: 'CF_NR_WFFF', path: '/data/confiscationAmountWan', labels: ['没收金额', '没收金额（元）', '没收金额（万元）', '没收违法所得金额'] },
  { code: 'CF_NR_ZKDX', path: '/data/licenceActionDesc', labels: ['暂扣吊销证照', '暂扣或吊销证照名称及编号'] },
  { code: 'CF_JDRQ', path: '/data/decisionDate', labels: ['决定日期', '处罚决定日期'] },
  { code: 'CF_YXQ', path: '/data/penaltyValidUntil', labels: ['处罚有效期', '有效期'] },
  { code: 'CF_GSJZQ', path: '/data/publicityEndDate', labels: ['公示截止期', '公示截止日期'] },
  { code: 'CF_CFJG', path: '/data/authorityName', labels: ['处罚机关'] },
  { code: 'CF_CFJGDM', path: '/data/authorityUscc', labels: ['处罚机关代码', '处罚机关统一社会信用代码'] },
];

export const LICENCE_FIELDS: readonly CodedField[] = [
  ...codedEnvelope('XK'),
  { code: 'XK_XKWS', path: '/data/decisionDocName', labels: ['许可文书名称', '许可决定文书名称', '行政许可决定文书名称'] },
  { code: 'XK_WSH', path: '/data/decisionDocNo', labels: ['文书号', '许可文书号', '决定文书号', '行政许可决定文书号'] },
  { code: 'XK_XKLB', path: '/data/licenceCategory', labels: ['许可类别'] },
  { code: 'XK_XKZS', path: '/data/certificateName', labels: ['许可证书名称'] },
  { code: 'XK_XKBH', path: '/data/licenceNo', labels: ['许可编号', '许可证编号', '证书编号'] },
  { code: 'XK_NR', path: '/data/content', labels: ['许可内容'] },
  { code: 'XK_JDRQ', path: '/data/decisionDate', labels: ['决定日期', '许可决定日期'] },
  { code: 'XK_YXQZ', path: '/data/validFrom', labels: ['有效期自'] },
  { code: 'XK_YXQZI', path: '/data/validTo', labels: ['有效期至'] },
  { code: 'XK_XKJG', path: '/data/authorityName', labels: ['许可机关'] },
  { code: 'XK_XKJGDM', path: '/data/authorityUscc', labels: ['许可机关代码', '许可机关统一社会信用代码'] },
  { code: 'XK_ZT', path: '/data/status', labels: ['当前状态', '状态'] },
];

export const COMMITMENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ...ENVELOPE,
  '/data/commitmentType': ['承诺类型'],
  '/data/content': ['承诺内容'],
  '/data/signedBy': ['承诺人'],
  '/data/commitDate': ['承诺日期'],
  '/data/validFrom': ['有效期自'],
  '/data/validTo': ['有效期至'],
  '/data/publishedUrl': ['公开网址', '公示网址'],
  '/data/fulfilment': ['履行情况', '履诺情况'],
  '/data/authorityName': ['监督部门', '监管部门'],
  '/data/authorityUscc': ['监督部门代码', '监督部门统一社会信用代码'],
};

/** 事故名称 has no canonical field of its own: it opens the summary. */
export const ACCIDENT_NAME = 'accidentName';

export const ACCIDENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ...ENVELOPE,
  [ACCIDENT_NAME]: ['事故名称'],
  '/data/summary': ['事故简要经过', '简要经过', '事故经过'],
  '/data/occurredAt': ['发生时间', '事故发生时间'],
  '/data/location': ['发生地点', '事故发生地点'],
  '/data/industryCode': ['行业代码', '所属行业', '行业类别', '国民经济行业代码'],
  '/data/deaths': ['死亡人数'],
  '/data/seriousInjuries': ['重伤人数', '重伤人数（含急性工业中毒）'],
  '/data/directLossWan': ['直接经济损失', '直接经济损失（万元）', '直接经济损失（元）'],
  '/data/level': ['事故等级', '事故级别'],
  '/data/isLiability': ['是否责任事故'],
  '/data/reportNo': ['调查报告文号', '事故调查报告文号'],
  '/data/authorityName': ['调查处理部门', '调查部门'],
  '/data/authorityUscc': ['调查处理部门代码', '调查处理部门统一社会信用代码'],
};

/** 评定日期 stands in for 有效期自 when that is not sent. */
export const GRADE_DATE = 'gradeDate';

export const GRADE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ...ENVELOPE,
  '/data/grade': ['诚信等级', '信用等级'],
  '/data/year': ['评定年度', '年度'],
  '/data/evaluator': ['评定单位', '评定机构', '评价单位'],
  '/data/evaluatorUscc': ['评定单位代码', '评定单位统一社会信用代码'],
  '/data/standardizationLevel': ['标准化等级', '安全生产标准化等级'],
  '/data/score': ['综合评分', '评分', '得分'],
  '/data/docNo': ['评定文号'],
  '/data/validFrom': ['有效期自'],
  [GRADE_DATE]: ['评定日期'],
  '/data/validTo': ['有效期至'],
  '/data/status': ['当前状态', '状态'],
};

export const codedTable = (fields: readonly CodedField[]) => new LabelTable(Object.fromEntries(fields.map((f) => [f.code, f.labels])));
/** Canonical pointer → the label errors name when the bureau left the field out. */
export const codedDefaults = (fields: readonly CodedField[]): Record<string, string> => Object.fromEntries(fields.map((f) => [f.path, f.labels[0]!]));
