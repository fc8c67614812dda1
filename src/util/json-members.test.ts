import { describe, expect, it } from 'vitest';
import { topLevelMembers } from './json-members.ts';

const members = (text: string) => {
  const m = topLevelMembers(text);
  return m && Object.fromEntries(m);
};

describe('topLevelMembers', () => {
  it('gives each top-level value as its text, nested values whole', () => {
    expect(members('{"data":{"a":[1,{"b":"}"}],"c":null},"operation":"upsert","n":-1.5e3,"t":true,"f":false,"z":null,"e":{},"l":[]}')).toEqual({
      data: '{"a":[1,{"b":"}"}],"c":null}', operation: '"upsert"', n: '-1.5e3', t: 'true', f: 'false', z: 'null', e: '{}', l: '[]',
    });
  });

  it('strings with quotes, backslashes, brackets, escapes and Chinese stay whole', () => {
    const o = { name: '连云港"恒瑞"化工\\{有限}公司[', s: 'a\\"}]{[', u: '\u2028\ud83d\ude00', nested: { k: ['"', '\\', '}'] } };
    const m = topLevelMembers(JSON.stringify(o))!;
    for (const [k, v] of Object.entries(o)) expect(m.get(k)).toBe(JSON.stringify(v));
  });

  it('text with whitespace (as PostgreSQL prints jsonb): the spans parse to the members', () => {
    const o = { data: { a: 1, b: [1, 2, { c: 'x y' }] }, meta: { departmentId: 'd' }, subject: { name: '企 业' }, recordType: 'x' };
    const text = JSON.stringify(o, null, 2).replace(/\n/g, '\r\n\t');
    const m = topLevelMembers(text)!;
    expect(Object.fromEntries([...m].map(([k, v]) => [k, JSON.parse(v)]))).toEqual(o);
    expect(members(' { "a" : 1 , "b" : [ 1 , 2 ] } ')).toEqual({ a: '1', b: '[ 1 , 2 ]' });
    expect(members('{}')).toEqual({});
  });

  it('matches JSON.stringify member by member on generated objects', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.3) return ['x', '"', '\\', '{}', '[', '企业', 1, -0.5, true, null][Math.floor(rnd() * 10)];
      if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => [`k${i}${'"}'.slice(0, Math.floor(rnd() * 3))}`, value(depth + 1)]));
    };
    for (let n = 0; n < 300; n++) {
      const o = Object.fromEntries(Array.from({ length: 1 + Math.floor(rnd() * 5) }, (_, i) => [`m${i}`, value(0)]));
      const m = topLevelMembers(JSON.stringify(o))!;
      expect([...m.keys()]).toEqual(Object.keys(o));
      for (const [k, v] of Object.entries(o)) expect(m.get(k)).toBe(JSON.stringify(v));
    }
  });

  it.each([
    ['not an object', '[1,2]'],
    ['a bare value', '"x"'],
    ['unclosed object', '{"a":1'],
    ['unclosed nested value', '{"a":{"b":[1,2}'],
    ['unclosed string', '{"a":"x}'],
    ['text after the object', '{"a":1} x'],
    ['a missing colon', '{"a" 1}'],
    ['a missing value', '{"a":,"b":1}'],
    ['a trailing comma', '{"a":1,}'],
    ['an unquoted key', '{a:1}'],
    ['empty text', ''],
  ])('%s → undefined', (_, text) => {
    expect(topLevelMembers(text)).toBeUndefined();
  });
});
