import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_CONFIG_PATH, DEFAULT_LIST_TERMS, DEFAULT_PUBLICITY_RULES, parseConfig } from '../config/load.ts';
import { todayInShanghai } from '../util/time.ts';
import type { CanonicalRecord } from '../model/index.ts';
import { addDays, addMonths, createWorkCalendar } from './calendar.ts';
import { timeliness, withdrawalPlan } from './periods.ts';

const cfg = { schedule: null, defaultDomainTag: 'SAFETY', publicityRules: DEFAULT_PUBLICITY_RULES, listTermsMonths: DEFAULT_LIST_TERMS };
const penalty = (data: Record<string, unknown>) =>
  ({ recordType: 'administrative-penalty', operation: 'upsert', subject: { name: 'x', category: 'LEGAL_ORG' }, data: { decisionDate: '2024-03-15', penaltyCategories: ['罚款'], ...data } }) as unknown as CanonicalRecord;

describe('addMonths', () => {
  it.each([
    ['2024-03-15', 12, '2025-03-15'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-03-15', 36, '2027-03-15'],
  ])('%s + %d months = %s', (d, m, e) => expect(addMonths(d, m)).toBe(e));
  it('agrees with Date arithmetic on every day of 1999-2032, for -14..40 months (leap years, month ends, year 2000)', () => {
    const byDate = (date: string, months: number) => {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
      return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
    };
    let checked = 0;
    for (let day = addDays('1999-01-01', 0); day < '2033-01-01'; day = addDays(day, 1)) {
      for (const months of [-14, -1, 0, 1, 2, 3, 6, 11, 12, 13, 24, 36, 40]) {
        if (addMonths(day, months) !== byDate(day, months)) expect(`${day} + ${months}: ${addMonths(day, months)}`).toBe(`${day} + ${months}: ${byDate(day, months)}`);
        checked++;
      }
    }
    expect(checked).toBe(12419 * 13);
  });
});

describe('publicity periods from configured rules', () => {
  it('work-safety penalty after 58号令: at least 1 year, at most 3 years', () => {
    expect(withdrawalPlan(penalty({}), cfg)).toEqual({ kind: 'publicity', rule: 'ndrc-58-safety', minEnd: '2025-03-15', end: '2027-03-15' });
  });
  it('another domain after 58号令: at least 3 months', () => {
    expect(withdrawalPlan(penalty({ domainTag: 'OTHER' }), cfg)).toMatchObject({ rule: 'ndrc-58-general', minEnd: '2024-06-15', end: '2027-03-15' });
  });
  it('527号 era: general 3–12 months, serious 6–36 months', () => {
    expect(withdrawalPlan(penalty({ decisionDate: '2021-05-10' }), cfg)).toMatchObject({ rule: 'ndrc-2019-527-general', minEnd: '2021-08-10', end: '2022-05-10' });
    expect(withdrawalPlan(penalty({ decisionDate: '2021-05-10', severity: 'SERIOUS' }), cfg)).toMatchObject({ rule: 'ndrc-2019-527-serious', minEnd: '2021-11-10', end: '2024-05-10' });
  });
  it('a declared 公示截止期 is kept within the rule', () => {
    expect(withdrawalPlan(penalty({ publicityEndDate: '2026-01-01' }), cfg)!.end).toBe('2026-01-01');
    expect(withdrawalPlan(penalty({ publicityEndDate: '2024-06-01' }), cfg)!.end).toBe('2025-03-15');
    expect(withdrawalPlan(penalty({ publicityEndDate: '2030-01-01' }), cfg)!.end).toBe('2027-03-15');
  });
  it('list terms: joint punishment 1 year, serious dishonest 3 years, incentive 3 years', () => {
    const list = (listType: string) => ({ recordType: 'punishment-list-entry', operation: 'upsert', data: { listType, decisionDate: '2024-01-10', publishDate: '2024-02-01' } }) as unknown as CanonicalRecord;
    expect(withdrawalPlan(list('JOINT_PUNISHMENT_2017'), cfg)).toEqual({ kind: 'list-term', rule: 'list-term:JOINT_PUNISHMENT_2017', minEnd: null, end: '2025-02-01' });
    expect(withdrawalPlan(list('SERIOUS_DISHONEST_2023'), cfg)!.end).toBe('2027-02-01');
    const incentive = { recordType: 'incentive-list-entry', operation: 'upsert', data: { publishDate: '2024-02-01' } } as unknown as CanonicalRecord;
    expect(withdrawalPlan(incentive, cfg)!.end).toBe('2027-02-01');
  });
  it('revokes and other types have no plan', () => {
    expect(withdrawalPlan({ ...penalty({}), operation: 'revoke' } as CanonicalRecord, cfg)).toBeNull();
    expect(withdrawalPlan({ recordType: 'accident', operation: 'upsert', data: {} } as unknown as CanonicalRecord, cfg)).toBeNull();
  });
});

describe('reporting deadline in working days', () => {
  // 2025 calendar (国办发明电〔2024〕12号): 国庆 10-01…10-08 off, 09-28 and 10-11 worked.
  const cal = createWorkCalendar({ holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'], makeUpWorkdays: ['2025-09-28', '2025-10-11'] });
  it('weekends do not count', () => expect(cal.workingDaysBetween('2025-09-05', '2025-09-15')).toBe(6));
  // 09-28 (make-up Sunday), 09-29, 09-30, 10-09, 10-10, 10-11 (make-up Saturday), 10-13.
  it('the National Day week does not count, its make-up days do', () => expect(cal.workingDaysBetween('2025-09-26', '2025-10-13')).toBe(7));
  it('late after 7 working days', () => {
    expect(timeliness(penalty({ decisionDate: '2025-09-26' }), '2025-10-13', cal, { deadlineWorkingDays: 7 })).toEqual({ delayWorkingDays: 7, late: false });
    expect(timeliness(penalty({ decisionDate: '2025-09-26' }), '2025-10-14', cal, { deadlineWorkingDays: 7 })).toEqual({ delayWorkingDays: 8, late: true });
    expect(timeliness(penalty({ decisionDate: '2025-09-01' }), '2025-09-12', cal, { deadlineWorkingDays: 7 })).toEqual({ delayWorkingDays: 9, late: true });
  });
});

describe('working days: the arithmetic count agrees with a day-by-day walk', () => {
  const cal = createWorkCalendar({ holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-06', '2025-10-07', '2025-10-08', '2025-01-01'], makeUpWorkdays: ['2025-09-28', '2025-10-11'] });
  const slow = (from: string, to: string) => {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (cal.isWorkday(d)) n++;
    return n;
  };
  it('over many ranges', () => {
    for (let i = 0; i < 400; i += 7) for (const span of [0, 1, 2, 5, 6, 7, 13, 30, 95, 400]) {
      const from = addDays('2024-09-01', i);
      const to = addDays(from, span);
      expect(cal.workingDaysBetween(from, to), `${from} → ${to}`).toBe(slow(from, to));
    }
  });
});

describe('the holiday calendar in configuration', () => {
  const example = () => parseYaml(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, any>;

  it('warns at load when the current year has no holidays configured, and not when it has', () => {
    const year = todayInShanghai().slice(0, 4);
    const without = example();
    without.timeliness = { deadlineWorkingDays: 7, holidays: ['2020-01-01'], makeUpWorkdays: [] };
    expect(parseConfig(without, {}).warnings).toContainEqual(expect.stringMatching(new RegExp(`^/timeliness holidays: none for ${year};`)));
    const covered = example();
    covered.timeliness = { deadlineWorkingDays: 7, holidays: [`${year}-01-01`], makeUpWorkdays: [] };
    expect(parseConfig(covered, {}).warnings.filter((w) => w.startsWith('/timeliness'))).toEqual([]);
  });

  it("the example's 2026 entries are the State Council's notice: 33 days off, 6 make-up workdays; 7 working days around National Day", () => {
    const t = parseConfig(example(), {}).config.timeliness;
    expect(t.holidays.filter((d) => d.startsWith('2026-'))).toHaveLength(33);
    expect(t.makeUpWorkdays.filter((d) => d.startsWith('2026-'))).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    const cal = createWorkCalendar(t);
    expect(['2026-02-14', '2026-10-10', '2026-10-08'].map(cal.isWorkday)).toEqual([true, true, true]);
    expect(['2026-02-23', '2026-06-19', '2026-10-07', '2026-10-11'].map(cal.isWorkday)).toEqual([false, false, false, false]);
    // Decided 2026-09-30: 10.8, 10.9, 10.10 (调休), 10.12, 10.13, 10.14, 10.15.
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-15')).toBe(7);
  });
});
