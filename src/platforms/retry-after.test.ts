import { describe, expect, it } from 'vitest';
import { parseRetryAfter, RETRY_AFTER_MAX_MS, RETRY_AFTER_MIN_MS } from './retry-after.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-27T10:00:00Z');
  it.each([
    ['3', 3000],
    ['1.5', 1500],
    ['0', RETRY_AFTER_MIN_MS],
    ['999999', RETRY_AFTER_MAX_MS],
    ['Fri, 27 Nov 2026 10:00:10 GMT', 10_000],
    ['Fri, 27 Nov 2026 09:00:00 GMT', RETRY_AFTER_MIN_MS],
  ])('%s → %d ms', (v, ms) => expect(parseRetryAfter(v, now)).toBe(ms));
  it.each([undefined, '', '-1', 'abc 1', 'soon', '2026-11-27T10:00:10Z'])('%s → undefined (unreadable: not "retry now")', (v) => expect(parseRetryAfter(v, now)).toBeUndefined());
  it('takes the first of repeated headers', () => expect(parseRetryAfter(['2', '9'], now)).toBe(2000));
});
