/**
 * The one closed list of error codes the gateway answers with. Each code has a Chinese (default)
 * and an English message template; `{name}` placeholders are filled from the error's params.
 * `status` is the HTTP status when the code ends a whole request; record-level codes have none
 * (they appear inside a 202 answer's per-record results).
 */
export interface CatalogueEntry {
  readonly status?: number;
  readonly zh: string;
  readonly en: string;
}

export const catalogue = {
  // ---- request level -------------------------------------------------------------------------
  AUTH_MISSING: { status: 401, zh: '缺少认证信息：请在 Authorization 头中提供 Bearer API 密钥', en: 'Missing credentials: send a Bearer API key in the Authorization header' },
  AUTH_INVALID: { status: 401, zh: 'API 密钥无效', en: 'Invalid API key' },
  DEPARTMENT_UNKNOWN: { status: 401, zh: '未知的报送部门：{departmentId}', en: 'Unknown department: {departmentId}' },
  AUTH_EXPIRED: { status: 401, zh: 'API 密钥已于 {expiresAt} 过期，请使用轮换后的新密钥', en: 'This API key expired at {expiresAt}; use the rotated key' },
  SIGNATURE_REQUIRED: { status: 401, zh: '该部门的请求必须签名：缺少请求头 {headers}', en: 'Requests of this department must be signed: missing header(s) {headers}' },
  SIGNATURE_INVALID: { status: 401, zh: '请求签名无效：{reason}', en: 'Invalid request signature: {reason}' },
  SIGNATURE_EXPIRED: { status: 401, zh: '签名时间戳与服务器时间相差超过 {tolerance} 秒（服务器时间 {serverTime}）', en: 'The signature timestamp is more than {tolerance} s away from the server time ({serverTime})' },
  SIGNATURE_REPLAYED: { status: 401, zh: '该签名请求（nonce）已被使用过，拒绝重放', en: 'This signed request (nonce) was already used; replays are refused' },
  FORBIDDEN_SCOPE: { status: 403, zh: '该密钥无权执行此操作（需要权限 {scope}）', en: 'This key lacks the scope {scope} required for this operation' },
  FORBIDDEN_ROLE: { status: 403, zh: '需要 {role} 或更高角色', en: 'This action needs the {role} role or higher' },
  CSRF_ORIGIN: { status: 403, zh: '请求来源与本站不一致，已拒绝', en: 'The request came from another origin and was refused' },
  CSRF_TOKEN_INVALID: { status: 403, zh: '表单没有携带本会话的有效 CSRF 令牌（可能来自其他网站或页面已过期）：请刷新页面后重试', en: 'The form did not carry a valid CSRF token for this session (another site, or a stale page): reload the page and try again' },
  REASON_REQUIRED: { status: 400, zh: '此操作须填写原因（reason）', en: 'This action needs a reason' },
  DELIVERY_NOT_RETRYABLE: { status: 409, zh: '投递 {id} 当前状态为 {state}，不能重试', en: 'Delivery {id} is {state} and cannot be retried' },
  DELIVERY_NOT_DISCARDABLE: { status: 409, zh: '投递 {id} 当前状态为 {state}，不能丢弃', en: 'Delivery {id} is {state} and cannot be discarded' },
  BODY_EMPTY: { status: 400, zh: '请求体为空', en: 'The request body is empty' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体超过上限 {limit} 字节', en: 'The request body exceeds the limit of {limit} bytes' },
  NESTING_TOO_DEEP: { status: 413, zh: '{format} 嵌套深度超过上限 {limit}', en: 'The {format} nesting is deeper than the limit of {limit}' },
  TOO_MANY_ELEMENTS: { status: 413, zh: 'XML 元素个数超过上限 {limit}', en: 'The XML holds more elements than the limit of {limit}' },
  CSV_TOO_MANY_ROWS: { status: 413, zh: 'CSV 行数超过上限 {limit}', en: 'The CSV holds more rows than the limit of {limit}' },
  CSV_TOO_MANY_COLUMNS: { status: 413, zh: 'CSV 第 {row} 行有 {count} 列，超过上限 {limit}', en: 'CSV row {row} has {count} columns, more than the limit of {limit}' },
  TOO_MANY_RECORDS: { status: 413, zh: '单次报送记录数 {count} 超过上限 {limit}', en: 'The submission holds {count} records, more than the limit of {limit}' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型 {contentType}；该部门的格式 {adapter} 需要 {expected}', en: 'Unsupported content type {contentType}; this department\'s format {adapter} expects {expected}' },
  ENCODING_INVALID: { status: 400, zh: '请求体不是有效的 {charset} 编码文本', en: 'The request body is not valid {charset} text' },
  CHARSET_UNSUPPORTED: { status: 415, zh: '不支持的字符集 {charset}', en: 'Unsupported charset {charset}' },
  MALFORMED_JSON: { status: 400, zh: 'JSON 格式错误：{reason}', en: 'Malformed JSON: {reason}' },
  MALFORMED_XML: { status: 400, zh: 'XML 格式错误：{reason}', en: 'Malformed XML: {reason}' },
  MALFORMED_CSV: { status: 400, zh: 'CSV 格式错误：{reason}', en: 'Malformed CSV: {reason}' },
  PAYLOAD_SHAPE: { status: 422, zh: '报文结构不符合 {adapter} 格式：{reason}', en: 'The payload does not have the {adapter} shape: {reason}' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, zh: 'Idempotency-Key 须为 1–200 个可见 ASCII 字符', en: 'Idempotency-Key must be 1–200 visible ASCII characters' },
  IDEMPOTENCY_CONFLICT: { status: 409, zh: '同一 Idempotency-Key 已用于内容不同的报送', en: 'This Idempotency-Key was already used with a different request body' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, zh: '同一 Idempotency-Key 的报送正在处理中，请稍后重试', en: 'A submission with this Idempotency-Key is still being processed; retry shortly' },
  QUERY_INVALID: { status: 400, zh: '查询参数 {param} 无效：{reason}', en: 'Query parameter {param} is invalid: {reason}' },
  NOT_FOUND: { status: 404, zh: '未找到 {what}', en: '{what} not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在：{method} {path}', en: 'No such endpoint: {method} {path}' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持的请求方法', en: 'Method not allowed' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请 {retryAfter} 秒后重试', en: 'Too many requests; retry after {retryAfter} s' },
  UNAVAILABLE: { status: 503, zh: '服务暂不可用：{dependency} 无法连接', en: 'Service unavailable: {dependency} is unreachable' },
  INTERNAL: { status: 500, zh: '服务器内部错误，请凭 requestId 联系运维人员', en: 'Internal error; quote the requestId to the operators' },

  // ---- record level: structure ----------------------------------------------------------------
  REQUIRED: { zh: '缺少必填字段 {field}', en: 'Required field {field} is missing' },
  TYPE_MISMATCH: { zh: '字段 {field} 类型错误，应为 {expected}', en: 'Field {field} has the wrong type; expected {expected}' },
  ENUM: { zh: '字段 {field} 的值“{value}”不在允许范围内：{allowed}', en: 'Field {field} value "{value}" is not one of: {allowed}' },
  MAX_LENGTH: { zh: '字段 {field} 超过最大长度 {limit}', en: 'Field {field} is longer than {limit} characters' },
  MIN_LENGTH: { zh: '字段 {field} 不能为空', en: 'Field {field} must not be empty' },
  UNKNOWN_FIELD: { zh: '未定义的字段 {field}', en: 'Unknown field {field}' },
  FORMAT: { zh: '字段 {field} 格式错误', en: 'Field {field} is malformed' },
  RECORD_NOT_OBJECT: { zh: '第 {index} 条记录不是对象', en: 'Record {index} is not an object' },
  RECORD_TYPE_UNKNOWN: { zh: '未知的记录类型“{value}”', en: 'Unknown record type "{value}"' },
  INVALID_CHARACTER: { zh: '字段 {field} 含有不允许的字符（控制字符或不成对的代理项）', en: 'Field {field} contains a character that is not allowed (a control character or an unpaired surrogate)' },
  OPERATION_INVALID: { zh: '操作类型“{value}”无效，应为 upsert 或 revoke', en: 'Operation "{value}" is invalid; expected upsert or revoke' },

  // ---- record level: identifiers ---------------------------------------------------------------
  USCC_FORMAT: { zh: '统一社会信用代码“{value}”格式错误：应为 18 位数字或大写字母（不含 I、O、S、V、Z）', en: 'Unified social credit code "{value}" is malformed: 18 digits or capitals (no I, O, S, V, Z)' },
  USCC_CHECKSUM: { zh: '统一社会信用代码“{value}”校验位错误（GB 32100-2015）', en: 'Unified social credit code "{value}" fails its check character (GB 32100-2015)' },
  ORG_CODE_INVALID: { zh: '组织机构代码“{value}”无效（GB 11714）', en: 'Organisation code "{value}" is invalid (GB 11714)' },
  REG_NO_INVALID: { zh: '工商注册号“{value}”无效（GS 15-2006 校验）', en: 'Business registration number "{value}" is invalid (GS 15-2006 check)' },
  ID_NUMBER_INVALID: { zh: '身份证号码 {value} 无效（GB 11643）', en: 'Resident ID number {value} is invalid (GB 11643)' },
  ID_NUMBER_REQUIRED: { zh: '自然人须填写证件类型和证件号码', en: 'A natural person needs an ID document type and number' },
  SUBJECT_ID_REQUIRED: { zh: '法人及非法人组织、个体工商户须填写统一社会信用代码，或至少一种原有代码（工商注册号、组织机构代码、税务登记号）', en: 'An organisation or individual business needs a unified social credit code or at least one legacy code (registration number, organisation code, tax number)' },
  LEGAL_REP_REQUIRED: { zh: '法人及非法人组织须填写法定代表人', en: 'An organisation needs its legal representative' },
  EXCEL_DAMAGED: { zh: '字段 {field} 的值“{value}”已被 Excel 改写为科学计数法或丢失位数，请以文本格式导出', en: 'Field {field} value "{value}" was damaged by Excel (scientific notation or lost digits); export it as text' },
  REGION_CODE_INVALID: { zh: '行政区划代码“{value}”不存在（GB/T 2260）', en: 'Region code "{value}" does not exist (GB/T 2260)' },

  // ---- record level: values --------------------------------------------------------------------
  DATE_FORMAT: { zh: '字段 {field} 的日期“{value}”无法识别', en: 'Field {field} date "{value}" is not a valid date' },
  DATE_IN_FUTURE: { zh: '字段 {field} 的日期 {value} 晚于今天', en: 'Field {field} date {value} is in the future' },
  DATE_TOO_EARLY: { zh: '字段 {field} 的日期 {value} 早于 1949-10-01', en: 'Field {field} date {value} is before 1949-10-01' },
  DATE_ORDER: { zh: '字段 {field}（{value}）早于 {other}（{otherValue}）', en: 'Field {field} ({value}) is earlier than {other} ({otherValue})' },
  AMOUNT_FORMAT: { zh: '字段 {field} 的金额“{value}”格式错误：应为非负十进制数（万元，最多 6 位小数）', en: 'Field {field} amount "{value}" is malformed: a non-negative decimal in 10,000 yuan with at most 6 places' },
  FINE_AMOUNT_SUSPICIOUS: { zh: '罚款金额 {value} 万元超过 1000 万元，请确认是否误按“元”填写（单位应为万元）', en: 'Fine of {value} (10,000 yuan) exceeds 10 million yuan; check it was not entered in yuan (the unit is 10,000 yuan)' },
  FINE_AMOUNT_CONTENT_MISMATCH: { zh: '罚款金额 {value} 万元与处罚内容中的“{content}”不一致', en: 'Fine of {value} (10,000 yuan) differs from "{content}" in the penalty content' },
  FINE_WITHOUT_CATEGORY: { zh: '填写了罚款金额，但处罚类别中没有“罚款”', en: 'A fine amount is given but the penalty categories do not include 罚款 (fine)' },
  FINE_MISSING: { zh: '处罚类别包含“罚款”，但未填写罚款金额', en: 'The penalty categories include 罚款 (fine) but no fine amount is given' },
  CONFISCATION_WITHOUT_CATEGORY: { zh: '填写了没收金额，但处罚类别中没有“没收违法所得”或“没收非法财物”', en: 'A confiscation amount is given but the penalty categories include no confiscation' },
  PENALTY_CATEGORY_UNKNOWN: { zh: '处罚类别“{value}”不在《行政处罚法》规定的种类中', en: 'Penalty category "{value}" is not one of the kinds in the Administrative Penalty Law' },
  LICENCE_CATEGORY_UNKNOWN: { zh: '许可类别“{value}”无效，应为 普通、特许、认可、核准、登记 或 其他', en: 'Licence category "{value}" is invalid; expected 普通, 特许, 认可, 核准, 登记 or 其他' },
  NUMBER_RANGE: { zh: '字段 {field} 的值 {value} 超出允许范围（{comparison} {limit}）', en: 'Field {field} value {value} is out of range (must be {comparison} {limit})' },
  AMOUNT_YUAN_FORMAT: { zh: '字段 {field} 的金额“{value}”格式错误：应为非负十进制数（元，最多 2 位小数）', en: 'Field {field} amount "{value}" is malformed: a non-negative decimal in yuan with at most 2 places' },
  FIELD_NOT_APPLICABLE: { zh: '字段 {field} 在 {when} 时不应填写', en: 'Field {field} does not apply when {when}' },
  ACCIDENT_LEVEL_MISMATCH: { zh: '事故等级“{value}”与死亡 {deaths} 人、重伤 {seriousInjuries} 人、直接经济损失 {directLossWan} 万元不符，按《生产安全事故报告和调查处理条例》第三条应为“{derived}”', en: 'Accident level "{value}" contradicts {deaths} deaths, {seriousInjuries} serious injuries and a direct loss of {directLossWan} (10,000 yuan); the regulation\'s Art. 3 gives "{derived}"' },
  INDUSTRY_CODE_INVALID: { zh: '行业代码“{value}”无效：应为 GB/T 4754-2017 门类字母加所属的 2 位大类代码，如 C26', en: 'Industry code "{value}" is invalid: a GB/T 4754-2017 section letter followed by one of its 2-digit divisions, e.g. C26' },
  LIST_BASIS_MISMATCH: { zh: '列入依据“{value}”不适用于名单类型 {listType}，可选：{allowed}', en: 'Listing ground "{value}" does not apply to list type {listType}; allowed: {allowed}' },
  INCENTIVE_CONDITION_UNMET: { zh: '字段 {field}：不符合守信联合激励纳入条件（安监总办〔2017〕133号第二条）{condition}', en: 'A condition for the joint-incentive list (安监总办〔2017〕133号, Art. 2) is not met: {field}' },
  SCORE_INVALID: { zh: '评分“{value}”无效：应为 0–100 的十进制数，最多 2 位小数', en: 'Score "{value}" is invalid: a decimal from 0 to 100 with at most 2 places' },
  SCORE_GRADE_MISMATCH: { zh: '评分 {value} 不在等级 {grade} 的分数段 {range} 内', en: 'Score {value} is outside the band {range} of grade {grade}' },
  REPAIR_COMMITMENT_MISSING: { zh: '准予信用修复须已签署信用修复承诺书', en: 'Credit repair may be granted only with a signed repair commitment' },

  // ---- record level: scope ---------------------------------------------------------------------
  RECORD_TYPE_NOT_ALLOWED: { zh: '本部门无权报送记录类型 {value}', en: 'This department may not submit records of type {value}' },
  REGION_OUT_OF_SCOPE: { zh: '行政区划 {value} 不在本部门的管辖范围 {allowed} 内', en: 'Region {value} is outside this department\'s regions {allowed}' },
  AUTHORITY_MISMATCH: { zh: '字段 {field} 的“{value}”是另一报送部门（{department}），本部门不能以其名义报送', en: 'Field {field} "{value}" names another department ({department}); this department may not submit in its name' },
  DATA_SOURCE_MISMATCH: { zh: '数据来源单位 {value} 不是本部门（{expected}）', en: 'Data source {value} is not this department ({expected})' },
  RECORD_KEY_MISSING: { zh: '无法确定记录标识：需要 {fields}', en: 'Cannot identify the record: {fields} needed' },
  DUPLICATE_IN_SUBMISSION: { zh: '与本次报送第 {other} 条为同一记录，以后者为准', en: 'Same record as entry {other} of this submission; the later entry wins' },

  // ---- record level: lifecycle -----------------------------------------------------------------
  HELD_WITHDRAWN: { zh: '该记录已因准予信用修复撤下（{reason}）：新版本已存档，并以撤下（revoke）推送，不再公示', en: 'A granted credit repair took this record down ({reason}): the new version is kept and sent as withdrawn (revoke), not published' },
  ENDED_ON_ARRIVAL: { zh: '公示期或列入期限（{rule}）已于 {end} 届满：记录已存档，并以撤下（revoke）推送，不再公示', en: 'The publicity period or list term ({rule}) ended on {end}: the record is kept and sent as withdrawn (revoke), not published' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof catalogue;

export const errorCodes = Object.keys(catalogue) as ErrorCode[];

export type Lang = 'zh' | 'en';

export function renderMessage(code: ErrorCode, params: Record<string, unknown> = {}, lang: Lang = 'zh'): string {
  const entry: CatalogueEntry = catalogue[code];
  return entry[lang].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) return whole;
    return Array.isArray(v) ? v.join(lang === 'zh' ? '、' : ', ') : String(v);
  });
}
