// Identifier codes as departments send them: full-width, lowercase, with hyphens or spaces, and
// sometimes mangled by Excel or a JavaScript Number (DOMAIN (e) 3, 4, 5, 7).
import { normaliseCode, residentIdCheckChar, usccCheckChar } from '../model/identifiers.ts';
import { clean } from './text.ts';

export interface NormalisedCode {
  value?: string;
  error?: 'EXCEL_DAMAGED';
}

const SPACES = /[\s\u200B-\u200D\u2060\uFEFF]/g;
/** 5.10104E+17, 5.10104e17, 1E+18: Excel showed a long number in scientific notation (digits lost). */
const SCIENTIFIC = /^[+-]?\d+(?:\.\d*)?E[+-]?\d+$/i;
/** 510104199001011234.0: a number that went through a float and came back with a decimal point. */
const DECIMAL = /^\d+\.\d*$/;
/** All-zero codes stand for "unknown" (e.g. 00000000000000000X as 数据来源单位代码). */
const ZERO_CODE = /^0+X?$/;

/**
 * An 18-digit code that went through a float: Excel keeps 15 significant digits (…011000) and a
 * JavaScript Number about 17 (510104199001011234 → 510104199001011260). Such a value is exactly the
 * shortest decimal form of a double, which an 18-significant-digit code never is. It is called
 * damaged only when it also fails both check characters it could have (GB 32100 and GB 11643), so
 * a genuine code that happens to end in zeros passes.
 */
export function lostDigits(code: string): boolean {
  if (!/^\d{18}$/.test(code) || String(Number(code)) !== code) return false;
  const head = code.slice(0, 17);
  return usccCheckChar(head) !== code.charAt(17) && residentIdCheckChar(head) !== code.charAt(17);
}

/**
 * NFKC, upper case, no spaces or hyphens (via normaliseCode). Placeholders and all-zero codes give
 * `{}`; scientific notation, a decimal point or an 18-digit value with float-lost digits (see
 * lostDigits) gives EXCEL_DAMAGED.
 */
export function normaliseCodeValue(raw: string): NormalisedCode {
  const c = clean(raw);
  if (c === undefined) return {};
  const compact = c.normalize('NFKC').replace(SPACES, '');
  if (SCIENTIFIC.test(compact) || DECIMAL.test(compact)) return { error: 'EXCEL_DAMAGED' };
  const value = normaliseCode(c);
  if (value === '' || ZERO_CODE.test(value)) return {};
  if (lostDigits(value)) return { error: 'EXCEL_DAMAGED' };
  return { value };
}
