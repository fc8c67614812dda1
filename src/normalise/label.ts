// Field labels as departments write them: column headers of Excel templates and keys of JSON
// exports. The same label comes with full- or half-width brackets, stray spaces, a required-field
// star or a trailing colon; a key that folds these lets one table of labels match them all.
import type { RecordIssue } from '../errors/index.ts';
import { hasAmountUnit } from './amount.ts';
import type { FieldValue } from './record-draft.ts';
import { clean } from './text.ts';

const SPACES = /[\s\u200B-\u200D\u2060\uFEFF]/g;
const OPEN = /[(（〔【［\[〖]/g;
const CLOSE = /[)）〕】］\]〗]/g;
const MARKS = /^[*＊★☆]+|[*＊★☆:：]+$/g;

/** "罚款金额（万元）", "罚款金额(万元)", " *罚款金额 ( 万元 ):" → one key. Latin letters fold to upper case (CF_nr_fk = CF_NR_FK). */
export function labelKey(label: string): string {
  return label.normalize('NFKC').replace(SPACES, '').replace(MARKS, '').replace(OPEN, '(').replace(CLOSE, ')').toUpperCase();
}

/**
 * The label caches below (a file's header names each field once, and every row or object asks
 * again) hold at most this many labels, each at most MAX_REMEMBERED_LABEL long, each as its own
 * copy: a label cut from a body (a CSV header cell) is, in V8, a slice that keeps the whole decoded
 * body alive, and 4,096 of them from different bodies could pin gigabytes. Longer labels are folded
 * every time; real ones are a few characters.
 */
const MAX_REMEMBERED = 4096;
const MAX_REMEMBERED_LABEL = 64;

/** Remembers `value` for `label` in `cache` within the bounds above, keyed by a copy of the label's own characters. */
function remember<V>(cache: Map<string, V>, label: string, value: V): void {
  if (cache.size < MAX_REMEMBERED && label.length <= MAX_REMEMBERED_LABEL) cache.set(label.split('').join(''), value);
}

/** Units of labels already read. */
const UNITS = new Map<string, '元' | '万元' | undefined>();

/** The unit a label declares in brackets ("拖欠金额（元）" → 元, "罚款金额(万元)" → 万元), if any. */
export function labelUnit(label: string): '元' | '万元' | undefined {
  if (UNITS.has(label)) return UNITS.get(label);
  const m = /\((万元|元)\)/.exec(labelKey(label));
  const unit = m ? (m[1] as '元' | '万元') : undefined;
  remember(UNITS, label, unit);
  return unit;
}

/**
 * Label → field key lookup. `entries` maps each field key to the labels that name it (the first is
 * the one errors use when the field is absent). Two fields claiming one label is a programming error.
 */
export class LabelTable {
  private readonly byLabel = new Map<string, string>();
  readonly primary: ReadonlyMap<string, string>;

  constructor(entries: Readonly<Record<string, readonly string[]>>) {
    const primary = new Map<string, string>();
    for (const [key, labels] of Object.entries(entries)) {
      primary.set(key, labels[0]!);
      for (const l of labels) {
        const k = labelKey(l);
        const other = this.byLabel.get(k);
        if (other !== undefined && other !== key) throw new Error(`label ${l} names both ${other} and ${key}`);
        this.byLabel.set(k, key);
      }
    }
    this.primary = primary;
  }

  /** Labels already folded: every row of a CSV and every object of a JSON export repeats them (bounded: see remember). */
  private readonly seen = new Map<string, string | undefined>();

  /** The field key a label names, or undefined. */
  resolve(label: string): string | undefined {
    if (this.seen.has(label)) return this.seen.get(label);
    const key = this.byLabel.get(labelKey(label));
    remember(this.seen, label, key);
    return key;
  }
}

export interface LabelledFields {
  /** Field key → its values. */
  bag: Map<string, FieldValue>;
  /** Field key → the label(s) as the department wrote them. */
  labels: Map<string, string>;
  /** Labels the table does not know, as written (extra columns such as 序号 or 联系电话). */
  unknown: string[];
}

/**
 * A department's (label, value) pairs keyed by field. Two labels naming one field ("罚款金额" and
 * "罚款金额（元）") are both kept: the field then holds both values, and a conflict is reported
 * by the reader rather than settled silently.
 */
export function labelledFields(entries: Iterable<readonly [string, FieldValue]>, table: LabelTable): LabelledFields {
  const bag = new Map<string, FieldValue>();
  const labels = new Map<string, string>();
  const unknown: string[] = [];
  for (const [label, value] of entries) {
    const key = table.resolve(label);
    if (key === undefined) {
      unknown.push(label);
      continue;
    }
    const f = bag.get(key);
    if (f) {
      f.texts.push(...value.texts);
      f.nested ||= value.nested;
      labels.set(key, `${labels.get(key)}/${label.trim()}`);
    } else {
      bag.set(key, { texts: [...value.texts], nested: value.nested });
      labels.set(key, label.trim());
    }
  }
  return { bag, labels, unknown };
}

/**
 * Each defaults table as an object literal would be. A table built key by key in a loop (as the
 * column sets are) ends up a dictionary object, and copying one per record cost 7.2 µs against 0.2
 * for this copy of it (36 entries, measured).
 */
const templates = new WeakMap<object, Readonly<Record<string, string>>>();
function template(defaults: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  let t = templates.get(defaults);
  if (!t) templates.set(defaults, (t = { ...defaults }));
  return t;
}

interface Built {
  record: Record<string, unknown>;
  issues: RecordIssue[];
  sourceFields: Record<string, string>;
}

/**
 * Renames field keys in a built record's sourceFields and issues to the department's labels
 * (several keys joined with "+" are renamed one by one), and names every canonical path in
 * `defaults` that the source did not fill, so a REQUIRED error on it names the department's field.
 */
export function relabel<T extends Built>(built: T, labels: ReadonlyMap<string, string>, defaults: Readonly<Record<string, string>> = {}): T {
  // Called once per record of a 5,000-record file: no per-entry arrays unless keys are joined, and
  // no closure of its own (see keepNames in scripts/build.ts).
  const sourceFields: Record<string, string> = { ...template(defaults) };
  for (const path in built.sourceFields) sourceFields[path] = renameKeys(built.sourceFields[path]!, labels);
  const issues = built.issues.length === 0 ? built.issues : built.issues.map((i) => (i.sourceField ? { ...i, sourceField: renameKeys(i.sourceField, labels) } : i));
  return { ...built, issues, sourceFields };
}

/** A field key, or keys joined with "+", as the department's labels. */
function renameKeys(keys: string, labels: ReadonlyMap<string, string>): string {
  return keys.includes('+') ? keys.split('+').map((k) => labels.get(k) ?? k).join('+') : (labels.get(keys) ?? keys);
}

/** Canonical pointer → the first label of its entry: what errors name when the department left the field out. */
export function defaultLabels(fields: Readonly<Record<string, readonly string[]>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => k.startsWith('/')).map(([k, labels]) => [k, labels[0]!]));
}

/**
 * Writes the unit a field's label declares (or `fallback`) onto bare amounts, for a reader whose
 * unit is fixed: under "罚款金额（元）" the value "2000" becomes "2000元". Values that name their own
 * unit are left alone. Returns written → original so an error can quote what the department sent.
 */
export function writeAmountUnits(bag: Map<string, FieldValue>, labels: ReadonlyMap<string, string>, keys: readonly string[], fallback: '元' | '万元'): Map<string, string> {
  const originals = new Map<string, string>();
  for (const key of keys) {
    const f = bag.get(key);
    const unit = labelUnit(labels.get(key) ?? '') ?? fallback;
    if (!f || unit !== '元') continue;
    f.texts = f.texts.map((t) => {
      if (clean(t) === undefined || hasAmountUnit(t)) return t;
      const written = `${t.trim()}元`;
      originals.set(written, t);
      return written;
    });
  }
  return originals;
}

/** Puts back the department's own text in issues about a value writeAmountUnits changed. */
export function restoreAmountValues(issues: RecordIssue[], originals: ReadonlyMap<string, string>): RecordIssue[] {
  if (originals.size === 0) return issues;
  return issues.map((i) => {
    const v = i.params?.value;
    if (typeof v !== 'string') return i;
    // A conflict is reported with the values joined by " | " (RecordDraft.take, park-xml's builder).
    const restored = v.split(' | ').map((part) => originals.get(part) ?? part).join(' | ');
    return restored === v ? i : { ...i, params: { ...i.params, value: restored } };
  });
}
