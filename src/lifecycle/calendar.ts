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

/** Calendar months, clamped to the month's last day (2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(ty, tm, Math.min(d, last)));
}

/** Working days under the State Council calendar: weekdays, minus holidays, plus make-up workdays (调休). */
export function createWorkCalendar(cfg: Pick<TimelinessConfig, 'holidays' | 'makeUpWorkdays'>) {
  const holidays = new Set(cfg.holidays);
  const makeUp = new Set(cfg.makeUpWorkdays);
  const isWorkday = (date: string): boolean => {
    if (makeUp.has(date)) return true;
    if (holidays.has(date)) return false;
    const dow = new Date(toUtc(date)).getUTCDay();
    return dow !== 0 && dow !== 6;
  };
  return {
    isWorkday,
    /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
    workingDaysBetween(from: string, to: string): number {
      if (to <= from) return 0;
      const span = Math.round((toUtc(to) - toUtc(from)) / DAY);
      let n = 0;
      for (let i = 1; i <= span; i++) if (isWorkday(addDays(from, i))) n++;
      return n;
    },
  };
}

export type WorkCalendar = ReturnType<typeof createWorkCalendar>;
