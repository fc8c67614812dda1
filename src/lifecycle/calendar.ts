import type { TimelinessConfig } from '../config/index.ts';

const DAY = 86_400_000;

function toUtc(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Calendar months, clamped to the month's last day (2024-01-31 + 1 month = 2024-02-29). Plain
 * arithmetic on the date's parts: it runs for every ingested record with a publicity period, and a
 * Date plus toISOString per call was ~2 µs of the API's CPU per record (profile of the ingest bench).
 */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = (((m % 12) + 12) % 12) + 1;
  return `${String(ty).padStart(4, '0')}-${pad2(tm)}-${pad2(Math.min(d, daysInMonth(ty, tm)))}`;
}

/** Weekdays in day numbers 1..d counted from the epoch: full weeks give 5 each, then the remainder (module level: see keepNames in scripts/build.ts). */
function weekdaysUpTo(d: number): number {
  const weeks = Math.floor(d / 7);
  let n = weeks * 5;
  for (let i = weeks * 7 + 1; i <= d; i++) {
    const dow = (i + 4) % 7; // 0 = Sunday
    if (dow !== 0 && dow !== 6) n++;
  }
  return n;
}

/** Weekdays (Mon–Fri) among day numbers (from, to], day 0 = 1970-01-01 (a Thursday). */
function weekdaysBetween(fromDay: number, toDay: number): number {
  return weekdaysUpTo(toDay) - weekdaysUpTo(fromDay);
}

/** Working days under the State Council calendar: weekdays, minus holidays, plus make-up workdays (调休). */
export function createWorkCalendar(cfg: Pick<TimelinessConfig, 'holidays' | 'makeUpWorkdays'>) {
  const holidays = new Set(cfg.holidays);
  const makeUp = new Set(cfg.makeUpWorkdays);
  const dayOf = (date: string) => Math.round(toUtc(date) / DAY);
  const isWeekend = (day: number) => {
    const dow = (day + 4) % 7;
    return dow === 0 || dow === 6;
  };
  // Only the exceptions that change the weekday count are kept, as day numbers.
  const holidayWeekdays = [...holidays].map(dayOf).filter((d) => !isWeekend(d) && !makeUp.has(fromUtc(d * DAY)));
  const makeUpWeekends = [...makeUp].map(dayOf).filter((d) => isWeekend(d));
  const isWorkday = (date: string): boolean => {
    if (makeUp.has(date)) return true;
    if (holidays.has(date)) return false;
    return !isWeekend(dayOf(date));
  };
  return {
    isWorkday,
    /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
    workingDaysBetween(from: string, to: string): number {
      if (to <= from) return 0;
      const a = dayOf(from);
      const b = dayOf(to);
      let n = weekdaysBetween(a, b);
      for (const d of holidayWeekdays) if (d > a && d <= b) n--;
      for (const d of makeUpWeekends) if (d > a && d <= b) n++;
      return n;
    },
  };
}

export type WorkCalendar = ReturnType<typeof createWorkCalendar>;
