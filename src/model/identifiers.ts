// Identifier checks (DOMAIN.md (b)): USCC (GB 32100-2015), organisation code (GB 11714),
// resident ID (GB 11643-1999), 15-digit 工商注册号 (GS 15-2006, ISO 7064 MOD 11,10).
// Pure functions. The check functions expect input already passed through normaliseCode.

export type CodeCheck = 'ok' | 'format' | 'checksum';
export type ResidentIdCheck = CodeCheck | 'birthdate';

// Whitespace (incl. U+3000 after NFKC), zero-width characters and BOM.
const SPACES = /[\s\u200B-\u200D\u2060\uFEFF]/g;
// Hyphen/dash variants left after NFKC (full-width and small forms fold to these).
const DASHES = /[-\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;
// Excel text prefix, also in typographic form after a word processor touched it.
const LEADING_APOSTROPHE = /^['\u2018\u2019]+/;

// A code already in its normal form, as nearly every one arrives: nothing below would change it.
const NORMAL_CODE = /^[0-9A-Z]*$/;

export function normaliseCode(raw: string): string {
  if (NORMAL_CODE.test(raw)) return raw;
  return raw
    .normalize('NFKC')
    .replace(SPACES, '')
    .replace(DASHES, '')
    .replace(LEADING_APOSTROPHE, '')
    .toUpperCase();
}

// ---- USCC, GB 32100-2015 ----

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});
const USCC_FORMAT = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

function usccSum(first17: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * USCC_WEIGHTS[i]!;
  return sum;
}

/** Check character for the first 17 characters of a USCC (which must be from the USCC alphabet). */
export function usccCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) {
    throw new RangeError('usccCheckChar needs 17 characters from the USCC alphabet');
  }
  // The outer mod matters: a sum ≡ 0 (mod 31) gives '0', not ALPHA[31] (undefined).
  return USCC_ALPHABET.charAt((31 - (usccSum(first17) % 31)) % 31);
}

/** GB 32100-2015. A checksum failure is a warning in practice: early Xiamen pilot codes fail it. */
export function checkUscc(code: string): CodeCheck {
  if (!USCC_FORMAT.test(code)) return 'format';
  return usccCheckChar(code.slice(0, 17)) === code.charAt(17) ? 'ok' : 'checksum';
}

/** Second layer: the embedded 主体标识码 (chars 9–17) passes GB 11714. Informational only. */
export function checkUsccOrgCode(code: string): boolean {
  return code.length === 18 && checkOrgCode(code.slice(8, 17)) === 'ok';
}

// ---- Organisation code, GB 11714 ----

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** GB 11714 9-character organisation code, without the hyphen (normaliseCode strips it). */
export function checkOrgCode(code: string): CodeCheck {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return 'format';
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(code.charAt(i), 36) * ORG_WEIGHTS[i]!;
  const c9 = 11 - (sum % 11);
  const check = c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
  return check === code.charAt(8) ? 'ok' : 'checksum';
}

// ---- Resident ID, GB 11643-1999 ----

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** Check character for the first 17 digits of an 18-digit resident ID. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * ID_WEIGHTS[i]!;
  return ID_CHECK.charAt(sum % 11);
}

/** Legacy 15-digit ID → 18 digits: "19" after the region code, then the check character. */
export function upgradeResidentId15(id15: string): string | null {
  if (!/^\d{15}$/.test(id15)) return null;
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + residentIdCheckChar(first17);
}

function localYmd(d: Date): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(d.getFullYear(), 4)}${pad(d.getMonth() + 1, 2)}${pad(d.getDate(), 2)}`;
}

/** yyyymmdd is a real calendar date in [1900-01-01, today]. */
function isValidBirthdate(yyyymmdd: string, today: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return false;
  return yyyymmdd >= '19000101' && yyyymmdd <= localYmd(today);
}

/**
 * GB 11643-1999 18-digit ID, or a legacy 15-digit one (date checked via the upgrade; it has no
 * check character). A lowercase x is accepted. `today` is the upper bound for the birth date.
 */
export function checkResidentId(id: string, today: Date = new Date()): ResidentIdCheck {
  const upper = id.toUpperCase();
  if (/^\d{15}$/.test(upper)) {
    const upgraded = upgradeResidentId15(upper)!;
    return isValidBirthdate(upgraded.slice(6, 14), today) ? 'ok' : 'birthdate';
  }
  if (!/^\d{17}[\dX]$/.test(upper)) return 'format';
  if (!isValidBirthdate(upper.slice(6, 14), today)) return 'birthdate';
  return residentIdCheckChar(upper.slice(0, 17)) === upper.charAt(17) ? 'ok' : 'checksum';
}

// ---- 15-digit 工商注册号, GS 15-2006 (ISO 7064 MOD 11,10) ----

/** Check digit for the first 14 digits of a 15-digit registration number. */
export function regNo15CheckDigit(first14: string): string {
  if (!/^\d{14}$/.test(first14)) throw new RangeError('regNo15CheckDigit needs 14 digits');
  let p = 10;
  for (let i = 0; i < 14; i++) {
    const s = ((p % 11) + Number(first14.charAt(i))) % 10 || 10;
    p = 2 * s;
  }
  return String((11 - (p % 11)) % 10);
}

export function checkRegNo15(code: string): CodeCheck {
  if (!/^\d{15}$/.test(code)) return 'format';
  return regNo15CheckDigit(code.slice(0, 14)) === code.charAt(14) ? 'ok' : 'checksum';
}

// ---- Display helpers ----

/** Mask a personal ID number for display, keeping its length. */
export function maskIdNo(id: string): string {
  const chars = Array.from(id);
  const n = chars.length;
  const keep = (head: number, tail: number) =>
    chars.slice(0, head).join('') + '*'.repeat(n - head - tail) + chars.slice(n - tail).join('');
  if (n === 18 || n === 15) return keep(6, 4);
  if (n >= 4) return keep(1, 1);
  return '*'.repeat(n);
}

/** An identifier Excel has turned into a number in scientific notation (digits are lost). */
export function looksExcelDamaged(raw: string): boolean {
  return /^\d(\.\d+)?E\+?\d+$/i.test(raw.trim());
}
