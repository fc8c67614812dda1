// Text cleaning shared by the adapters: placeholders, stray whitespace, Excel's text apostrophe,
// and a comparison key for names. Names themselves are never rewritten (DOMAIN (e) 3).

// Whitespace at either end, including U+3000 (ideographic space), zero-width characters and BOM.
const EDGE_SPACE = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;
// Excel's "treat as text" prefix, also in the typographic forms a word processor produces.
const LEADING_APOSTROPHE = /^['\u2018\u2019]+/;

/** Values departments put in a cell to mean "nothing here" (compared after NFKC, case-insensitively). */
const PLACEHOLDERS: ReadonlySet<string> = new Set(['', '无', '/', '\\', '—', '——', '-', '--', '---', 'null', '空', 'n/a']);

/** U+200B–U+200D and U+2060, which String#trim leaves. */
const isZeroWidth = (c: number) => (c >= 0x200b && c <= 0x200d) || c === 0x2060;
/** ', ‘ or ’: what LEADING_APOSTROPHE strips. */
const isApostrophe = (c: number) => c === 0x27 || c === 0x2018 || c === 0x2019;

function trimEdges(s: string): string {
  // String#trim covers \s, U+3000 and U+FEFF; zero-width characters are rare, so the regex runs only for them.
  const t = s.trim();
  return t.length > 0 && (isZeroWidth(t.charCodeAt(0)) || isZeroWidth(t.charCodeAt(t.length - 1))) ? t.replace(EDGE_SPACE, '') : t;
}

/** No placeholder is longer than this after trimming, in any width (NFKC never shortens "Ｎ／Ａ" below 3). */
const LONGEST_PLACEHOLDER = 6;

/**
 * A trimmed text's placeholder test. Every cell of every record passes here, and most short ones are
 * digits, lower-case ASCII or CJK ideographs, which NFKC and lower-casing leave as they are: those
 * are looked up as they stand, without the two new strings (a code, a date part, 罚款, 0).
 */
function placeholder(t: string): boolean {
  if (t.length > LONGEST_PLACEHOLDER) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    // Outside printable ASCII without A–Z, and outside the CJK Unified Ideographs: fold first.
    if (!((c >= 0x20 && c <= 0x7e && !(c >= 0x41 && c <= 0x5a)) || (c >= 0x4e00 && c <= 0x9fff))) return PLACEHOLDERS.has(t.normalize('NFKC').toLowerCase());
  }
  return PLACEHOLDERS.has(t);
}

/** True for 无, /, —, -, --, null, NULL, 空, N/A and empty or whitespace-only text (also full-width forms). */
export function isPlaceholder(raw: string | undefined | null): boolean {
  if (raw === undefined || raw === null) return true;
  return placeholder(trimEdges(raw));
}

/**
 * Trims (including ideographic and zero-width spaces), strips a leading Excel apostrophe and turns
 * placeholders into undefined. No NFKC: names keep their registered full-width brackets.
 */
export function clean(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let s = trimEdges(raw);
  if (s.length > 0 && isApostrophe(s.charCodeAt(0))) s = trimEdges(s.replace(LEADING_APOSTROPHE, ''));
  return placeholder(s) ? undefined : s;
}

/** The cleaned texts of a field without placeholders, each distinct value once, in first-seen order (`[...new Set(texts.map(clean))]` minus undefined, without the copies). */
export function distinctCleaned(texts: readonly string[]): string[] {
  let first: string | undefined;
  let out: string[] | undefined;
  for (const t of texts) {
    const c = clean(t);
    if (c === undefined) continue;
    if (first === undefined) first = c;
    else if (c !== first && !(out ??= [first]).includes(c)) out.push(c);
  }
  return out ?? (first === undefined ? [] : [first]);
}

const OPEN_BRACKETS = /[(（〔【［\[〖]/g;
const CLOSE_BRACKETS = /[)）〕】］\]〗]/g;
const ANY_SPACE = /[\s\u200B-\u200D\u2060\uFEFF]/g;

/**
 * A key for comparing names: NFKC, all bracket styles folded to ( ), spaces removed. Use it only to
 * compare (e.g. "某某（连云港）有限公司" and "某某(连云港)有限公司" match); store the name as sent.
 */
export function matchKey(name: string): string {
  return name.normalize('NFKC').replace(ANY_SPACE, '').replace(OPEN_BRACKETS, '(').replace(CLOSE_BRACKETS, ')');
}
