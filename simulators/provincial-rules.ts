/**
 * The provincial platform's own checks: request signatures, the shape of a data package, and the
 * per-record 双公示 rules (the municipal simulator's, on the 信用中国 field codes; no USCC
 * exception list, on purpose).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { checkUscc } from './municipal-rules.ts';
import type { XmlEl } from './provincial-xml.ts';

export const RECORD_ELEMENTS = ['XZCF', 'XZXK', 'HEIMINGDAN', 'HONGMINGDAN'] as const;
export type RecordElement = (typeof RECORD_ELEMENTS)[number];
/** Field prefix per element (HMD_/CMD_: the list-entry extension, see README). */
export const ELEMENT_PREFIX: Readonly<Record<RecordElement, string>> = { XZCF: 'CF', XZXK: 'XK', HEIMINGDAN: 'HMD', HONGMINGDAN: 'CMD' };

/** Allowed clock difference of X-Timestamp, in seconds. */
export const MAX_SKEW_S = 300;

/** Why the signature headers are refused (→ 401), or null when the request is authentic. */
export function signatureProblem(secret: string, timestamp: string | undefined, signature: string | undefined, body: Uint8Array, nowMs: number, algorithm: 'hmac-sha256' | 'hmac-sm3' = 'hmac-sha256'): string | null {
  if (!timestamp || !signature) return 'missing X-Timestamp or X-Signature header';
  if (!/^\d{1,12}$/.test(timestamp)) return 'X-Timestamp must be unix seconds';
  const skew = Math.floor(nowMs / 1000) - Number(timestamp);
  if (Math.abs(skew) > MAX_SKEW_S) return `X-Timestamp ${timestamp} is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'ahead'}; at most ±${MAX_SKEW_S} s is accepted`;
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return 'X-Signature must be 64 hex digits';
  const hash = algorithm === 'hmac-sm3' ? 'sm3' : 'sha256';
  const bodyHash = createHash(hash).update(body).digest('hex');
  const expected = createHmac(hash, secret).update(`${timestamp}\n${bodyHash}`).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex')) ? null : 'X-Signature does not match';
}

export interface PackageRecord {
  kind: RecordElement;
  recordId: string;
  version: string;
  versionNo?: number;
  operation: 'upsert' | 'revoke';
  /** Every other field: code → text. */
  fields: Record<string, string>;
}

export interface IncomingPackage {
  packageId: string;
  senderCode: string;
  sendTime: string;
  records: PackageRecord[];
}

const HEADER_FIELDS = ['PackageId', 'SenderCode', 'SendTime', 'RecordCount'] as const;
const ENVELOPE = new Set(['RecordId', 'Version', 'VersionNo', 'Operation']);

/** Leaf children by name; the reason when one repeats or holds elements. */
function leaves(el: XmlEl, where: string): { fields: Map<string, string> } | { error: string } {
  const fields = new Map<string, string>();
  for (const c of el.children) {
    if (c.children.length > 0) return { error: `${where}/${c.name} must hold text, not elements` };
    if (fields.has(c.name)) return { error: `${where}/${c.name} appears more than once` };
    fields.set(c.name, c.text);
  }
  return { fields };
}

/** Strict shape check of a package (→ 400 with the reason), or the package. */
export function parsePackage(root: XmlEl, maxRecords: number): { error: string } | { pkg: IncomingPackage } {
  if (root.name !== 'DataPackage') return { error: `root element must be DataPackage, not ${root.name}` };
  const unknownTop = root.children.find((c) => c.name !== 'Header' && c.name !== 'Body');
  if (unknownTop) return { error: `unexpected element DataPackage/${unknownTop.name}` };
  const headers = root.children.filter((c) => c.name === 'Header');
  const bodies = root.children.filter((c) => c.name === 'Body');
  if (headers.length !== 1) return { error: headers.length === 0 ? 'missing Header' : 'more than one Header' };
  if (bodies.length !== 1) return { error: bodies.length === 0 ? 'missing Body' : 'more than one Body' };
  const h = leaves(headers[0]!, 'Header');
  if ('error' in h) return h;
  for (const name of HEADER_FIELDS) if (!h.fields.get(name)) return { error: `Header/${name} is missing or empty` };
  const count = h.fields.get('RecordCount')!;
  if (!/^\d{1,7}$/.test(count)) return { error: `Header/RecordCount must be a non-negative integer, got "${count}"` };
  const sendTime = h.fields.get('SendTime')!;
  if (Number.isNaN(Date.parse(sendTime))) return { error: `Header/SendTime must be an ISO 8601 time, got "${sendTime}"` };

  const elements = bodies[0]!.children;
  if (Number(count) !== elements.length) return { error: `Header/RecordCount is ${count} but Body holds ${elements.length} records` };
  if (elements.length === 0) return { error: 'Body holds no records' };
  if (elements.length > maxRecords) return { error: `package holds ${elements.length} records; at most ${maxRecords} are allowed` };
  const seen = new Map<string, number>();
  const records: PackageRecord[] = [];
  for (const el of elements) {
    const n = (seen.get(el.name) ?? 0) + 1;
    seen.set(el.name, n);
    const at = `Body/${el.name}[${n}]`;
    if (!(RECORD_ELEMENTS as readonly string[]).includes(el.name)) return { error: `${at}: unknown record element; expected one of ${RECORD_ELEMENTS.join(', ')}` };
    const r = leaves(el, at);
    if ('error' in r) return r;
    const f = r.fields;
    const recordId = f.get('RecordId');
    const version = f.get('Version');
    const operation = f.get('Operation');
    const versionNo = f.get('VersionNo');
    if (!recordId) return { error: `${at}/RecordId is missing or empty` };
    if (!version) return { error: `${at}/Version is missing or empty` };
    if (operation !== 'upsert' && operation !== 'revoke') return { error: `${at}/Operation must be upsert or revoke` };
    if (versionNo !== undefined && !(/^\d{1,15}$/.test(versionNo))) return { error: `${at}/VersionNo must be a non-negative integer` };
    const fields: Record<string, string> = {};
    for (const [k, v] of f) if (!ENVELOPE.has(k)) fields[k] = v;
    const rec: PackageRecord = { kind: el.name as RecordElement, recordId, version, operation, fields };
    if (versionNo !== undefined) rec.versionNo = Number(versionNo);
    records.push(rec);
  }
  return { pkg: { packageId: h.fields.get('PackageId')!, senderCode: h.fields.get('SenderCode')!, sendTime, records } };
}

const PENALTY_REQUIRED: ReadonlyArray<[string, string]> = [
  ['CF_WSH', '行政处罚决定书文号'],
  ['CF_JDRQ', '处罚决定日期'],
  ['CF_CFJG', '处罚机关'],
  ['CF_CFLB', '处罚类别'],
];
const LICENCE_REQUIRED: ReadonlyArray<[string, string]> = [
  ['XK_WSH', '行政许可决定文书号'],
  ['XK_JDRQ', '许可决定日期'],
  ['XK_XKJG', '许可机关'],
];
const USCC_CATEGORIES = new Set(['法人及非法人组织', '个体工商户']);

/** The platform's per-record 双公示 check: a Chinese rejection reason, or null when acceptable. */
export function rejectionReason(rec: PackageRecord): string | null {
  if (rec.operation === 'revoke') return null;
  const p = ELEMENT_PREFIX[rec.kind];
  const f = rec.fields;
  const present = (code: string): boolean => (f[code] ?? '').trim() !== '';
  if (!present(`${p}_XDR_MC`)) return `行政相对人名称(${p}_XDR_MC)缺失`;
  const uscc = f[`${p}_XDR_SHXYM`];
  if (USCC_CATEGORIES.has(f[`${p}_XDR_LB`] ?? '') && uscc !== undefined && uscc !== '') {
    const res = checkUscc(uscc);
    if (res === 'format') return `统一社会信用代码格式错误: ${uscc}`;
    if (res === 'checksum') return `统一社会信用代码校验位错误: ${uscc}`;
  }
  const required = rec.kind === 'XZCF' ? PENALTY_REQUIRED : rec.kind === 'XZXK' ? LICENCE_REQUIRED : null;
  if (required) {
    const missing = required.filter(([code]) => !present(code)).map(([code, label]) => `${label}(${code})`);
    if (missing.length > 0) return `${rec.kind === 'XZCF' ? '行政处罚' : '行政许可'}信息缺少必填项: ${missing.join('、')}`;
  }
  return null;
}
