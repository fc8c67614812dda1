import { describe, expect, it } from 'vitest';
import { lostDigits, normaliseCodeValue } from './code.ts';

describe('normaliseCodeValue', () => {
  it.each([
    ['91320723MA1MXK3H1D', '91320723MA1MXK3H1D'],
    ['９１３２０７２３ＭＡ１ＭＸＫ３Ｈ１Ｄ', '91320723MA1MXK3H1D'],
    ['91320723ma1mxk3h1d', '91320723MA1MXK3H1D'],
    [' 91320723MA1MXK3H1D ', '91320723MA1MXK3H1D'],
    ['9132 0723 MA1M XK3H 1D', '91320723MA1MXK3H1D'],
    ["'91320723MA1MXK3H1D", '91320723MA1MXK3H1D'],
    ['32072319780923301x', '32072319780923301X'],
    ['69542186-3', '695421863'],
    ['69542186－3', '695421863'],
    ['320723000123456', '320723000123456'],
  ])('%j → %s', (raw, value) => {
    expect(normaliseCodeValue(raw)).toEqual({ value });
  });

  it.each(['5.10104E+17', '5.10104e+17', '5.10104E17', '3.20723E+17', '1E+18', '５．１０１０４Ｅ＋１７', '510104199001011234.0', '320723198506123010.', '91320723.5'])(
    '%j → EXCEL_DAMAGED',
    (raw) => {
      expect(normaliseCodeValue(raw)).toEqual({ error: 'EXCEL_DAMAGED' });
    },
  );

  it.each(['', '  ', '无', '/', '—', '-', '--', 'null', 'NULL', '空', 'N/A', '00000000000000000X', '000000000', '000000000000000000'])('%j → nothing', (raw) => {
    expect(normaliseCodeValue(raw)).toEqual({});
  });

  it.each([
    ['510104199001011000', 'Excel kept 15 significant digits'],
    ['510104199001011260', 'a JavaScript Number kept 17 (510104199001011234)'],
    ['913207231234568000', 'an all-digit USCC through a float'],
  ])('%j → EXCEL_DAMAGED (%s)', (raw) => {
    expect(normaliseCodeValue(raw)).toEqual({ error: 'EXCEL_DAMAGED' });
  });

  it('passes a genuine code that ends in zeros (its check character holds)', () => {
    for (const id of VALID_ROUND_TRIPPING_IDS) {
      expect(String(Number(id))).toBe(id);
      expect(lostDigits(id)).toBe(false);
      expect(normaliseCodeValue(id)).toEqual({ value: id });
    }
  });

  it('leaves 18-digit codes that never went through a float alone, valid or not', () => {
    expect(lostDigits('320723198506123010')).toBe(false);
    expect(lostDigits('320723198506123011')).toBe(false); // wrong check digit: ID_NUMBER_INVALID later, not EXCEL_DAMAGED
    expect(normaliseCodeValue('320723198506123011')).toEqual({ value: '320723198506123011' });
  });
});

/** Resident IDs with a correct GB 11643 check digit that are also the shortest decimal form of a double. */
const VALID_ROUND_TRIPPING_IDS = ['320723198506120100', '320723198506120450'];
