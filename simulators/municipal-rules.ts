/**
 * The municipal platform's own 双公示 checks (independent of the gateway's rules, on purpose: the
 * platform has no exception list, so pilot USCCs the gateway tolerates are rejected here).
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});
const USCC_FORMAT = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** GB 32100-2015 check: 'ok', 'format' (wrong length or characters) or 'checksum'. */
export function checkUscc(code: string): 'ok' | 'format' | 'checksum' {
  if (!USCC_FORMAT.test(code)) return 'format';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code.charAt(i)) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31) === code.charAt(17) ? 'ok' : 'checksum';
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One record of a batch after the shape check (the fields the platform needs to answer). */
export interface IncomingRecord {
  recordId: string;
  version: string;
  versionNo?: number;
  recordType?: string;
  operation: 'upsert' | 'revoke';
  subject?: JsonObject;
  data?: JsonObject;
}

export interface IncomingBatch {
  batchId: string;
  records: IncomingRecord[];
}

/** Shape check of a batch body: a message for a 400, or the batch. */
export function parseBatch(body: unknown, maxBatch: number): { error: string } | { batch: IncomingBatch } {
  if (!isObject(body)) return { error: 'body must be a JSON object' };
  const { batchId, records } = body;
  if (typeof batchId !== 'string' || batchId === '') return { error: 'batchId must be a non-empty string' };
  if (!Array.isArray(records) || records.length === 0) return { error: 'records must be a non-empty array' };
  if (records.length > maxBatch) return { error: `batch holds ${records.length} records; at most ${maxBatch} are allowed` };
  const out: IncomingRecord[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const at = `records[${i}]`;
    if (!isObject(r)) return { error: `${at} must be an object` };
    if (typeof r.recordId !== 'string' || r.recordId === '') return { error: `${at}.recordId must be a non-empty string` };
    if (typeof r.version !== 'string' || r.version === '') return { error: `${at}.version must be a non-empty string` };
    if (r.operation !== 'upsert' && r.operation !== 'revoke') return { error: `${at}.operation must be "upsert" or "revoke"` };
    if (r.versionNo !== undefined && r.versionNo !== null && !(Number.isSafeInteger(r.versionNo) && (r.versionNo as number) >= 0)) {
      return { error: `${at}.versionNo must be a non-negative integer` };
    }
    if (r.recordType !== undefined && typeof r.recordType !== 'string') return { error: `${at}.recordType must be a string` };
    if (r.subject !== undefined && !isObject(r.subject)) return { error: `${at}.subject must be an object` };
    if (r.data !== undefined && !isObject(r.data)) return { error: `${at}.data must be an object` };
    const rec: IncomingRecord = { recordId: r.recordId, version: r.version, operation: r.operation };
    if (typeof r.versionNo === 'number') rec.versionNo = r.versionNo;
    if (typeof r.recordType === 'string') rec.recordType = r.recordType;
    if (isObject(r.subject)) rec.subject = r.subject;
    if (isObject(r.data)) rec.data = r.data;
    out.push(rec);
  }
  return { batch: { batchId, records: out } };
}

const PENALTY_REQUIRED: ReadonlyArray<[string, string]> = [
  ['decisionNo', '行政处罚决定书文号'],
  ['decisionDate', '处罚决定日期'],
  ['authorityName', '处罚机关'],
  ['penaltyCategories', '处罚类别'],
];
const LICENSE_REQUIRED: ReadonlyArray<[string, string]> = [
  ['decisionDocNo', '行政许可决定文书号'],
  ['decisionDate', '许可决定日期'],
  ['authorityName', '许可机关'],
];

function present(v: Json | undefined): boolean {
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== null;
}

/** The platform's per-record 双公示 check: a Chinese rejection reason, or null when acceptable. */
export function rejectionReason(rec: IncomingRecord): string | null {
  if (rec.operation === 'revoke') return null;
  if (!rec.recordType) return '缺少记录类型(recordType)';
  const subject = rec.subject;
  if (!subject || !present(subject.name)) return '行政相对人名称(subject.name)缺失';
  const category = subject.category;
  if ((category === 'LEGAL_ORG' || category === 'INDIVIDUAL_BIZ') && subject.uscc !== undefined && subject.uscc !== null) {
    const uscc = String(subject.uscc);
    const res = checkUscc(uscc);
    if (res === 'format') return `统一社会信用代码格式错误: ${uscc}`;
    if (res === 'checksum') return `统一社会信用代码校验位错误: ${uscc}`;
  }
  const required =
    rec.recordType === 'administrative-penalty' ? PENALTY_REQUIRED : rec.recordType === 'administrative-license' ? LICENSE_REQUIRED : null;
  if (required) {
    const data = rec.data ?? {};
    const missing = required.filter(([k]) => !present(data[k])).map(([k, label]) => `${label}(${k})`);
    if (missing.length > 0) {
      const kind = rec.recordType === 'administrative-penalty' ? '行政处罚' : '行政许可';
      return `${kind}信息缺少必填项: ${missing.join('、')}`;
    }
  }
  return null;
}
