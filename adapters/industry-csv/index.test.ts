import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.ts';
import { decodeBody } from '../../src/ingest/decode.ts';
import { parseParkXml } from '../park-xml/index.ts';
import type { AdaptedRecord, AdapterContext } from '../types.ts';
import { parseCsv } from './csv.ts';
import { encodeGbk } from './gbk.ts';
import { parseIndustryCsv } from './index.ts';

const DEPT = { name: '灌南县住房和城乡建设局', uscc: '11320724MB1357902T' };
const ctx = (query: Record<string, string> = {}): AdapterContext => ({ departmentId: 'guannan-housing-bureau', dataSource: DEPT, defaultRegionCode: '320724', query });
const data = (r: AdaptedRecord) => (r.record as { data: Record<string, unknown> }).data;
const subject = (r: AdaptedRecord) => (r.record as { subject: Record<string, unknown> }).subject;

const HEAD = ['行政相对人名称', '统一社会信用代码', '法定代表人', '行政处罚决定书文号', '违法行为类型', '违法事实', '处罚依据', '处罚类别', '处罚内容', '罚款金额（万元）', '处罚决定日期', '处罚有效期', '处罚机关'];
const ROW = ['江苏顺泰建设工程有限公司', '91320724MACXD074LK', '张国栋', '灌南住建罚决〔2024〕31号', '未组织脚手架验收', '脚手架未经验收即投入使用。', '《建设工程安全生产管理条例》第六十五条', '罚款', '罚款伍仟元', '0.5', '2024/10/12', '2027/10/11', DEPT.name];
const csv = (rows: string[][], sep = ',', eol = '\r\n') => rows.map((r) => r.join(sep)).join(eol) + eol;
const parse = (text: string, query?: Record<string, string>) => parseIndustryCsv(text, ctx(query));

function thrown(text: string, query?: Record<string, string>): GatewayError {
  try {
    parse(text, query);
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error('expected a GatewayError');
}

describe('parseCsv', () => {
  it('quoted cells with delimiters, doubled quotes and line breaks; CRLF, LF and CR rows; ="…" cells', () => {
    const rows = parseCsv('a,b,c\r\n1,"x,y",3\n"multi\nline","he said ""hi""",="0123"\r4,,\n', 0x2c);
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['1', 'x,y', '3'] },
      { row: 3, cells: ['multi\nline', 'he said "hi"', '0123'] },
      { row: 4, cells: ['4', '', ''] },
    ]);
  });
  it('a last row without a line break is a row; an unterminated quote is MALFORMED_CSV', () => {
    expect(parseCsv('a,b\n1,2', 0x2c)).toEqual([{ row: 1, cells: ['a', 'b'] }, { row: 2, cells: ['1', '2'] }]);
    expect(() => parseCsv('a,b\n1,"2\n3,4\n', 0x2c)).toThrow(/第 2 行/);
  });
});

describe('industry-csv: header', () => {
  it('maps columns by header text in any order, and skips title rows, blank rows and unknown columns', () => {
    const order = [3, 0, 12, 1, 10, 2, 4, 5, 6, 7, 8, 9, 11];
    const text = csv([['灌南县住建局行政处罚信息表', '', ''], ['', '', ''], ['序号', ...order.map((i) => HEAD[i]!)], ['1', ...order.map((i) => ROW[i]!)], [',,,']]);
    const out = parse(text);
    expect(out.header).toEqual({ recordType: 'administrative-penalty', recordTypeFrom: 'header', headerRow: '3', ignoredColumns: '序号' });
    expect(out.records).toHaveLength(1);
    expect(out.records[0]!.issues).toEqual([]);
    expect(out.records[0]!.sourceRef).toBe('第4行');
    expect(data(out.records[0]!)).toMatchObject({ decisionNo: '灌南住建罚决〔2024〕31号', fineAmountWan: '0.5', decisionDate: '2024-10-12' });
  });

  it('tolerates half/full-width brackets, spaces, stars and field codes in headers', () => {
    const head = HEAD.map((h, i) => (i === 9 ? ' *罚款金额 (万元) ' : i === 0 ? 'CF_XDR_MC' : h));
    const r = parse(csv([head, ROW])).records[0]!;
    expect(r.issues).toEqual([]);
    expect(r.sourceFields!['/data/fineAmountWan']).toBe('*罚款金额 (万元)');
    expect(r.sourceFields!['/subject/name']).toBe('CF_XDR_MC');
  });

  it('reads the 2016 labels, where 代码_2 is the organisation code and 代码_3 the registration number', () => {
    const head = ['行政处罚决定书文号', '处罚名称', '处罚类别1', '处罚类别2', '处罚事由', '处罚依据', '行政相对人名称', '行政相对人代码_2（组织机构代码）', '行政相对人代码_3(工商登记码)', '法定代表人姓名', '处罚结果', '处罚决定日期', '处罚截止期', '处罚机关'];
    const row = ['罚〔2019〕1号', '某案', '1', '3', '事由', '依据', '灌南新奥燃气有限公司', 'MA1T6K8D-X', '320724000123455', '吴海', '罚款并停业', '2019/4/8', '2020/4/7', DEPT.name];
    const r = parse(csv([head, row])).records[0]!;
    expect(subject(r)).toEqual({ name: '灌南新奥燃气有限公司', category: 'LEGAL_ORG', regNo: '320724000123455', orgCode: 'MA1T6K8DX', legalRep: { name: '吴海' } });
    expect(data(r)).toMatchObject({ penaltyCategories: ['罚款', '责令停产停业'], violationType: '某案', penaltyContent: '罚款并停业', penaltyValidUntil: '2020-04-07' });
    expect(r.sourceFields!['/subject/orgCode']).toBe('行政相对人代码_2（组织机构代码）');
  });

  it('infers a licence file from its headers', () => {
    const out = parse(csv([['行政相对人名称', '行政许可决定文书名称', '行政许可决定文书号', '许可类别', '许可决定日期', '有效期自', '有效期至', '许可机关'], ['某公司', '燃气经营许可决定书', '灌南住建燃经字〔2024〕3号', '特许', '2024/5/20', '2024/5/20', '2099/12/31', DEPT.name]]));
    expect(out.header!.recordType).toBe('administrative-license');
    expect(data(out.records[0]!)).toMatchObject({ licenceCategory: '特许', validTo: null });
  });

  it('?recordType= decides a header that names only shared fields, and must agree with one that does not', () => {
    const shared = csv([['行政相对人名称', '统一社会信用代码', '决定日期'], ['某公司', '91320724MACXD074LK', '2024/1/2']]);
    expect(thrown(shared)).toMatchObject({ code: 'PAYLOAD_SHAPE' });
    expect(String(thrown(shared).params.reason)).toMatch(/recordType/);
    expect(parse(shared, { recordType: 'administrative-license' }).header).toMatchObject({ recordType: 'administrative-license', recordTypeFrom: 'query' });
    expect(parse(shared, { recordType: '行政处罚' }).header).toMatchObject({ recordType: 'administrative-penalty' });
    expect(String(thrown(csv([HEAD, ROW]), { recordType: 'administrative-license' }).params.reason)).toMatch(/行政处罚字段/);
    expect(thrown(csv([HEAD, ROW]), { recordType: 'accident' }).code).toBe('QUERY_INVALID');
  });

  it('no header in the first rows, or an empty body, is PAYLOAD_SHAPE', () => {
    expect(thrown(csv([ROW, ROW])).code).toBe('PAYLOAD_SHAPE');
    expect(thrown('').code).toBe('PAYLOAD_SHAPE');
  });

  it('reads tab- and semicolon-separated exports', () => {
    expect(parse(csv([HEAD, ROW], '\t')).records[0]!.issues).toEqual([]);
    expect(parse(csv([HEAD, ROW], ';', '\r')).records[0]!.issues).toEqual([]);
  });
});

describe('industry-csv: rows', () => {
  it('skips a repeated header and a row of field codes under it', () => {
    const codes = ['CF_XDR_MC', 'CF_XDR_SHXYM', 'CF_FRDB', 'CF_WSH', '', '', '', '', '', 'CF_NR_FK', '', '', ''];
    const out = parse(csv([HEAD, codes, ROW, HEAD, ROW]));
    expect(out.records.map((r) => r.sourceRef)).toEqual(['第3行', '第5行']);
  });

  it('a row longer than the header is FORMAT naming the column: its values are shifted', () => {
    const r = parse(csv([HEAD, [...ROW.slice(0, 5), '前半句', ...ROW.slice(5)]])).records[0]!;
    expect(r.issues[0]).toEqual({ path: '', code: 'FORMAT', sourceField: '第14列（表头之外）', params: { value: DEPT.name } });
  });

  it('amounts: 万元 by default, 元 when the header says so', () => {
    const head = HEAD.map((h) => (h === '罚款金额（万元）' ? '罚款金额(元)' : h));
    expect(data(parse(csv([head, ROW.map((c) => (c === '0.5' ? '5000' : c))])).records[0]!).fineAmountWan).toBe('0.5');
    expect(data(parse(csv([HEAD.map((h) => (h === '罚款金额（万元）' ? '罚款金额' : h)), ROW])).records[0]!).fineAmountWan).toBe('0.5');
  });

  it('Excel damage in a code is EXCEL_DAMAGED naming the header, never a silently wrong code', () => {
    for (const damaged of ['9.13207E+17', '913207241234568000']) {
      const r = parse(csv([HEAD, ROW.map((c) => (c === '91320724MACXD074LK' ? damaged : c))])).records[0]!;
      expect(r.issues).toEqual([{ path: '/subject/uscc', code: 'EXCEL_DAMAGED', sourceField: '统一社会信用代码', params: { value: damaged } }]);
    }
  });

  it('a CSV row and an XML element with the same data give the same record', () => {
    const xml = `<DataPackage><Body><XZCF>${[
      ['CF_XDR_MC', ROW[0]], ['CF_XDR_SHXYM', ROW[1]], ['CF_FRDB', ROW[2]], ['CF_WSH', ROW[3]], ['CF_WFXW', ROW[4]], ['CF_SY', ROW[5]], ['CF_YJ', ROW[6]],
      ['CF_CFLB', ROW[7]], ['CF_NR', ROW[8]], ['CF_NR_FK', ROW[9]], ['CF_JDRQ', ROW[10]], ['CF_YXQ', ROW[11]], ['CF_CFJG', ROW[12]],
    ].map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</XZCF></Body></DataPackage>`;
    expect(parse(csv([HEAD, ROW])).records[0]!.record).toEqual(parseParkXml(xml, ctx()).records[0]!.record);
  });

  it('GBK bytes without a charset, as the pipeline decodes them, give the same records as UTF-8 with a BOM', () => {
    const text = csv([HEAD, ROW]);
    const gbk = decodeBody(encodeGbk(text), undefined, 'gb18030');
    const bom = decodeBody(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), undefined, 'gb18030');
    expect(parse(gbk)).toEqual(parse(bom));
    expect(parse(`\uFEFF${text}`)).toEqual(parse(text));
  });
});
