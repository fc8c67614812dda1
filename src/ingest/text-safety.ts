// Characters PostgreSQL's jsonb cannot hold (U+0000, unpaired surrogates from JSON \ud800 escapes)
// and other C0 control characters are refused per record, before validation: otherwise one such
// value would fail the whole submission's transaction (a 500 that loses the valid records beside
// it). Error text quoting such a value is cleaned the same way before it is answered or stored.
import type { RecordIssue, RenderedIssue } from '../errors/index.ts';

// C0 controls except TAB, LF, CR; DEL; a high surrogate not followed by a low one; a low surrogate not preceded by a high one.
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_G = new RegExp(UNSAFE.source, 'g');

export function hasUnsafeText(s: string): boolean {
  return UNSAFE.test(s);
}

/** The text with every unsafe character replaced by U+FFFD. */
export function cleanText(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_G, '\ufffd') : s;
}

const pointerSegment = (k: string) => cleanText(k).replace(/~/g, '~0').replace(/\//g, '~1');

/** One INVALID_CHARACTER issue per string (or property name) holding an unsafe character. */
export function unsafeTextIssues(value: unknown, max = 20): RecordIssue[] {
  // Nearly every record is clean: look first without building a path per member.
  if (!anyUnsafe(value, 0)) return [];
  const out: RecordIssue[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (out.length >= max || depth > 64) return;
    if (typeof v === 'string') {
      if (UNSAFE.test(v)) out.push({ path, code: 'INVALID_CHARACTER' });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}/${i}`, depth + 1));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const p = `${path}/${pointerSegment(k)}`;
        if (UNSAFE.test(k)) out.push({ path: p, code: 'INVALID_CHARACTER' });
        walk(x, p, depth + 1);
      }
    }
  };
  walk(value, '', 0);
  return out;
}

function anyUnsafe(v: unknown, depth: number): boolean {
  if (typeof v === 'string') return UNSAFE.test(v);
  if (v === null || typeof v !== 'object' || depth > 64) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (anyUnsafe(x, depth + 1)) return true;
    return false;
  }
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    if (UNSAFE.test(k) || anyUnsafe((v as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

export function cleanRendered(issue: RenderedIssue): RenderedIssue {
  const out: RenderedIssue = { ...issue, path: cleanText(issue.path), message: cleanText(issue.message) };
  if (issue.sourceField !== undefined) out.sourceField = cleanText(issue.sourceField);
  return out;
}
