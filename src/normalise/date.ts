// Date reading for department data (DOMAIN (e) 1): 2019年3月5日, 2019.3.5, 2019/03/05, 2019-3-5,
// 20190305, ISO timestamps (converted to Asia/Shanghai), Excel serial days, Unix timestamps,
// full-width digits; 长期/永久/2099-12-31 mean "no end". Pure; no Date.now().

export interface ParsedDate {
  /** YYYY-MM-DD. */
  date?: string;
  /** 长期, 永久, 2099-12-31 (or 9999-12-31): no end date. */
  permanent?: true;
  error?: 'DATE_FORMAT';
}

const ERR: ParsedDate = Object.freeze({ error: 'DATE_FORMAT' }) as ParsedDate;
const DAY_MS = 86_400_000;
/** Asia/Shanghai has been UTC+8 without DST since 1991; records before that are rare and date-only. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const PERMANENT_WORDS = /^(长期|永久)(有效)?$/;
const PERMANENT_DATES: ReadonlySet<string> = new Set(['2099-12-31', '9999-12-31']);
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?`;
const CHINESE = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?${TIME}$`);
const SEPARATED = new RegExp(String.raw`^(\d{4})([-./])(\d{1,2})\2(\d{1,2})${TIME}$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const ZONED = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;
const EXCEL_SERIAL = /^(\d{4,5})(?:\.\d+)?$/;
const UNIX_SECONDS = /^\d{10}$/;
const UNIX_MILLIS = /^\d{13}$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** A real calendar date with a four-digit year (years below 1000 are typos, not history). */
function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= MONTH_DAYS[m - 1]! + (m === 2 && leap ? 1 : 0);
}

function fromYmd(y: number, m: number, d: number): ParsedDate {
  if (!isRealDate(y, m, d)) return ERR;
  const iso = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  return PERMANENT_DATES.has(iso) ? { permanent: true } : { date: iso };
}

/** A UTC instant → its calendar date in Asia/Shanghai. */
function shanghaiDate(utcMs: number): ParsedDate {
  if (!Number.isFinite(utcMs)) return ERR;
  const t = new Date(utcMs + SHANGHAI_OFFSET_MS);
  return fromYmd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function fromZoned(m: RegExpExecArray): ParsedDate {
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (!isRealDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return ERR;
  const zone = m[7]!.toUpperCase();
  let offsetMin = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMin = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * (zone.startsWith('-') ? -1 : 1);
    if (Number(digits.slice(2)) > 59 || Math.abs(offsetMin) > 14 * 60) return ERR;
  }
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000;
  return shanghaiDate(utc);
}

/** Excel serial days (1900 system). Four-digit values that read as a year (1900–2100) are not serials. */
function fromExcelSerial(digits: string): ParsedDate {
  const n = Number(digits);
  if (digits.length === 4 && n >= 1900 && n <= 2100) return ERR;
  const t = new Date(EXCEL_EPOCH_MS + n * DAY_MS);
  return fromYmd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function parseDate(raw: string): ParsedDate {
  const s = raw.normalize('NFKC').trim().replace(/^['\u2018\u2019]+/, '').trim();
  if (s === '') return ERR;
  if (PERMANENT_WORDS.test(s)) return { permanent: true };
  let m: RegExpExecArray | null;
  if ((m = ZONED.exec(s))) return fromZoned(m);
  if ((m = CHINESE.exec(s))) return fromYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = SEPARATED.exec(s))) return fromYmd(Number(m[1]), Number(m[3]), Number(m[4]));
  if ((m = COMPACT.exec(s))) return fromYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = EXCEL_SERIAL.exec(s))) return fromExcelSerial(m[1]!);
  if (UNIX_SECONDS.test(s)) return shanghaiDate(Number(s) * 1000);
  if (UNIX_MILLIS.test(s)) return shanghaiDate(Number(s));
  return ERR;
}
