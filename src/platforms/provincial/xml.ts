/**
 * Canonical record versions → provincial data package XML (DESIGN §3.4 `provincial`): one <XZCF>,
 * <XZXK>, <HEIMINGDAN> or <HONGMINGDAN> element per record with the 信用中国 field codes, plus
 * <RecordId>, <Version>, <VersionNo> (our extension) and <Operation>. Written with fast-xml-parser's
 * XMLBuilder, which escapes text. Personal ID numbers are sent as held: the platform masks them
 * when it publishes.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { PushItem } from '../types.ts';
import {
  ELEMENT_BY_TYPE, LICENCE_FIELDS, LICENCE_STATUS, LIST_FIELDS, LIST_SEPARATOR, PENALTY_FIELDS, PENALTY_STATUS, PERMANENT_DATE, PREFIX,
  SEVERITY, SUBJECT_CATEGORY, SUBJECT_FIELDS, UNPREFIXED, USAGE_SCOPE, type ProvincialElementName,
} from './codes.ts';

export interface ProvincialElement {
  name: ProvincialElementName;
  /** [code, text] in document order; absent and empty values are left out. */
  fields: Array<[string, string]>;
}

export interface PackageHeader {
  packageId: string;
  senderCode: string;
  /** ISO 8601 with the +08:00 offset (see formatSendTime). */
  sendTime: string;
}

type Obj = Record<string, unknown>;

// XML 1.0 cannot carry C0 controls other than tab/LF/CR, lone surrogates or U+FFFE/U+FFFF at all,
// even escaped; such characters are dropped (validated data should not hold them).
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One field value as element text: scalars as text, lists of scalars joined with ；, anything else as JSON. */
export function fieldText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') text = String(v);
  else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) text = v.join(LIST_SEPARATOR);
  else text = JSON.stringify(v);
  text = text.replace(NOT_XML_CHAR, '');
  return text === '' ? undefined : text;
}

function pick(o: Obj | undefined, path: string): unknown {
  let cur: unknown = o;
  for (const k of path.split('.')) {
    if (!isObj(cur) || !Object.hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function mapped(table: Readonly<Record<string, string>>, v: unknown): unknown {
  return typeof v === 'string' && Object.hasOwn(table, v) ? table[v] : v;
}

class Fields {
  readonly list: Array<[string, string]> = [];
  private readonly used = new Set<string>();
  /** Adds the field unless its value is empty; false when the code is already taken. */
  add(code: string, value: unknown): boolean {
    if (this.used.has(code)) return false;
    const text = fieldText(value);
    if (text !== undefined) {
      this.list.push([code, text]);
      this.used.add(code);
    }
    return true;
  }
}

function subjectFields(f: Fields, prefix: string, subject: Obj | undefined): void {
  for (const [path, suffix] of SUBJECT_FIELDS) {
    const v = pick(subject, path);
    f.add(`${prefix}_${suffix}`, path === 'category' ? mapped(SUBJECT_CATEGORY, v) : v);
  }
}

function penaltyFields(f: Fields, data: Obj): void {
  for (const [key, code] of PENALTY_FIELDS) {
    const v = data[key];
    if (key === 'severity') f.add(code, mapped(SEVERITY, v));
    else if (key === 'status') f.add(code, mapped(PENALTY_STATUS, v));
    else if (key === 'usageScope') f.add(code, mapped(USAGE_SCOPE, v));
    else f.add(code, v);
  }
}

function licenceFields(f: Fields, data: Obj): void {
  for (const [key, code] of LICENCE_FIELDS) {
    const v = data[key];
    if (key === 'licenceCategory') {
      const other = fieldText(data.categoryOther);
      f.add(code, v === '其他' && other ? `其他-${other}` : v);
    } else if (key === 'validTo') {
      // null or absent: no end (长期), which the standard writes as 2099-12-31.
      f.add(code, v === null || v === undefined || v === '' || v === '长期' || v === '永久' ? PERMANENT_DATE : v);
    } else if (key === 'status') f.add(code, mapped(LICENCE_STATUS, v));
    else if (key === 'usageScope') f.add(code, mapped(USAGE_SCOPE, v));
    else f.add(code, v);
  }
}

/** List entries: known fields by table, every other data field kept as sorted JSON in `${prefix}_KZXX`. */
function listFields(f: Fields, prefix: string, data: Obj): void {
  const rest: Obj = {};
  const known = new Map<string, string>(LIST_FIELDS.map(([k, s]) => [k, `${prefix}_${s}`]));
  for (const [k, code] of Object.entries(UNPREFIXED)) known.set(k, code);
  for (const [key, code] of known) {
    if (!Object.hasOwn(data, key)) continue;
    const v = key === 'usageScope' ? mapped(USAGE_SCOPE, data[key]) : data[key];
    if (!f.add(code, v)) rest[key] = data[key];
  }
  for (const key of Object.keys(data)) {
    if (!known.has(key) && data[key] !== undefined && data[key] !== null) rest[key] = data[key];
  }
  const keys = Object.keys(rest).sort();
  if (keys.length > 0) f.add(`${prefix}_KZXX`, JSON.stringify(Object.fromEntries(keys.map((k) => [k, rest[k]]))));
}

/** Why a record type cannot travel in a provincial package (the connector rejects it without sending). */
export function unsupportedReason(recordType: string): string {
  return `省级平台数据包不能承载记录类型 ${recordType}：仅支持行政处罚(XZCF)、行政许可(XZXK)、失信惩戒名单(HEIMINGDAN)、守信激励名单(HONGMINGDAN)`;
}

/** Maps one record version onto its body element, or says why it cannot be carried. */
export function toProvincialElement(item: PushItem): { element: ProvincialElement } | { unsupported: string } {
  const rec = item.record as unknown as { recordType: string; operation: string; subject?: Obj; data?: Obj };
  const type = rec.recordType;
  if (!Object.hasOwn(ELEMENT_BY_TYPE, type)) return { unsupported: unsupportedReason(String(type)) };
  const name = ELEMENT_BY_TYPE[type as keyof typeof ELEMENT_BY_TYPE];
  const prefix = PREFIX[name];
  const f = new Fields();
  f.add('RecordId', item.recordId);
  f.add('Version', item.version);
  f.add('VersionNo', item.versionNo);
  f.add('Operation', rec.operation);
  subjectFields(f, prefix, rec.subject);
  const data = isObj(rec.data) ? rec.data : {};
  if (name === 'XZCF') penaltyFields(f, data);
  else if (name === 'XZXK') licenceFields(f, data);
  else listFields(f, prefix, data);
  return { element: { name, fields: f.list } };
}

/** Asia/Shanghai wall time with its fixed +08:00 offset (China keeps no daylight saving). */
export function formatSendTime(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

const builder = new XMLBuilder({ preserveOrder: true, format: false, processEntities: true, suppressEmptyNode: false });

type Node = Record<string, Node[] | string>;
const leaf = (tag: string, text: string): Node => ({ [tag]: [{ '#text': text }] });

/** The whole <DataPackage>; RecordCount is the number of elements. */
export function buildPackage(header: PackageHeader, elements: readonly ProvincialElement[]): string {
  const doc: Node[] = [
    {
      DataPackage: [
        {
          Header: [
            leaf('PackageId', header.packageId),
            leaf('SenderCode', header.senderCode),
            leaf('SendTime', header.sendTime),
            leaf('RecordCount', String(elements.length)),
          ],
        },
        { Body: elements.map((e) => ({ [e.name]: e.fields.map(([code, text]) => leaf(code, text)) })) },
      ],
    },
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(doc) as string}`;
}
