// Identifier codes as departments send them: full-width, lowercase, with hyphens or spaces, and
// sometimes mangled by Excel (DOMAIN (e) 3, 4, 5, 7).
import { normaliseCode } from '../model/identifiers.ts';
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
 * NFKC, upper case, no spaces or hyphens (via normaliseCode). Placeholders and all-zero codes give
 * `{}`; scientific notation or a decimal point gives EXCEL_DAMAGED. An 18-digit number whose last
 * digits were zeroed by a float round-trip cannot be told apart from a real code and passes.
 */
export function normaliseCodeValue(raw: string): NormalisedCode {
  const c = clean(raw);
  if (c === undefined) return {};
  const compact = c.normalize('NFKC').replace(SPACES, '');
  if (SCIENTIFIC.test(compact) || DECIMAL.test(compact)) return { error: 'EXCEL_DAMAGED' };
  const value = normaliseCode(c);
  if (value === '' || ZERO_CODE.test(value)) return {};
  return { value };
}
