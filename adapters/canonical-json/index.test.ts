import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.ts';
import type { AdapterContext } from '../types.ts';
import { canonicalJsonAdapter, parseCanonicalJson } from './index.ts';

const ctx: AdapterContext = { departmentId: 'county-safety-bureau', dataSource: { name: '灌云县应急管理局', uscc: '11320723MB1234567K' }, query: {} };

function thrown(text: string): GatewayError {
  try {
    parseCanonicalJson(text);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError');
}

describe('canonical-json', () => {
  it('declares its name and media type', () => {
    expect(canonicalJsonAdapter.name).toBe('canonical-json');
    expect(canonicalJsonAdapter.contentTypes).toEqual(['application/json']);
  });

  it('passes records through untouched, in order', () => {
    const a = { recordType: 'administrative-penalty', subject: { name: '甲（连云港）公司', uscc: '９１' }, data: { x: 1 }, extra: [1] };
    const b = { recordType: 'nonsense' };
    const out = canonicalJsonAdapter.parse(JSON.stringify({ records: [a, b], other: true }), ctx);
    expect(out).toStrictEqual({ records: [{ record: a, issues: [], sourceRef: 'records[0]' }, { record: b, issues: [], sourceRef: 'records[1]' }] });
  });

  it('accepts an empty list and a leading BOM', () => {
    expect(parseCanonicalJson('\uFEFF{"records":[]}')).toEqual({ records: [] });
  });

  it('marks elements that are not objects', () => {
    const out = parseCanonicalJson('{"records":[1,"x",null,[],true,{}]}');
    expect(out.records.map((r) => r.issues.map((i) => [i.code, i.params]))).toEqual([
      [['RECORD_NOT_OBJECT', { index: 0 }]],
      [['RECORD_NOT_OBJECT', { index: 1 }]],
      [['RECORD_NOT_OBJECT', { index: 2 }]],
      [['RECORD_NOT_OBJECT', { index: 3 }]],
      [['RECORD_NOT_OBJECT', { index: 4 }]],
      [],
    ]);
    expect(out.records.slice(0, 5).every((r) => r.record === undefined)).toBe(true);
    expect(out.records[5]!.record).toEqual({});
  });

  it('does not let "__proto__" keys pollute anything', () => {
    const out = parseCanonicalJson('{"records":[{"__proto__":{"polluted":1},"recordType":"x"}]}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(out.records[0]!.record as object)).toEqual(['__proto__', 'recordType']);
  });

  it.each([
    ['{"records":[}', /line 1, column 13\)$/],
    ['{\n  "records": [\n    {"a": 1,}\n  ]\n}', /line 3, column 13\)$/],
    ['', /line 1, column 1\)$/],
    ['{"records": [1, 2', /line 1, column 18\)$/],
    ['<DataPackage/>', /line 1, column 1\)$/],
  ])('MALFORMED_JSON with line and column for %j', (text, reason) => {
    const e = thrown(text);
    expect(e.code).toBe('MALFORMED_JSON');
    expect(e.params.reason).toMatch(reason);
  });

  it.each([
    ['[]', /array/],
    ['null', /null/],
    ['"records"', /string/],
    ['{}', /缺少 records/],
    ['{"records":{}}', /records 应为数组/],
    ['{"records":null}', /records 应为数组/],
    ['{"数据":[]}', /缺少 records/],
  ])('PAYLOAD_SHAPE for %s', (text, reason) => {
    const e = thrown(text);
    expect(e.code).toBe('PAYLOAD_SHAPE');
    expect(e.params).toMatchObject({ adapter: 'canonical-json', reason: expect.stringMatching(reason) });
    expect(e.status).toBe(422);
  });
});
