// Counts, yes/no answers and years as department systems write them ("3人", "是", "2024年度").

const SPACES = /[\s\u200B-\u200D\u2060\uFEFF]/g;

function compact(raw: string): string {
  return raw.normalize('NFKC').replace(SPACES, '').replace(/^['\u2018\u2019]+/, '');
}

export interface ParsedCount {
  count?: number;
  error?: 'TYPE_MISMATCH';
}

/** "3", "３", "3人", "12名", "3.0" → a non-negative integer; anything else (−1, 2.5, 三) → TYPE_MISMATCH. */
export function parseCount(raw: string): ParsedCount {
  const m = /^(\d{1,9})(?:\.0+)?(?:人|名|个|人次)?$/.exec(compact(raw));
  return m ? { count: Number(m[1]) } : { error: 'TYPE_MISMATCH' };
}

const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√', '✓', '有']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '×', '✗', '不是']);

export interface ParsedBoolean {
  value?: boolean;
  error?: 'TYPE_MISMATCH';
}

/** 是/否, Y/N, true/false, 1/0, √/× → boolean; anything else → TYPE_MISMATCH. (无 is a placeholder, read earlier.) */
export function parseBoolean(raw: string): ParsedBoolean {
  const k = compact(raw).toUpperCase();
  if (YES.has(k)) return { value: true };
  if (NO.has(k)) return { value: false };
  return { error: 'TYPE_MISMATCH' };
}

export interface ParsedYear {
  year?: number;
  error?: 'DATE_FORMAT';
}

/** "2024", "2024年", "2024年度", "２０２４" → 2024 (1000–9999); anything else → DATE_FORMAT. */
export function parseYear(raw: string): ParsedYear {
  const m = /^(\d{4})(?:\.0+)?(?:年度?)?$/.exec(compact(raw));
  return m && Number(m[1]) >= 1000 ? { year: Number(m[1]) } : { error: 'DATE_FORMAT' };
}
