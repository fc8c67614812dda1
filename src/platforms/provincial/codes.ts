// 信用中国 field codes used on the provincial wire (DESIGN §3.4, DOMAIN §(a)). The park-xml adapter
// reads the same codes in the other direction; values are written so that it reads them back.

/** Body element per record type; a type missing here cannot travel in a provincial package. */
export const ELEMENT_BY_TYPE = {
  'administrative-penalty': 'XZCF',
  'administrative-license': 'XZXK',
  'punishment-list-entry': 'HEIMINGDAN',
  'incentive-list-entry': 'HONGMINGDAN',
} as const;

export type ProvincialElementName = (typeof ELEMENT_BY_TYPE)[keyof typeof ELEMENT_BY_TYPE];

/** Field prefix per element. HMD_ (黑名单) and CMD_ (诚信名单, i.e. 红名单) are our extension codes. */
export const PREFIX: Readonly<Record<ProvincialElementName, string>> = { XZCF: 'CF', XZXK: 'XK', HEIMINGDAN: 'HMD', HONGMINGDAN: 'CMD' };

/** 行政相对人类别 code list. */
export const SUBJECT_CATEGORY: Readonly<Record<string, string>> = {
  LEGAL_ORG: '法人及非法人组织',
  NATURAL_PERSON: '自然人',
  INDIVIDUAL_BIZ: '个体工商户',
};

/** Subject field → code suffix (after `${prefix}_`), in the order of the data standard. */
export const SUBJECT_FIELDS: ReadonlyArray<readonly [path: string, suffix: string]> = [
  ['name', 'XDR_MC'],
  ['category', 'XDR_LB'],
  ['uscc', 'XDR_SHXYM'],
  ['regNo', 'XDR_GSZC'],
  ['orgCode', 'XDR_ZZJG'],
  ['taxRegNo', 'XDR_SWDJ'],
  ['instCertNo', 'XDR_SYDW'],
  ['socialOrgRegNo', 'XDR_SHZZ'],
  ['legalRep.name', 'FRDB'],
  ['legalRep.idType', 'FR_ZJLX'],
  ['legalRep.idNo', 'FR_ZJHM'],
  ['idType', 'XDR_ZJLX'],
  ['idNo', 'XDR_ZJHM'],
];

/** 行政处罚 data field → code, in the order of the data standard. */
export const PENALTY_FIELDS: ReadonlyArray<readonly [key: string, code: string]> = [
  ['decisionNo', 'CF_WSH'],
  ['violationType', 'CF_WFXW'],
  ['violationFacts', 'CF_SY'],
  ['legalBasis', 'CF_YJ'],
  ['penaltyCategories', 'CF_CFLB'],
  ['penaltyContent', 'CF_NR'],
  ['fineAmountWan', 'CF_NR_FK'],
  ['confiscationAmountWan', 'CF_NR_WFFF'],
  ['licenceActionDesc', 'CF_NR_ZKDX'],
  ['decisionDate', 'CF_JDRQ'],
  ['penaltyValidUntil', 'CF_YXQ'],
  ['publicityEndDate', 'CF_GSJZQ'],
  ['authorityName', 'CF_CFJG'],
  ['authorityUscc', 'CF_CFJGDM'],
  ['dataSourceName', 'CF_SJLY'],
  ['dataSourceUscc', 'CF_SJLYDM'],
  ['regionCode', 'DFBM'],
  ['severity', 'CF_SXYZCD'],
  ['status', 'CF_ZT'],
  ['usageScope', 'CF_SYFW'],
  ['remarks', 'BZ'],
];

/** 行政许可 data field → code. licenceCategory + categoryOther and validTo are written specially. */
export const LICENCE_FIELDS: ReadonlyArray<readonly [key: string, code: string]> = [
  ['decisionDocName', 'XK_XKWS'],
  ['decisionDocNo', 'XK_WSH'],
  ['licenceCategory', 'XK_XKLB'],
  ['certificateName', 'XK_XKZS'],
  ['licenceNo', 'XK_XKBH'],
  ['content', 'XK_NR'],
  ['decisionDate', 'XK_JDRQ'],
  ['validFrom', 'XK_YXQZ'],
  ['validTo', 'XK_YXQZI'],
  ['authorityName', 'XK_XKJG'],
  ['authorityUscc', 'XK_XKJGDM'],
  ['status', 'XK_ZT'],
  ['dataSourceName', 'XK_LYDW'],
  ['dataSourceUscc', 'XK_LYDWDM'],
  ['regionCode', 'DFBM'],
  ['usageScope', 'XK_SYFW'],
  ['remarks', 'BZ'],
];

/**
 * List-entry data field → code suffix (extension: the standard defines no codes for 黑名单/红名单).
 * The same table serves both lists; fields not named here travel together as JSON in `${prefix}_KZXX`.
 */
export const LIST_FIELDS: ReadonlyArray<readonly [key: string, suffix: string]> = [
  ['listType', 'MDLX'],
  ['basisClause', 'RDYJ'],
  ['reason', 'RDLY'],
  ['decisionNo', 'WSH'],
  ['decisionDate', 'RDRQ'],
  ['noticeDate', 'GZRQ'],
  ['statementDeadline', 'SBJZRQ'],
  ['publishDate', 'FBRQ'],
  ['validFrom', 'YXQZ'],
  ['periodEnd', 'YXQZI'],
  ['validUntil', 'YXQZI'],
  ['earlyRemovalEligibleFrom', 'TQYCRQ'],
  ['relatedPersons', 'XGRY'],
  ['conditions', 'RDTJ'],
  ['standardizationLevel', 'BZHDJ'],
  ['authorityName', 'RDJG'],
  ['authorityUscc', 'RDJGDM'],
  ['dataSourceName', 'SJLY'],
  ['dataSourceUscc', 'SJLYDM'],
  ['status', 'ZT'],
  ['usageScope', 'SYFW'],
];

/** Fields without a prefix in every element. */
export const UNPREFIXED: Readonly<Record<string, string>> = { regionCode: 'DFBM', remarks: 'BZ' };

/** Enumerated canonical values written as the Chinese terms the legacy code lists name. */
export const PENALTY_STATUS: Readonly<Record<string, string>> = { NORMAL: '正常', REVOKED: '撤销', OBJECTION: '异议', OTHER: '其他' };
export const LICENCE_STATUS: Readonly<Record<string, string>> = { VALID: '有效', REVOKED: '撤销', CANCELLED: '注销', EXPIRED: '过期' };
export const SEVERITY: Readonly<Record<string, string>> = { UNSET: '未定', GENERAL: '一般', SERIOUS_LESS: '较重', SERIOUS: '严重' };
export const USAGE_SCOPE: Readonly<Record<string, string>> = { PUBLIC: '公示', GOV_SHARE: '仅政府部门内部共享', AUTHORIZED_QUERY: '仅可授权查询' };

/** 有效期至 of a licence without an end (长期). */
export const PERMANENT_DATE = '2099-12-31';
/** Separator of multi-valued fields (处罚类别 "罚款；责令停产停业"). */
export const LIST_SEPARATOR = '；';
