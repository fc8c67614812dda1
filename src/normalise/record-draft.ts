// Assembles one canonical-shaped record from a department's fields, collecting issues and the
// canonical-pointer → department-field map as it goes. Every read goes through the parsers of this
// module, so all adapters read a date, an amount or a code the same way.
import type { ErrorCode, RecordIssue } from '../errors/index.ts';
import { sha256Hex } from '../model/canonical-json.ts';
import { parseAmount, parseAmountYuan, type AmountUnit } from './amount.ts';
import { normaliseCodeValue } from './code.ts';
import { parseDate, parseDateTime } from './date.ts';
import { parseBoolean, parseCount, parseYear } from './number.ts';
import { clean, distinctCleaned } from './text.ts';

/** One field of a source record: its texts (a field may repeat) and whether it held structure instead. */
export interface FieldValue {
  texts: string[];
  nested: boolean;
}
export type FieldBag = ReadonlyMap<string, FieldValue>;

/** What a date field does with 长期/永久/2099-12-31: store null, store 2099-12-31, or reject. */
export type PermanentMode = 'null' | 'far-date' | 'reject';
export const FAR_DATE = '2099-12-31';

type Obj = Record<string, unknown>;

/** A JSON value as a field: scalars become text (numbers as JavaScript prints them), null is absent, objects are structure. */
export function jsonField(v: unknown): FieldValue {
  if (v === null || v === undefined) return { texts: [], nested: false };
  if (typeof v === 'string') return { texts: [v], nested: false };
  if (typeof v === 'number' || typeof v === 'boolean') return { texts: [String(v)], nested: false };
  if (Array.isArray(v)) {
    const texts: string[] = [];
    for (const x of v) {
      if (x === null) continue;
      if (typeof x === 'object') return { texts: [], nested: true };
      texts.push(String(x));
    }
    return { texts, nested: false };
  }
  return { texts: [], nested: true };
}

/** Table keys compared after NFKC, without spaces, in upper case. */
export function lookupKey(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '').toUpperCase();
}

/** A value table whose keys are matched with lookupKey; `allowed` is what an ENUM error lists. */
export class ValueTable<T> {
  private readonly map = new Map<string, T>();
  constructor(entries: Readonly<Record<string, T>>, readonly allowed: readonly string[] = Object.keys(entries)) {
    for (const [k, v] of Object.entries(entries)) this.map.set(lookupKey(k), v);
  }
  get(raw: string): T | undefined {
    return this.map.get(lookupKey(raw));
  }
}

export class RecordDraft {
  readonly root: { subject: Obj; data: Obj } & Obj = { subject: {}, data: {} };
  readonly issues: RecordIssue[] = [];
  readonly sourceFields: Record<string, string> = {};

  /** `labels`: field key → the label the department wrote (errors name it); keys default to themselves. */
  constructor(
    private readonly fields: FieldBag,
    private readonly labels: ReadonlyMap<string, string> = new Map(),
  ) {}

  label(key: string): string {
    return this.labels.get(key) ?? key;
  }

  has(key: string): boolean {
    return this.fields.has(key);
  }

  /** Every non-placeholder text of a field. */
  all(key: string, path: string): string[] {
    const f = this.fields.get(key);
    if (!f) return [];
    if (f.nested) {
      this.issue(path, 'TYPE_MISMATCH', key, { expected: 'text' });
      return [];
    }
    return f.texts.map((t) => clean(t)).filter((t): t is string => t !== undefined);
  }

  /** The field's one value, cleaned; a field given twice with different values is FORMAT, not cut to one. */
  take(key: string, path: string): string | undefined {
    const f = this.fields.get(key);
    if (!f) return undefined;
    if (f.nested) {
      this.issue(path, 'TYPE_MISMATCH', key, { expected: 'text' });
      return undefined;
    }
    const values = distinctCleaned(f.texts);
    if (values.length > 1) {
      this.issue(path, 'FORMAT', key, { value: values.join(' | ') });
      return undefined;
    }
    return values[0];
  }

  get(path: string): unknown {
    return getAtPointer(this.root, path);
  }

  set(path: string, value: unknown, key?: string): void {
    setAtPointer(this.root, path, value);
    if (key !== undefined) this.sourceFields[path] = this.label(key);
  }

  issue(path: string, code: ErrorCode, key: string, params?: Record<string, unknown>): void {
    const i: RecordIssue = { path, code, sourceField: this.label(key) };
    if (params) i.params = params;
    this.issues.push(i);
  }

  hasIssue(path: string): boolean {
    return this.issues.some((i) => i.path === path);
  }

  /** Reads `key` (default: the path itself), converts it, and sets or reports. Returns the value set. */
  private read<T>(path: string, key: string, convert: (raw: string) => { ok: T } | { code: ErrorCode; params?: Record<string, unknown> }): T | undefined {
    const raw = this.take(key, path);
    if (raw === undefined) return undefined;
    const r = convert(raw);
    if ('ok' in r) {
      if (r.ok !== undefined) this.set(path, r.ok, key);
      return r.ok;
    }
    this.issue(path, r.code, key, { value: raw, ...r.params });
    return undefined;
  }

  text(path: string, key = path): string | undefined {
    return this.read(path, key, (raw) => ({ ok: raw }));
  }

  code(path: string, key = path): string | undefined {
    return this.read(path, key, (raw) => {
      const c = normaliseCodeValue(raw);
      return c.error ? { code: c.error } : { ok: c.value as string };
    });
  }

  date(path: string, mode: PermanentMode, key = path): string | null | undefined {
    return this.read<string | null>(path, key, (raw) => {
      const d = parseDate(raw);
      if (d.date !== undefined) return { ok: d.date };
      if (d.permanent && mode === 'null') return { ok: null };
      if (d.permanent && mode === 'far-date') return { ok: FAR_DATE };
      return { code: 'DATE_FORMAT' };
    });
  }

  dateTime(path: string, key = path): string | undefined {
    return this.read(path, key, (raw) => {
      const d = parseDateTime(raw);
      return d.dateTime !== undefined ? { ok: d.dateTime } : { code: 'DATE_FORMAT' };
    });
  }

  amountWan(path: string, unit: AmountUnit, key = path): string | undefined {
    return this.read(path, key, (raw) => {
      const a = parseAmount(raw, unit);
      return a.wan !== undefined ? { ok: a.wan } : { code: 'AMOUNT_FORMAT' };
    });
  }

  amountYuan(path: string, unit: AmountUnit, key = path): string | undefined {
    return this.read(path, key, (raw) => {
      const a = parseAmountYuan(raw, unit);
      return a.yuan !== undefined ? { ok: a.yuan } : { code: 'AMOUNT_YUAN_FORMAT' };
    });
  }

  count(path: string, key = path): number | undefined {
    return this.read(path, key, (raw) => {
      const c = parseCount(raw);
      return c.count !== undefined ? { ok: c.count } : { code: 'TYPE_MISMATCH', params: { expected: '非负整数' } };
    });
  }

  bool(path: string, key = path): boolean | undefined {
    return this.read(path, key, (raw) => {
      const b = parseBoolean(raw);
      return b.value !== undefined ? { ok: b.value } : { code: 'TYPE_MISMATCH', params: { expected: '是/否' } };
    });
  }

  year(path: string, key = path): number | undefined {
    return this.read(path, key, (raw) => {
      const y = parseYear(raw);
      return y.year !== undefined ? { ok: y.year } : { code: 'DATE_FORMAT' };
    });
  }

  /** A coded value looked up in `table`; unknown → ENUM listing the table's allowed values. */
  lookup<T>(path: string, table: ValueTable<T>, key = path): T | undefined {
    return this.read(path, key, (raw) => {
      const v = table.get(raw);
      return v !== undefined ? { ok: v } : { code: 'ENUM', params: { allowed: table.allowed } };
    });
  }

  /** Several values in one cell ("养老、医疗；工伤") each looked up in `table`; any unknown part → ENUM. */
  list<T>(path: string, table: ValueTable<T>, key = path): T[] | undefined {
    const texts = this.all(key, path);
    if (texts.length === 0) return undefined;
    const out: T[] = [];
    for (const part of texts.flatMap((t) => t.split(/[；;、,，/]+/))) {
      const p = part.trim();
      if (!p) continue;
      const v = table.get(p);
      if (v === undefined) {
        this.issue(path, 'ENUM', key, { value: p, allowed: table.allowed });
        return undefined;
      }
      if (!out.includes(v)) out.push(v);
    }
    if (out.length > 0) this.set(path, out, key);
    return out;
  }

  /**
   * A department that sends no record id of its own gets one from the record's natural key (e.g.
   * USCC + 评定年度), built from normalised values so "2024年" and "2024" give the same id. Needs
   * every part; otherwise /sourceRecordId stays absent and validation reports it missing.
   */
  deriveSourceRecordId(parts: ReadonlyArray<readonly [key: string, value: unknown]>): void {
    if (this.get('/sourceRecordId') !== undefined) return;
    if (parts.length === 0 || parts.some(([, v]) => v === undefined || v === null || v === '')) return;
    let id = parts.map(([, v]) => String(v)).join('|');
    if ([...id].length > 128) id = `sha256:${sha256Hex(id)}`;
    this.set('/sourceRecordId', id);
    this.sourceFields['/sourceRecordId'] = parts.map(([k]) => this.label(k)).join('+');
  }

  /** The record with `order`'s keys first, for readable, deterministic output. */
  finish(recordType: string, order: RecordOrder): { record: Obj; issues: RecordIssue[]; sourceFields: Record<string, string> } {
    return { record: orderedRecord(this.root, recordType, order), issues: this.issues, sourceFields: this.sourceFields };
  }
}

/** The reading order of a built record's subject and data members (members not named follow, as set). */
export interface RecordOrder {
  subject: readonly string[];
  data: readonly string[];
}

const LEGAL_REP_ORDER = ['name', 'idType', 'idNo'] as const;
const isTopMember = (k: string) => k === 'recordType' || k === 'operation' || k === 'sourceRecordId' || k === 'subject' || k === 'data';

/**
 * A built record in reading order: recordType, operation, sourceRecordId, subject, data, then any
 * other top-level member; subject (its legal representative too) and data in `order`'s order;
 * undefined members dropped. Written out rather than as `ordered({ ...root, … })`: the spread took a
 * slow generic path and made one more copy of every record.
 */
export function orderedRecord(root: { subject: Obj; data: Obj } & Obj, recordType: string, order: RecordOrder): Obj {
  const subject = ordered(root.subject, order.subject);
  if (typeof subject.legalRep === 'object' && subject.legalRep !== null) subject.legalRep = ordered(subject.legalRep as Obj, LEGAL_REP_ORDER);
  const out: Obj = { recordType };
  if (root.operation !== undefined) out.operation = root.operation;
  if (root.sourceRecordId !== undefined) out.sourceRecordId = root.sourceRecordId;
  out.subject = subject;
  out.data = ordered(root.data, order.data);
  for (const k of Object.keys(root)) {
    if (isTopMember(k)) continue;
    const v = root[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const SEGMENTS = new Map<string, readonly string[]>();

/** The value at a JSON pointer ("/data/decisionNo") of a built record, or undefined. */
export function getAtPointer(root: Obj, path: string): unknown {
  let cur: unknown = root;
  for (const seg of pointerSegments(path)) cur = typeof cur === 'object' && cur !== null ? (cur as Obj)[seg] : undefined;
  return cur;
}

/** Sets the value at a JSON pointer of a built record, creating the objects on the way. */
export function setAtPointer(root: Obj, path: string, value: unknown): void {
  const segs = pointerSegments(path);
  let cur: Obj = root;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i]!;
    const next = cur[seg];
    cur = typeof next === 'object' && next !== null ? (next as Obj) : (cur[seg] = {});
  }
  cur[segs.at(-1)!] = value;
}

/** "/data/fineAmountWan" → ["data", "fineAmountWan"]; the pointers are the adapters' own, so the cache stays small. */
function pointerSegments(path: string): readonly string[] {
  let segs = SEGMENTS.get(path);
  if (!segs) {
    segs = path.split('/').slice(1);
    if (SEGMENTS.size < 1024) SEGMENTS.set(path, segs);
  }
  return segs;
}

/** A copy of `obj` with `order`'s keys first (in that order) and undefined members dropped. */
export function ordered(obj: Obj, order: readonly string[]): Obj {
  const out: Obj = {};
  for (const k of order) {
    const v = obj[k];
    if (v !== undefined) out[k] = v;
  }
  for (const k of Object.keys(obj)) {
    if (Object.hasOwn(out, k)) continue;
    const v = obj[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
