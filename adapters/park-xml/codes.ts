// Value tables for the 信用中国 coded fields (DOMAIN (a) Code lists; legacy 2016 codes from the
// ES_SXY field notes). Keys are compared after NFKC and trimming; canonical values are accepted too.

/** <Operation>, compared in lower case. */
export const OPERATIONS: Readonly<Record<string, 'upsert' | 'revoke'>> = {
  upsert: 'upsert', 新增: 'upsert', 更新: 'upsert', 修改: 'upsert',
  revoke: 'revoke', 撤销: 'revoke', 删除: 'revoke',
};

/** CF_ZT 当前状态: legacy 0=正常(或空白) 1=撤销 2=异议 3=其他. */
export const PENALTY_STATUS: Readonly<Record<string, string>> = {
  '0': 'NORMAL', 正常: 'NORMAL', NORMAL: 'NORMAL',
  '1': 'REVOKED', 撤销: 'REVOKED', REVOKED: 'REVOKED',
  '2': 'OBJECTION', 异议: 'OBJECTION', OBJECTION: 'OBJECTION',
  '3': 'OTHER', 其他: 'OTHER', OTHER: 'OTHER',
};

/**
 * XK_ZT 当前状态. The legacy 0/1 codes and the 2019 有效 map cleanly; legacy 2 (异议) and 3 (其他) have
 * no canonical licence status and are reported as ENUM. 无效 is ambiguous (撤销? 注销? 过期?) and is not mapped.
 */
export const LICENCE_STATUS: Readonly<Record<string, string>> = {
  '0': 'VALID', 正常: 'VALID', 有效: 'VALID', VALID: 'VALID',
  '1': 'REVOKED', 撤销: 'REVOKED', REVOKED: 'REVOKED',
  注销: 'CANCELLED', CANCELLED: 'CANCELLED',
  过期: 'EXPIRED', 已过期: 'EXPIRED', 失效: 'EXPIRED', EXPIRED: 'EXPIRED',
};

/** CF_SXYZCD 失信严重程度: 0=未定 1=一般 2=较重 3=严重. */
export const SEVERITY: Readonly<Record<string, string>> = {
  '0': 'UNSET', 未定: 'UNSET', UNSET: 'UNSET',
  '1': 'GENERAL', 一般: 'GENERAL', GENERAL: 'GENERAL',
  '2': 'SERIOUS_LESS', 较重: 'SERIOUS_LESS', SERIOUS_LESS: 'SERIOUS_LESS',
  '3': 'SERIOUS', 严重: 'SERIOUS', SERIOUS: 'SERIOUS',
};

/** *_SYFW 信息使用范围: 0=公示 1=仅政府部门内部共享 2=仅可授权查询. */
export const USAGE_SCOPE: Readonly<Record<string, string>> = {
  '0': 'PUBLIC', 公示: 'PUBLIC', PUBLIC: 'PUBLIC',
  '1': 'GOV_SHARE', 仅政府部门内部共享: 'GOV_SHARE', GOV_SHARE: 'GOV_SHARE',
  '2': 'AUTHORIZED_QUERY', 仅可授权查询: 'AUTHORIZED_QUERY', AUTHORIZED_QUERY: 'AUTHORIZED_QUERY',
};

/**
 * Legacy numeric CF_CFLB1/CF_CFLB2 codes seen in a deployed 2016-era system:
 * 0=警告 1=罚款 2=没收违法所得、没收非法财物 3=责令停产停业 4=暂扣或者吊销许可证、暂扣或者吊销执照 5=行政拘留 6=其他.
 */
export const LEGACY_PENALTY_CATEGORY_CODES: Readonly<Record<string, string>> = {
  '0': '警告', '1': '罚款', '2': '没收违法所得、没收非法财物', '3': '责令停产停业',
  '4': '暂扣或者吊销许可证、暂扣或者吊销执照', '5': '行政拘留', '6': '其他',
};

export const LICENCE_CATEGORIES = ['普通', '特许', '认可', '核准', '登记', '其他'] as const;

export const SUBJECT_ORDER = ['name', 'category', 'uscc', 'regNo', 'orgCode', 'taxRegNo', 'instCertNo', 'socialOrgRegNo', 'legalRep', 'idType', 'idNo'] as const;
export const PENALTY_ORDER = [
  'decisionNo', 'violationType', 'violationFacts', 'legalBasis', 'penaltyCategories', 'penaltyContent', 'fineAmountWan',
  'confiscationAmountWan', 'licenceActionDesc', 'decisionDate', 'penaltyValidUntil', 'publicityEndDate', 'authorityName',
  'authorityUscc', 'dataSourceName', 'dataSourceUscc', 'regionCode', 'severity', 'domainTag', 'status', 'usageScope', 'remarks',
] as const;
export const LICENCE_ORDER = [
  'decisionDocName', 'decisionDocNo', 'licenceCategory', 'categoryOther', 'certificateName', 'licenceNo', 'content', 'decisionDate',
  'validFrom', 'validTo', 'authorityName', 'authorityUscc', 'dataSourceName', 'dataSourceUscc', 'regionCode', 'status', 'usageScope', 'remarks',
] as const;
