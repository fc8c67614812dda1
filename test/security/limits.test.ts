// The pre-scans behind the XML/JSON/CSV limits (src/ingest/limits.ts) and the authority scope check
// (src/ingest/authority-scope.ts), as functions.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { GatewayError } from '../../src/errors/index.ts';
import { authorityIssues, authorityScope } from '../../src/ingest/authority-scope.ts';
import { checkBodyLimits, scanCsv, scanJson, scanXml } from '../../src/ingest/limits.ts';
import { cleanText, hasUnsafeText, unsafeTextIssues } from '../../src/ingest/text-safety.ts';
import { testRawConfig } from '../helpers.ts';

const LIMITS = { maxXmlDepth: 4, maxXmlElements: 10, maxJsonDepth: 3, maxCsvRows: 3, maxCsvColumns: 3 };
const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof GatewayError) return e.code;
    throw e;
  }
  return undefined;
};

describe('scanXml', () => {
  it('counts depth and elements; self-closing elements add no depth', () => {
    expect(scanXml('<?xml version="1.0"?><a><b><c/><c/></b></a>', LIMITS)).toEqual({ depth: 2, elements: 4 });
    expect(code(() => scanXml('<a><b><c><d><e/></d></c></b></a>', LIMITS))).toBeUndefined();
    expect(code(() => scanXml('<a><b><c><d><e></e></d></c></b></a>', LIMITS))).toBe('NESTING_TOO_DEEP');
    expect(code(() => scanXml(`<a>${'<b/>'.repeat(10)}</a>`, LIMITS))).toBe('TOO_MANY_ELEMENTS');
  });

  it('comments, CDATA, processing instructions and attribute values are not markup', () => {
    expect(scanXml(`<a x="<b><c>" y='>'><!-- <b><c><d><e> --><![CDATA[<b><c><d><e>]]><?pi <b><c>?></a>`, LIMITS)).toEqual({ depth: 1, elements: 1 });
  });

  it('any <! declaration outside comments and CDATA is refused: DOCTYPE (any case), ENTITY, ELEMENT, ATTLIST', () => {
    for (const x of ['<!DOCTYPE a><a/>', '<!doctype a [<!ENTITY x "y">]><a/>', '<a><!ENTITY x "y"></a>', '<a><!ELEMENT a ANY></a>', '<a><!ATTLIST a b CDATA "c"></a>', '<!-- ok --><!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>']) {
      expect(code(() => scanXml(x, LIMITS)), x).toBe('MALFORMED_XML');
    }
  });

  it('malformed markup is left to the parser (no throw, no hang)', () => {
    for (const x of ['<', '<a', '<a x="', '<!--', '<![CDATA[', '<?', '</', '<<<<>>>>', 'text only', '']) expect(code(() => scanXml(x, LIMITS)), x).toBeUndefined();
  });

  it('is linear: 10 MB of elements scanned quickly', () => {
    const big = `<r>${'<x>1</x>'.repeat(1_200_000)}</r>`;
    const t0 = performance.now();
    expect(scanXml(big, { maxXmlDepth: 16, maxXmlElements: 2_000_000 }).elements).toBe(1_200_001);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('scanJson', () => {
  it('counts object and array nesting outside strings (escaped quotes included)', () => {
    expect(scanJson('{"a":[{"b":1}]}', LIMITS)).toEqual({ depth: 3 });
    expect(code(() => scanJson('{"a":[{"b":[1]}]}', LIMITS))).toBe('NESTING_TOO_DEEP');
    expect(scanJson('{"a":"[[[[{{{{\\"[[[["}', LIMITS)).toEqual({ depth: 1 });
    expect(scanJson('"\\\\"', LIMITS)).toEqual({ depth: 0 });
  });
});

describe('scanCsv', () => {
  it('counts rows (quoted line breaks are not rows; a final line break adds none) and columns (quoted delimiters are not columns)', () => {
    expect(scanCsv('a,b,c\r\n1,"x,\r\ny",3\n', LIMITS)).toEqual({ rows: 2, maxColumns: 3 });
    expect(scanCsv('a,b\n"say ""hi""",2', LIMITS)).toEqual({ rows: 2, maxColumns: 2 });
    expect(code(() => scanCsv('a\nb\nc\nd', LIMITS))).toBe('CSV_TOO_MANY_ROWS');
    expect(code(() => scanCsv('a,b,c,d', LIMITS))).toBe('CSV_TOO_MANY_COLUMNS');
  });

  it('detects tab and semicolon delimiters from the first line', () => {
    expect(code(() => scanCsv('a\tb\tc\td', LIMITS))).toBe('CSV_TOO_MANY_COLUMNS');
    expect(code(() => scanCsv('a;b;c;d', LIMITS))).toBe('CSV_TOO_MANY_COLUMNS');
    expect(scanCsv('a;b;c\n"1;2";3,4,5;6', LIMITS)).toEqual({ rows: 2, maxColumns: 3 });
  });
});

describe('checkBodyLimits', () => {
  it('dispatches on the media type', () => {
    expect(code(() => checkBodyLimits('application/xml', '<a><b><c><d><e></e></d></c></b></a>', LIMITS))).toBe('NESTING_TOO_DEEP');
    expect(code(() => checkBodyLimits('text/xml', '<!DOCTYPE a><a/>', LIMITS))).toBe('MALFORMED_XML');
    expect(code(() => checkBodyLimits('application/vnd.x+json', '[[[[1]]]]', LIMITS))).toBe('NESTING_TOO_DEEP');
    expect(code(() => checkBodyLimits('text/csv', 'a\nb\nc\nd', LIMITS))).toBe('CSV_TOO_MANY_ROWS');
    expect(code(() => checkBodyLimits('text/plain', '[[[[[[<a><a><a><a><a><a>', LIMITS))).toBeUndefined();
  });
});

describe('authority scope', () => {
  const { config } = parseConfig(testRawConfig('http://127.0.0.1:1'), {});
  const dept = (id: string) => config.departments.find((d) => d.id === id)!;
  const county = authorityScope(config.departments, dept('county-safety-bureau'));

  it('another department by USCC (any case, spaces) or by name is AUTHORITY_MISMATCH; a department sharing our USCC is us', () => {
    expect(authorityIssues({ data: { authorityUscc: ' 11320723mb7654321g ' } }, county).map((i) => i.code)).toEqual(['AUTHORITY_MISMATCH']);
    expect(authorityIssues({ data: { authorityName: '灌云县化工园区管理委员会' } }, county)).toHaveLength(1);
    expect(authorityIssues({ data: { dataSourceName: '灌云县化工园区管理委员会' } }, county)[0]!.path).toBe('/data/dataSourceName');
    expect(authorityIssues({ data: { evaluatorUscc: '11320723MB7654321G', issuer: '灌云县化工园区管理委员会' } }, county)).toHaveLength(2);
    expect(authorityIssues({ data: { authorityUscc: '11320723MB1234567K', authorityName: '灌云县应急管理局' } }, county)).toEqual([]);
    expect(authorityIssues({ data: { authorityUscc: '11320723MB1234567K' } }, authorityScope(config.departments, dept('county-safety-bureau-signed')))).toEqual([]);
    // An authority nobody configured (a provincial bureau, say) is not this check's business.
    expect(authorityIssues({ data: { authorityUscc: '11320000MB0000000X', authorityName: '江苏省应急管理厅' } }, county)).toEqual([]);
  });

  it('non-records yield nothing', () => {
    for (const r of [null, undefined, 1, 'x', [], {}, { data: null }, { data: [] }, { data: { authorityUscc: 7 } }]) expect(authorityIssues(r, county)).toEqual([]);
  });
});

describe('text safety', () => {
  it('NUL, C0 controls and unpaired surrogates are unsafe; TAB/LF/CR, CJK and astral characters are fine', () => {
    for (const s of ['a\u0000', '\u0001', '\u001f', '\u007f', '\ud800', 'x\udc00', '\udc00\ud800']) expect(hasUnsafeText(s), JSON.stringify(s)).toBe(true);
    for (const s of ['a\tb\nc\r', '灌云', '𠀀😀', '']) expect(hasUnsafeText(s), JSON.stringify(s)).toBe(false);
    expect(cleanText('a\u0000b\ud800')).toBe('a\ufffdb\ufffd');
  });

  it('issues name the JSON pointer of each unsafe value or property name', () => {
    expect(unsafeTextIssues({ subject: { name: 'a\u0000' }, data: { list: ['ok', 'b\ud800'], ['k/\u0000']: 1 } }).map((i) => i.path)).toEqual(['/subject/name', '/data/list/1', '/data/k~1\ufffd']);
  });
});
