// Money as exact decimal strings (DOMAIN (e) 2). Done on digit strings: no floats anywhere.

export type AmountUnit = '元' | '万元';

export interface ParsedAmount {
  /** Canonical 万元 decimal: no leading or trailing zeros, at most 6 places ("0.2", "10", "0.000001"). */
  wan?: string;
  error?: 'AMOUNT_FORMAT';
}

export interface ParsedYuan {
  /** Canonical 元 decimal: no leading or trailing zeros, at most 2 places ("386500", "1200.5"). */
  yuan?: string;
  error?: 'AMOUNT_YUAN_FORMAT';
}

const SPACES = /[\s\u200B-\u200D\u2060\uFEFF]/g;
const CURRENCY_PREFIX = /^(?:¥|RMB|CNY|人民币)/i;
const UNIT_SUFFIX = /(万元|万|元|圆)整?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const PLAIN = /^(\d+)(?:\.(\d+))?$/;

interface Decimal {
  int: string;
  frac: string;
  unit: AmountUnit;
}

/** "2,000元", "0.2万元", "２，０００", "¥2000" → digits and the unit (explicit in the text, else `unit`). */
function readDecimal(raw: string, unit: AmountUnit): Decimal | undefined {
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
  return m ? { int: m[1]!, frac: m[2] ?? '', unit: u } : undefined;
}

/** True when the text names its unit (元, 万元, 万, 圆), so a field's default unit does not apply. */
export function hasAmountUnit(raw: string): boolean {
  return UNIT_SUFFIX.test(raw.normalize('NFKC').replace(SPACES, ''));
}

/**
 * Moves the decimal point `shift` places left (negative: right) and trims zeros; undefined when
 * more than `maxPlaces` decimals remain.
 */
function scaled(intDigits: string, fracDigits: string, shift: number, maxPlaces: number): string | undefined {
  let digits = intDigits + fracDigits;
  let point = intDigits.length - shift;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length);
  }
  const int = digits.slice(0, point).replace(/^0+/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  if (frac.length > maxPlaces) return undefined;
  return frac ? `${int}.${frac}` : int;
}

/**
 * Reads "2,000元", "0.2万元", "２，０００", "2000.00", "¥2000" into 万元. An explicit unit in the text
 * wins over `unit` (the field's default). Negative, non-numeric or finer than 0.000001 万元 (0.01 元)
 * → AMOUNT_FORMAT.
 */
export function parseAmount(raw: string, unit: AmountUnit): ParsedAmount {
  const d = readDecimal(raw, unit);
  const wan = d && scaled(d.int, d.frac, d.unit === '元' ? 4 : 0, 6);
  return wan === undefined ? { error: 'AMOUNT_FORMAT' } : { wan };
}

/**
 * The same reading into 元 ("38.65万元" → "386500", "386,500.00元" → "386500"). Finer than a fen
 * (0.01 元) → AMOUNT_YUAN_FORMAT.
 */
export function parseAmountYuan(raw: string, unit: AmountUnit): ParsedYuan {
  const d = readDecimal(raw, unit);
  const yuan = d && scaled(d.int, d.frac, d.unit === '万元' ? -4 : 0, 2);
  return yuan === undefined ? { error: 'AMOUNT_YUAN_FORMAT' } : { yuan };
}
