// Text cleaning shared by the adapters: placeholders, stray whitespace, Excel's text apostrophe,
// and a comparison key for names. Names themselves are never rewritten (DOMAIN (e) 3).

// Whitespace at either end, including U+3000 (ideographic space), zero-width characters and BOM.
const EDGE_SPACE = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;
// Excel's "treat as text" prefix, also in the typographic forms a word processor produces.
const LEADING_APOSTROPHE = /^['\u2018\u2019]+/;

/** Values departments put in a cell to mean "nothing here" (compared after NFKC, case-insensitively). */
const PLACEHOLDERS: ReadonlySet<string> = new Set(['', '无', '/', '\\', '—', '——', '-', '--', '---', 'null', '空', 'n/a']);

const ZERO_WIDTH = /[\u200B-\u200D\u2060]/;

function trimEdges(s: string): string {
  // String#trim covers \s, U+3000 and U+FEFF; zero-width characters are rare, so the regex runs only for them.
  const t = s.trim();
  return t.length > 0 && (ZERO_WIDTH.test(t.charAt(0)) || ZERO_WIDTH.test(t.charAt(t.length - 1))) ? t.replace(EDGE_SPACE, '') : t;
}

/** No placeholder is longer than this after trimming, in any width (NFKC never shortens "Ｎ／Ａ" below 3). */
const LONGEST_PLACEHOLDER = 6;

/** True for 无, /, —, -, --, null, NULL, 空, N/A and empty or whitespace-only text (also full-width forms). */
export function isPlaceholder(raw: string | undefined | null): boolean {
  if (raw === undefined || raw === null) return true;
  const t = trimEdges(raw);
  return t.length <= LONGEST_PLACEHOLDER && PLACEHOLDERS.has(t.normalize('NFKC').toLowerCase());
}

/**
 * Trims (including ideographic and zero-width spaces), strips a leading Excel apostrophe and turns
 * placeholders into undefined. No NFKC: names keep their registered full-width brackets.
 */
export function clean(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let s = trimEdges(raw);
  if (LEADING_APOSTROPHE.test(s)) s = trimEdges(s.replace(LEADING_APOSTROPHE, ''));
  return s.length <= LONGEST_PLACEHOLDER && PLACEHOLDERS.has(s.normalize('NFKC').toLowerCase()) ? undefined : s;
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
