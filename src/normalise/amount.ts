// Money as exact decimal strings in 万元 (DOMAIN (e) 2). Done on digit strings: no floats anywhere.

export type AmountUnit = '元' | '万元';

export interface ParsedAmount {
  /** Canonical 万元 decimal: no leading or trailing zeros, at most 6 places ("0.2", "10", "0.000001"). */
  wan?: string;
  error?: 'AMOUNT_FORMAT';
}

const ERR: ParsedAmount = Object.freeze({ error: 'AMOUNT_FORMAT' }) as ParsedAmount;
const MAX_PLACES = 6;
const SPACES = /[\s\u200B-\u200D\u2060\uFEFF]/g;
const CURRENCY_PREFIX = /^(?:¥|RMB|CNY|人民币)/i;
const UNIT_SUFFIX = /(万元|万|元|圆)整?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const PLAIN = /^(\d+)(?:\.(\d+))?$/;

/**
 * Reads "2,000元", "0.2万元", "２，０００", "2000.00", "¥2000" into 万元. An explicit unit in the text
 * wins over `unit` (the field's default). Negative, non-numeric or finer than 0.000001 万元 (0.01 元)
 * → AMOUNT_FORMAT.
 */
export function parseAmount(raw: string, unit: AmountUnit): ParsedAmount {
  // NFKC turns full-width digits, ，and ￥ into their ASCII/Latin-1 forms.
  let s = raw.normalize('NFKC').replace(SPACES, '').replace(/^['\u2018\u2019]+/, '');
  s = s.replace(CURRENCY_PREFIX, '');
  let u: AmountUnit = unit;
  const suffix = UNIT_SUFFIX.exec(s);
  if (suffix) {
    u = suffix[1] === '万元' || suffix[1] === '万' ? '万元' : '元';
    s = s.slice(0, suffix.index);
  }
  if (GROUPED.test(s)) s = s.replace(/,/g, '');
  const m = PLAIN.exec(s);
  if (!m) return ERR;
  return toWan(m[1]!, m[2] ?? '', u);
}

function toWan(intDigits: string, fracDigits: string, unit: AmountUnit): ParsedAmount {
  let digits = intDigits + fracDigits;
  let point = intDigits.length - (unit === '元' ? 4 : 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  const int = digits.slice(0, point).replace(/^0+/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  if (frac.length > MAX_PLACES) return ERR;
  return { wan: frac ? `${int}.${frac}` : int };
}
