// The column headers of the 信用中国 双公示 Excel templates, mapped to the field codes park-xml's
// builders read. 2021/2019 labels first (the first label of a canonical pointer is what errors name
// when the column is missing), then the 2016 template's (ES_SXY SGS_XZCF / SGS_XZXK), and the field
// codes themselves, which some templates put in the header. Matching ignores bracket width,
// spaces, a required-field star and a trailing colon (labelKey).
import { LabelTable } from '../../src/normalise/index.ts';

export interface Column {
  code: string;
  path: string;
  labels: readonly string[];
}

function subject(p: 'CF' | 'XK'): Column[] {
  return [
    { code: 'SourceRecordId', path: '/sourceRecordId', labels: ['记录编号', '数据编号', 'SourceRecordId'] },
    { code: 'Operation', path: '/operation', labels: ['操作类型', '操作', 'Operation'] },
    { code: `${p}_XDR_MC`, path: '/subject/name', labels: ['行政相对人名称', '相对人名称', '当事人名称'] },
    { code: `${p}_XDR_LB`, path: '/subject/category', labels: ['行政相对人类别', '相对人类别'] },
    { code: `${p}_XDR_SHXYM`, path: '/subject/uscc', labels: ['统一社会信用代码', '行政相对人代码_1(统一社会信用代码)', '社会信用代码'] },
    { code: `${p}_XDR_GSZC`, path: '/subject/regNo', labels: ['工商注册号', '行政相对人代码_2(工商注册号)'] },
    { code: `${p}_XDR_ZZJG`, path: '/subject/orgCode', labels: ['组织机构代码', '行政相对人代码_3(组织机构代码)'] },
    { code: `${p}_XDR_SWDJ`, path: '/subject/taxRegNo', labels: ['税务登记号', '行政相对人代码_4(税务登记号)'] },
    { code: `${p}_XDR_SYDW`, path: '/subject/instCertNo', labels: ['事业单位证书号', '行政相对人代码_5(事业单位证书号)'] },
    { code: `${p}_XDR_SHZZ`, path: '/subject/socialOrgRegNo', labels: ['社会组织登记证号', '行政相对人代码_6(社会组织登记证号)'] },
    { code: `${p}_FRDB`, path: '/subject/legalRep/name', labels: ['法定代表人', '法定代表人(负责人)'] },
    { code: `${p}_FR_ZJLX`, path: '/subject/legalRep/idType', labels: ['法定代表人证件类型'] },
    { code: `${p}_FR_ZJHM`, path: '/subject/legalRep/idNo', labels: ['法定代表人证件号码', '法定代表人身份证号'] },
    { code: `${p}_XDR_ZJLX`, path: '/subject/idType', labels: ['证件类型'] },
    { code: `${p}_XDR_ZJHM`, path: '/subject/idNo', labels: ['证件号码'] },
    // 2016: 代码_2 was the organisation code and 代码_3 the business registration number.
    { code: `${p}_XDR_ZDM`, path: '/subject/orgCode', labels: ['行政相对人代码_2(组织机构代码)'] },
    { code: `${p}_XDR_GSDJ`, path: '/subject/regNo', labels: ['行政相对人代码_3(工商登记码)', '工商登记码'] },
    { code: `${p}_XDR_SFZ`, path: '/subject/idNo', labels: ['行政相对人代码_5(居民身份证号)', '居民身份证号', '身份证号'] },
    { code: `${p}_FR`, path: '/subject/legalRep/name', labels: ['法定代表人姓名'] },
    { code: 'DFBM', path: '/data/regionCode', labels: ['地方编码', '行政区划代码'] },
    { code: 'BZ', path: '/data/remarks', labels: ['备注'] },
  ];
}

export const PENALTY_COLUMNS: readonly Column[] = [
  ...subject('CF'),
  { code: 'CF_WSH', path: '/data/decisionNo', labels: ['行政处罚决定书文号', '处罚决定书文号', '决定书文号'] },
  { code: 'CF_WFXW', path: '/data/violationType', labels: ['违法行为类型'] },
  { code: 'CF_SY', path: '/data/violationFacts', labels: ['违法事实', '处罚事由'] },
  { code: 'CF_YJ', path: '/data/legalBasis', labels: ['处罚依据'] },
  { code: 'CF_CFLB', path: '/data/penaltyCategories', labels: ['处罚类别'] },
  { code: 'CF_NR', path: '/data/penaltyContent', labels: ['处罚内容'] },
  { code: 'CF_NR_FK', path: '/data/fineAmountWan', labels: ['罚款金额(万元)', '罚款金额', '罚款金额(元)'] },
  {
    code: 'CF_NR_WFFF', path: '/data/confiscationAmountWan',
    labels: ['没收违法所得、没收非法财物的金额(万元)', '没收违法所得、没收非法财物的金额', '没收违法所得、没收非法财物的金额(元)', '没收金额(万元)', '没收违法所得金额(万元)'],
  },
  { code: 'CF_NR_ZKDX', path: '/data/licenceActionDesc', labels: ['暂扣或吊销证照名称及编号'] },
  { code: 'CF_JDRQ', path: '/data/decisionDate', labels: ['处罚决定日期', '决定日期'] },
  { code: 'CF_YXQ', path: '/data/penaltyValidUntil', labels: ['处罚有效期'] },
  { code: 'CF_GSJZQ', path: '/data/publicityEndDate', labels: ['公示截止期'] },
  { code: 'CF_CFJG', path: '/data/authorityName', labels: ['处罚机关'] },
  { code: 'CF_CFJGDM', path: '/data/authorityUscc', labels: ['处罚机关统一社会信用代码', '处罚机关代码'] },
  { code: 'CF_SJLY', path: '/data/dataSourceName', labels: ['数据来源单位'] },
  { code: 'CF_SJLYDM', path: '/data/dataSourceUscc', labels: ['数据来源单位统一社会信用代码', '数据来源单位代码'] },
  { code: 'CF_ZT', path: '/data/status', labels: ['当前状态'] },
  { code: 'CF_SXYZCD', path: '/data/severity', labels: ['失信严重程度'] },
  { code: 'CF_SYFW', path: '/data/usageScope', labels: ['信息使用范围'] },
  // 2016 template.
  { code: 'CF_CFMC', path: '/data/violationType', labels: ['处罚名称'] },
  { code: 'CF_CFLB1', path: '/data/penaltyCategories', labels: ['处罚类别1'] },
  { code: 'CF_CFLB2', path: '/data/penaltyCategories', labels: ['处罚类别2'] },
  { code: 'CF_JG', path: '/data/penaltyContent', labels: ['处罚结果'] },
  { code: 'CF_JZQ', path: '/data/penaltyValidUntil', labels: ['处罚截止期', '截止期'] },
];

export const LICENCE_COLUMNS: readonly Column[] = [
  ...subject('XK'),
  { code: 'XK_XKWS', path: '/data/decisionDocName', labels: ['行政许可决定文书名称', '许可决定文书名称'] },
  { code: 'XK_WSH', path: '/data/decisionDocNo', labels: ['行政许可决定文书号', '行政许可决定书文号', '许可决定书文号', '许可文书号'] },
  { code: 'XK_XKLB', path: '/data/licenceCategory', labels: ['许可类别'] },
  { code: 'XK_XKZS', path: '/data/certificateName', labels: ['许可证书名称'] },
  { code: 'XK_XKBH', path: '/data/licenceNo', labels: ['许可编号'] },
  { code: 'XK_NR', path: '/data/content', labels: ['许可内容'] },
  { code: 'XK_JDRQ', path: '/data/decisionDate', labels: ['许可决定日期', '决定日期'] },
  { code: 'XK_YXQZ', path: '/data/validFrom', labels: ['有效期自'] },
  { code: 'XK_YXQZI', path: '/data/validTo', labels: ['有效期至'] },
  { code: 'XK_XKJG', path: '/data/authorityName', labels: ['许可机关'] },
  { code: 'XK_XKJGDM', path: '/data/authorityUscc', labels: ['许可机关统一社会信用代码', '许可机关代码'] },
  { code: 'XK_LYDW', path: '/data/dataSourceName', labels: ['数据来源单位'] },
  { code: 'XK_LYDWDM', path: '/data/dataSourceUscc', labels: ['数据来源单位统一社会信用代码', '数据来源单位代码'] },
  { code: 'XK_ZT', path: '/data/status', labels: ['当前状态'] },
  { code: 'XK_SYFW', path: '/data/usageScope', labels: ['信息使用范围'] },
  // 2016 template.
  { code: 'XK_XMMC', path: '/data/decisionDocName', labels: ['项目名称'] },
  { code: 'XK_SPLB', path: '/data/licenceCategory', labels: ['审批类别'] },
  { code: 'XK_JZQ', path: '/data/validTo', labels: ['许可截止期', '截止期'] },
];

export interface ColumnSet {
  recordType: 'administrative-penalty' | 'administrative-license';
  table: LabelTable;
  /** Canonical pointer → the label errors name when the column is missing. */
  defaults: Record<string, string>;
  /** Amount columns, in 万元 unless their header says 元. */
  amounts: readonly string[];
}

function columnSet(recordType: ColumnSet['recordType'], columns: readonly Column[], amounts: readonly string[]): ColumnSet {
  const entries: Record<string, string[]> = {};
  const defaults: Record<string, string> = {};
  for (const c of columns) {
    // A code in the header names its field too (CF_XDR_MC); SourceRecordId/Operation/DFBM/BZ are listed as labels already.
    entries[c.code] = [...(entries[c.code] ?? []), ...c.labels, ...(c.labels.includes(c.code) || !/^[A-Z]+_/.test(c.code) ? [] : [c.code])];
    defaults[c.path] ??= c.labels[0]!;
  }
  for (const code of ['DFBM', 'BZ']) entries[code]!.push(code);
  return { recordType, table: new LabelTable(entries), defaults, amounts };
}

export const PENALTY = columnSet('administrative-penalty', PENALTY_COLUMNS, ['CF_NR_FK', 'CF_NR_WFFF']);
export const LICENCE = columnSet('administrative-license', LICENCE_COLUMNS, []);
