import { describe, expect, it } from 'vitest';
import { encodeGbk } from '../../adapters/industry-csv/gbk.ts';
import { GatewayError } from '../errors/index.ts';
import { decodeBody, fallbackCharset } from './decode.ts';

const TEXT = '行政相对人名称,罚款金额（万元）\n江苏顺泰建设工程有限公司,０.５\n';
const utf8 = (s: string) => new TextEncoder().encode(s);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof GatewayError ? `${e.code} ${JSON.stringify(e.params)}` : String(e);
  }
  return 'no error';
};

describe('decodeBody', () => {
  it('decodes a declared charset strictly, and strips a UTF-8 BOM', () => {
    expect(decodeBody(utf8(TEXT), 'utf-8')).toBe(TEXT);
    expect(decodeBody(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(TEXT)]), undefined)).toBe(TEXT);
    expect(decodeBody(encodeGbk(TEXT), 'gbk')).toBe(TEXT);
    expect(decodeBody(encodeGbk(TEXT), 'gb2312')).toBe(TEXT);
    expect(code(() => decodeBody(encodeGbk(TEXT), 'utf-8'))).toBe('ENCODING_INVALID {"charset":"UTF-8"}');
    expect(code(() => decodeBody(utf8(TEXT), 'big5-hkscs'))).toBe('CHARSET_UNSUPPORTED {"charset":"big5-hkscs"}');
  });

  it('without a charset: UTF-8 first; GBK bytes fall back to GB18030 only when asked', () => {
    expect(decodeBody(utf8(TEXT), undefined, 'gb18030')).toBe(TEXT);
    expect(decodeBody(encodeGbk(TEXT), undefined, 'gb18030')).toBe(TEXT);
    expect(code(() => decodeBody(encodeGbk(TEXT), undefined))).toBe('ENCODING_INVALID {"charset":"UTF-8"}');
  });

  it('a declared charset is never second-guessed', () => {
    expect(code(() => decodeBody(encodeGbk(TEXT), 'utf-8', 'gb18030'))).toBe('ENCODING_INVALID {"charset":"UTF-8"}');
  });

  it('recognises a UTF-16 BOM (Excel "Unicode text") when falling back', () => {
    const le = new Uint8Array([0xff, 0xfe, ...Array.from(TEXT).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    expect(decodeBody(le, undefined, 'gb18030')).toBe(TEXT);
  });

  it('bytes valid in neither are ENCODING_INVALID naming both', () => {
    expect(code(() => decodeBody(new Uint8Array([0x41, 0xff, 0x41]), undefined, 'gb18030'))).toBe('ENCODING_INVALID {"charset":"UTF-8/GB18030"}');
  });

  it('only CSV falls back', () => {
    expect(fallbackCharset('text/csv')).toBe('gb18030');
    expect(fallbackCharset('application/json')).toBeUndefined();
    expect(fallbackCharset('application/xml')).toBeUndefined();
  });
});
