import { describe, expect, it } from 'vitest';
import { parseBoolean, parseCount, parseYear } from './number.ts';

describe('parseCount', () => {
  it.each([['3', 3], ['３', 3], ['3人', 3], ['12名', 12], ['0', 0], ['3.0', 3], [' 23 人 ', 23], ["'7", 7]])('%j → %d', (raw, count) => {
    expect(parseCount(raw)).toEqual({ count });
  });
  it.each(['-1', '2.5', '三', '约20人', '1e3', '', '20-30'])('%j → TYPE_MISMATCH', (raw) => {
    expect(parseCount(raw)).toEqual({ error: 'TYPE_MISMATCH' });
  });
});

describe('parseBoolean', () => {
  it.each([['是', true], ['否', false], ['Y', true], ['n', false], ['true', true], ['FALSE', false], ['1', true], ['0', false], ['√', true], ['×', false]])('%j → %s', (raw, value) => {
    expect(parseBoolean(raw)).toEqual({ value });
  });
  it.each(['不确定', '', '2', 'yes please'])('%j → TYPE_MISMATCH', (raw) => {
    expect(parseBoolean(raw)).toEqual({ error: 'TYPE_MISMATCH' });
  });
});

describe('parseYear', () => {
  it.each([['2024', 2024], ['2024年', 2024], ['2024年度', 2024], ['２０２４', 2024], ['2024.0', 2024]])('%j → %d', (raw, year) => {
    expect(parseYear(raw)).toEqual({ year });
  });
  it.each(['24', '二〇二四', '2024-01', '0999', ''])('%j → DATE_FORMAT', (raw) => {
    expect(parseYear(raw)).toEqual({ error: 'DATE_FORMAT' });
  });
});
