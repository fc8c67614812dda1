import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.ts';
import type { AdapterContext } from '../types.ts';
import { parseParkXml } from './index.ts';
import { readPackage } from './xml.ts';

const PARK = { name: '灌云县化工园区管理委员会', uscc: '11320723MB7654321G' };
const ctx: AdapterContext = { departmentId: 'chemical-park', dataSource: PARK, defaultRegionCode: '320723', query: {} };

const el = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `<${k}>${v}</${k}>`).join('');
const pkg = (body: string, header = '<Header><SenderCode>11320723MB7654321G</SenderCode></Header>') =>
  `<?xml version="1.0" encoding="UTF-8"?><DataPackage>${header}<Body>${body}</Body></DataPackage>`;
const xzcf = (f: Record<string, string>) => `<XZCF>${el(f)}</XZCF>`;
const xzxk = (f: Record<string, string>) => `<XZXK>${el(f)}</XZXK>`;

function thrown(text: string): GatewayError {
  try {
    parseParkXml(text, ctx);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError');
}

const one = (body: string) => {
  const out = parseParkXml(pkg(body), ctx);
  expect(out.records).toHaveLength(1);
  return out.records[0]!;
};
const data = (r: { record?: unknown }) => (r.record as { data: Record<string, unknown> }).data;
const subject = (r: { record?: unknown }) => (r.record as { subject: Record<string, unknown> }).subject;

describe('park-xml: package structure', () => {
  it('keeps document order across XZCF and XZXK and numbers each tag XPath-style', () => {
    const out = parseParkXml(pkg(xzxk({ XK_WSH: 'a' }) + xzcf({ CF_WSH: 'b' }) + xzxk({ XK_WSH: 'c' }) + xzcf({ CF_WSH: 'd' })), ctx);
    expect(out.records.map((r) => r.sourceRef)).toEqual(['XZXK[1]', 'XZCF[1]', 'XZXK[2]', 'XZCF[2]']);
    expect(out.records.map((r) => (r.record as { recordType: string }).recordType)).toEqual([
      'administrative-license', 'administrative-penalty', 'administrative-license', 'administrative-penalty',
    ]);
  });

  it('returns the Header fields, and no header when there is none', () => {
    const h = '<Header><SenderCode>X1</SenderCode><SenderName>园区</SenderName><SendTime>2025-01-01</SendTime><PackageId>P1</PackageId></Header>';
    expect(parseParkXml(pkg('', h), ctx)).toEqual({ records: [], header: { SenderCode: 'X1', SenderName: '园区', SendTime: '2025-01-01', PackageId: 'P1' } });
    expect(parseParkXml(pkg('', ''), ctx)).toEqual({ records: [] });
  });

  it('accepts a namespace prefix, a BOM, comments and processing instructions', () => {
    const text = '\uFEFF<?xml version="1.0"?><!-- c --><p:DataPackage xmlns:p="urn:x"><p:Body><?pi x?><p:XZCF><p:CF_WSH>w</p:CF_WSH></p:XZCF></p:Body></p:DataPackage>';
    expect(data(parseParkXml(text, ctx).records[0]!).decisionNo).toBe('w');
  });

  it('reports an unknown Body element as a record of unknown type', () => {
    const out = parseParkXml(pkg(`<HMD><X>1</X></HMD>${xzcf({ CF_WSH: 'b' })}`), ctx);
    expect(out.records[0]).toEqual({ issues: [{ path: '/recordType', code: 'RECORD_TYPE_UNKNOWN', params: { value: 'HMD' }, sourceField: 'HMD' }], sourceRef: 'HMD[1]' });
    expect(out.records).toHaveLength(2);
  });

  it.each([
    ['<Root><Body/></Root>', /DataPackage/],
    ['<DataPackage><Header/></DataPackage>', /缺少 Body/],
    ['<DataPackage><Body/><Body/></DataPackage>', /一个 Body/],
  ])('PAYLOAD_SHAPE for %s', (text, reason) => {
    const e = thrown(text);
    expect(e.code).toBe('PAYLOAD_SHAPE');
    expect(e.params).toMatchObject({ adapter: 'park-xml', reason: expect.stringMatching(reason) });
  });
});

describe('park-xml: XML safety', () => {
  it.each([
    '<!DOCTYPE DataPackage><DataPackage><Body/></DataPackage>',
    '<!DOCTYPE DataPackage SYSTEM "file:///etc/passwd"><DataPackage><Body/></DataPackage>',
    '<?xml version="1.0"?>\n<!doctype DataPackage [<!ENTITY x "y">]><DataPackage><Body/></DataPackage>',
    '<DataPackage><Body><!ENTITY x "y"></Body></DataPackage>',
  ])('refuses DTDs and entity declarations: %s', (text) => {
    const e = thrown(text);
    expect(e.code).toBe('MALFORMED_XML');
    expect(e.params.reason).toBe('DTD/实体声明不允许');
  });

  it.each(['&foo;', '&nbsp;', '&#0;', '&#xD800;', '&#99999999;', '&amp'])('refuses undefined or invalid entity reference %s', (ref) => {
    const e = thrown(pkg(xzcf({ CF_XDR_MC: `a${ref}b` })));
    expect(e.code).toBe('MALFORMED_XML');
    expect(e.params.reason).toMatch(/line 1, column \d+/);
  });

  it('decodes the predefined entities and character references, keeps CDATA literal', () => {
    const r = one(xzcf({ CF_XDR_MC: 'A&amp;B&lt;&gt;&quot;&apos;&#233;&#x4E2D;', CF_SY: '<![CDATA[x < y & &#233;]]>' }));
    expect(subject(r).name).toBe('A&B<>"\'é中');
    expect(data(r).violationFacts).toBe('x < y & &#233;');
  });

  it('reads each text run around comments and processing instructions trimmed, CDATA as it is, and only an element\'s own text', () => {
    const { items } = readPackage(pkg(xzcf({ CF_XDR_MC: '  江苏 <!-- 注释 -->  瑞丰 <?pi x?> 化工 ', CF_SY: '<![CDATA[  前后空格  ]]>', CF_WSH: '文号<b>不读</b>' })));
    expect(Object.fromEntries(items[0]!.fields)).toEqual({
      CF_XDR_MC: { texts: ['江苏瑞丰化工'], nested: false },
      CF_SY: { texts: ['  前后空格  '], nested: false },
      CF_WSH: { texts: ['文号'], nested: true },
    });
  });

  it('keeps a control character XML does not allow in a field (the pipeline refuses that record alone), and reads a lone surrogate as U+FFFD', () => {
    expect(subject(one(xzcf({ CF_XDR_MC: 'a\u0001b\u000bc' }))).name).toBe('a\u0001b\u000bc');
    expect(subject(one(xzcf({ CF_XDR_MC: 'a\ud800b' }))).name).toBe('a\ufffdb');
  });

  it.each([
    ['"]]>" in text', pkg(xzcf({ CF_SY: 'a ]]> b' }))],
    ['"--" inside a comment', pkg(`<!-- a -- b -->${xzcf({ CF_WSH: 'w' })}`)],
    ['a malformed XML declaration', '<?xml versio="1.0"?><DataPackage><Body/></DataPackage>'],
    ['an element left open', '<DataPackage><Body><XZCF></Body></DataPackage>'],
  ])('MALFORMED_XML, with line and column, for %s', (_what, text) => {
    const e = thrown(text);
    expect(e.code).toBe('MALFORMED_XML');
    expect(e.params.reason).toMatch(/\(line \d+, column \d+\)$/);
  });

  it('reports malformed XML with line and column', () => {
    const e = thrown('<DataPackage>\n<Body>\n<XZCF><CF_WSH>1</CF_NR></XZCF></Body></DataPackage>');
    expect(e.code).toBe('MALFORMED_XML');
    expect(e.params.reason).toMatch(/\(line 3, column \d+\)$/);
  });

  it.each(['', '   ', 'not xml', '<DataPackage>', '<a></a><b></b>', '{"records":[]}'])('MALFORMED_XML for %j', (text) => {
    expect(thrown(text).code).toBe('MALFORMED_XML');
  });

  it('refuses absurd nesting as MALFORMED_XML', () => {
    const deep = `<DataPackage><Body>${'<a>'.repeat(50)}${'</a>'.repeat(50)}</Body></DataPackage>`;
    expect(thrown(deep).code).toBe('MALFORMED_XML');
  });

  it('treats elements named like Object.prototype members as unknown fields', () => {
    const r = one('<XZCF><constructor>1</constructor><__proto__>2</__proto__><toString>3</toString><CF_WSH>w</CF_WSH></XZCF>');
    expect(data(r).decisionNo).toBe('w');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
