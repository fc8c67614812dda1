/** Shortest and longest waits we accept from a platform's Retry-After. */
export const RETRY_AFTER_MIN_MS = 500;
export const RETRY_AFTER_MAX_MS = 3_600_000;

const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Parses Retry-After (delta seconds or an IMF-fixdate) into milliseconds, clamped to
 * [RETRY_AFTER_MIN_MS, RETRY_AFTER_MAX_MS] so "0" cannot make a hot loop and a huge value cannot
 * park deliveries for days; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(v)) ms = Number(v) * 1000;
  else if (HTTP_DATE.test(v)) ms = Date.parse(v) - now;
  else return undefined;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, Math.round(ms)));
}
