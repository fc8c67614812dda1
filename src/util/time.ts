/** China's offset from UTC: +08:00 all year (no daylight saving since 1991). */
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * Today's date in China (UTC+8), YYYY-MM-DD: decision dates are compared with the local calendar.
 * By arithmetic, not Intl: every submission asks, and the formatter was 1.3% of the API process's busy
 * time in a profile of single-record requests at 200/s (warm, 1.8-2.5 against 0.8-1.3 µs a call).
 * time.test.ts checks it gives Intl's Asia/Shanghai answer for instants from 1992 to 2100.
 */
export function todayInShanghai(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
