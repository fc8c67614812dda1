import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineColumn } from './json-error.ts';

/** V8 reports a position for some errors; where it does, the scanner must agree. */
function v8Position(text: string): number | undefined {
  try {
    JSON.parse(text);
  } catch (e) {
    const m = /at position (\d+)/.exec((e as Error).message);
    if (m) return Number(m[1]);
    if (/Unexpected end of JSON input/.test((e as Error).message)) return text.length;
  }
  return undefined;
}

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a":}', 5],
    ['{"a":1', 6],
    ['', 0],
    ['[1,2', 4],
    ['{"a" 1}', 5],
    ['{"a":1,}', 7],
    ['[1,]', 3],
    ['{,}', 1],
    ['{"a":1} x', 8],
    ['01', 1],
    ['"\\x"', 2],
    ['"a\tb"', 2],
    ['tru', 3],
    ['trux', 3],
    ['nul', 3],
    ['{"a":[1,2}', 9],
    ['[1 2]', 3],
    ["{'a':1}", 1],
    ['{"a":1}}', 7],
    ['"abc', 4],
    ['"\\u12G4"', 2],
    ['-', 0],
    ['{"records": [ {"x": NaN} ]}', 20],
  ])('%j → %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('agrees with V8 wherever V8 gives a position', () => {
    const samples = ['{"a":1', '[1,2', '{"a" 1}', '{"a":1} x', '01', '"\\x"', '"a\tb"', '1.', '"abc', '{"a":[1,2]', '[[[[', '{"k":"v",', '  {  "a" : tru'];
    for (const s of samples) {
      const v8 = v8Position(s);
      if (v8 !== undefined && !/^-|\.$/.test(s)) expect([s, jsonErrorOffset(s)]).toEqual([s, v8]);
    }
  });

  it('handles deep nesting without recursion', () => {
    const text = `${'['.repeat(200_000)}x`;
    expect(jsonErrorOffset(text)).toBe(200_000);
  });
});

describe('lineColumn', () => {
  it('counts 1-based lines and columns', () => {
    expect(lineColumn('abc', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab\r\ncd\n', 7)).toEqual({ line: 3, column: 1 });
    expect(lineColumn('ab', 99)).toEqual({ line: 1, column: 3 });
  });
});
