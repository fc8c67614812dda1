import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { todayInShanghai } from './time.ts';

const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('todayInShanghai', () => {
  it('gives the date in China: midnight there is 16:00 UTC the day before', () => {
    expect(todayInShanghai(new Date('2026-12-03T15:59:59.999Z'))).toBe('2026-12-03');
    expect(todayInShanghai(new Date('2026-12-03T16:00:00.000Z'))).toBe('2026-12-04');
    expect(todayInShanghai(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
    expect(todayInShanghai(new Date('2028-02-28T16:00:00.000Z'))).toBe('2028-02-29');
  });

  it("agrees with Intl's Asia/Shanghai for any instant from 1992 to 2100, and around every midnight there", () => {
    const from = Date.UTC(1992, 0, 1), to = Date.UTC(2100, 0, 1);
    fc.assert(fc.property(fc.integer({ min: from, max: to }), (t) => {
      expect(todayInShanghai(new Date(t))).toBe(intl.format(new Date(t)));
    }), { numRuns: 5000 });
    for (let day = from; day < to; day += 86_400_000 * 97) {
      for (const t of [day - 8 * 3600_000 - 1, day - 8 * 3600_000]) expect(todayInShanghai(new Date(t))).toBe(intl.format(new Date(t)));
    }
  });

  it('is today by default', () => {
    expect(todayInShanghai()).toBe(intl.format(new Date()));
  });
});
