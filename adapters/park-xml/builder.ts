// Builds one canonical-shaped record from a record element's fields, collecting issues and the
// canonical-pointer → source-field map as it goes. Field reads go through src/normalise.
import type { ErrorCode, RecordIssue } from '../../src/errors/index.ts';
import { clean, distinctCleaned, FAR_DATE, getAtPointer, normaliseCodeValue, parseAmount, parseDate, setAtPointer, type AmountUnit, type PermanentMode } from '../../src/normalise/index.ts';
import type { FieldBag } from './xml.ts';

type Obj = Record<string, unknown>;


export class RecordBuilder {
  readonly root: { subject: Obj; data: Obj } & Obj = { subject: {}, data: {} };
  readonly issues: RecordIssue[] = [];
  readonly sourceFields: Record<string, string> = {};

  constructor(private readonly fields: FieldBag) {}

  has(code: string): boolean {
    return this.fields.has(code);
  }

  /** Every non-placeholder text of a field (a field may repeat). */
  all(code: string, path: string): string[] {
    const f = this.fields.get(code);
    if (!f) return [];
    if (f.nested) {
      this.issue(path, 'TYPE_MISMATCH', code, { expected: 'text' });
      return [];
    }
    return f.texts.map((t) => clean(t)).filter((t): t is string => t !== undefined);
  }

  /**
   * The first present field among `codes` (2021 code first, then legacy ones), cleaned. A field
   * repeated with different values is reported (FORMAT) rather than silently cut to one value.
   */
  take(codes: readonly string[], path: string): { code: string; raw: string } | undefined {
    for (const code of codes) {
      const f = this.fields.get(code);
      if (!f) continue;
      if (f.nested) {
        this.issue(path, 'TYPE_MISMATCH', code, { expected: 'text' });
        continue;
      }
      const values = distinctCleaned(f.texts);
      if (values.length > 1) {
        this.issue(path, 'FORMAT', code, { value: values.join(' | ') });
        return undefined;
      }
      if (values[0] !== undefined) return { code, raw: values[0] };
    }
    return undefined;
  }

  get(path: string): unknown {
    return getAtPointer(this.root, path);
  }

  set(path: string, value: unknown, sourceField?: string): void {
    setAtPointer(this.root, path, value);
    if (sourceField) this.sourceFields[path] = sourceField;
  }

  issue(path: string, code: ErrorCode, sourceField: string, params?: Record<string, unknown>): void {
    const i: RecordIssue = { path, code, sourceField };
    if (params) i.params = params;
    this.issues.push(i);
  }

  text(path: string, codes: readonly string[]): string | undefined {
    const t = this.take(codes, path);
    if (t) this.set(path, t.raw, t.code);
    return t?.raw;
  }

  code(path: string, codes: readonly string[]): string | undefined {
    const t = this.take(codes, path);
    if (!t) return undefined;
    const c = normaliseCodeValue(t.raw);
    if (c.error) this.issue(path, c.error, t.code, { value: t.raw });
    else if (c.value !== undefined) this.set(path, c.value, t.code);
    return c.value;
  }

  date(path: string, codes: readonly string[], permanent: PermanentMode): void {
    const t = this.take(codes, path);
    if (!t) return;
    const d = parseDate(t.raw);
    if (d.date !== undefined) this.set(path, d.date, t.code);
    else if (d.permanent && permanent === 'null') this.set(path, null, t.code);
    else if (d.permanent && permanent === 'far-date') this.set(path, FAR_DATE, t.code);
    else this.issue(path, 'DATE_FORMAT', t.code, { value: t.raw });
  }

  amount(path: string, codes: readonly string[], unit: AmountUnit): void {
    const t = this.take(codes, path);
    if (!t) return;
    const a = parseAmount(t.raw, unit);
    if (a.wan !== undefined) this.set(path, a.wan, t.code);
    else this.issue(path, 'AMOUNT_FORMAT', t.code, { value: t.raw });
  }

  /** A coded value looked up in `table` (keys compared after NFKC, trimmed); unknown → ENUM issue. */
  enumValue(path: string, codes: readonly string[], table: Readonly<Record<string, string>>): void {
    const t = this.take(codes, path);
    if (!t) return;
    const key = t.raw.normalize('NFKC').trim();
    const v = Object.hasOwn(table, key) ? table[key] : Object.hasOwn(table, key.toUpperCase()) ? table[key.toUpperCase()] : undefined;
    if (v !== undefined) this.set(path, v, t.code);
    else this.issue(path, 'ENUM', t.code, { value: t.raw, allowed: Object.keys(table) });
  }
}
