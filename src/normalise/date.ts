// Date reading for department data (DOMAIN (e) 1): 2019年3月5日, 2019.3.5, 2019/03/05, 2019-3-5,
// 20190305, ISO timestamps (converted to Asia/Shanghai), Excel serial days, Unix timestamps,
// full-width digits; 长期/永久/2099-12-31 mean "no end". parseDateTime reads the same forms with a
// time of day (14:30, 14时30分许). Pure; no Date.now().

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

export interface ParsedDateTime {
  /** RFC 3339 in Beijing time: YYYY-MM-DDTHH:mm:ss+08:00. */
  dateTime?: string;
  error?: 'DATE_FORMAT';
}

const DT_ERR: ParsedDateTime = Object.freeze({ error: 'DATE_FORMAT' }) as ParsedDateTime;
const CHINESE_DAY = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?/;
const SEPARATED_DAY = /^(\d{4})([-./])(\d{1,2})\2(\d{1,2})/;
/** 14:30, 14:30:15(.123), 14时30分, 14时30分15秒, 14点30分, 14时许, 14时30分许. */
const CLOCK = /^(\d{1,2})[:时点](?:(\d{1,2})分?(?::?(\d{1,2})(?:\.\d+)?秒?)?)?许?$/;
const EXCEL_SERIAL_TIME = /^(\d{4,5})(?:\.(\d+))?$/;

function fmtDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): string {
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}+08:00`;
}

/** A UTC instant → its Beijing wall-clock time. */
function shanghaiDateTime(utcMs: number): ParsedDateTime {
  if (!Number.isFinite(utcMs)) return DT_ERR;
  const t = new Date(Math.round(utcMs / 1000) * 1000 + SHANGHAI_OFFSET_MS);
  const [y, mo, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  if (!isRealDate(y, mo, d)) return DT_ERR;
  return { dateTime: fmtDateTime(y, mo, d, t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()) };
}

function withClock(y: number, mo: number, d: number, rest: string): ParsedDateTime {
  if (!isRealDate(y, mo, d)) return DT_ERR;
  const clock = rest.replace(/^[T\s]+/, '');
  if (clock === '') return { dateTime: fmtDateTime(y, mo, d, 0, 0, 0) };
  const c = CLOCK.exec(clock);
  if (!c) return DT_ERR;
  const [h, mi, s] = [Number(c[1]), Number(c[2] ?? 0), Number(c[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return DT_ERR;
  return { dateTime: fmtDateTime(y, mo, d, h, mi, s) };
}

/**
 * A moment in Beijing time. Every form parseDate reads, optionally followed by a time of day
 * ("2024-03-05 14:30", "2024年3月5日14时30分许"); ISO timestamps with a zone are converted to +08:00;
 * Excel serials keep their fraction of a day. A date without a time reads as 00:00:00.
 * 长期/永久 and anything unreadable → DATE_FORMAT.
 */
export function parseDateTime(raw: string): ParsedDateTime {
  const s = raw.normalize('NFKC').trim().replace(/^['\u2018\u2019]+/, '').trim();
  let m: RegExpExecArray | null;
  if ((m = ZONED.exec(s))) {
    const day = fromZoned(m);
    if (day.date === undefined) return DT_ERR;
    const zone = m[7]!.toUpperCase();
    const digits = zone === 'Z' ? '0000' : zone.slice(1).replace(':', '');
    const offsetMin = zone === 'Z' ? 0 : (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * (zone.startsWith('-') ? -1 : 1);
    const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m![i] ?? 0)) as [number, number, number, number, number, number];
    return shanghaiDateTime(Date.UTC(y, mo - 1, d, h, mi, sec) - offsetMin * 60_000);
  }
  if ((m = CHINESE_DAY.exec(s))) return withClock(Number(m[1]), Number(m[2]), Number(m[3]), s.slice(m[0].length));
  if ((m = SEPARATED_DAY.exec(s))) return withClock(Number(m[1]), Number(m[3]), Number(m[4]), s.slice(m[0].length));
  if ((m = COMPACT.exec(s))) return withClock(Number(m[1]), Number(m[2]), Number(m[3]), '');
  if ((m = EXCEL_SERIAL_TIME.exec(s))) {
    if (m[1]!.length === 4 && Number(m[1]) >= 1900 && Number(m[1]) <= 2100) return DT_ERR;
    const days = Number(`${m[1]}.${m[2] ?? '0'}`);
    // The serial is Beijing wall-clock time; read it as UTC, then shift so shanghaiDateTime adds the offset back.
    return shanghaiDateTime(EXCEL_EPOCH_MS + days * DAY_MS - SHANGHAI_OFFSET_MS);
  }
  if (UNIX_SECONDS.test(s)) return shanghaiDateTime(Number(s) * 1000);
  if (UNIX_MILLIS.test(s)) return shanghaiDateTime(Number(s));
  return DT_ERR;
}

export interface ParsedPeriod {
  from?: string;
  to?: string;
  error?: 'DATE_FORMAT';
}

const MONTH_ONLY = /^(\d{4})\s*(?:年\s*(\d{1,2})\s*月份?|[-./](\d{1,2}))$/;
const PERIOD_SEPARATOR = /\s*(?:至|到|~|～|—+|–+|--)\s*/;

/** One end of a period: a full date, or a month ("2024年1月", "2024-01", "2024.1") read as its first or last day. */
function periodEnd(raw: string, end: 'from' | 'to'): string | undefined {
  const m = MONTH_ONLY.exec(raw.normalize('NFKC').trim());
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2] ?? m[3])];
    if (!isRealDate(y, mo, 1)) return undefined;
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const last = MONTH_DAYS[mo - 1]! + (mo === 2 && leap ? 1 : 0);
    return `${pad(y, 4)}-${pad(mo)}-${pad(end === 'from' ? 1 : last)}`;
  }
  return parseDate(raw).date;
}

/** "2024年1月至2024年6月", "2024-01-01至2024-06-30", "2024.1～2024.6" → first and last day. */
export function parsePeriod(raw: string): ParsedPeriod {
  const parts = raw.normalize('NFKC').trim().split(PERIOD_SEPARATOR);
  if (parts.length !== 2) return { error: 'DATE_FORMAT' };
  const from = periodEnd(parts[0]!, 'from');
  const to = periodEnd(parts[1]!, 'to');
  return from && to ? { from, to } : { error: 'DATE_FORMAT' };
}
