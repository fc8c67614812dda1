import { describe, expect, it } from 'vitest';
import { normaliseCodeValue } from './code.ts';

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

  it('does not detect digits zeroed by a float round-trip (undetectable by design)', () => {
    expect(normaliseCodeValue('510104199001011000')).toEqual({ value: '510104199001011000' });
  });
});
