import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJson } from './limits.ts';

/** Nesting depth by the definition: parse, then walk. */
function depthOf(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const children = Array.isArray(v) ? v : Object.values(v);
  return 1 + children.reduce<number>((m, c) => Math.max(m, depthOf(c)), 0);
}

describe('scanJson', () => {
  it('measures the nesting depth of any JSON text, brackets and escaped quotes inside strings included', () => {
    const tricky = fc.oneof(fc.string(), fc.constantFrom('\\', '"', '\\"', '{[', ']}', '\\\\', '"\\', 'a\\\\"b'));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, tricky, fc.integer(), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(tricky, tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(value, fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        expect(scanJson(text, { maxJsonDepth: 1000 }).depth).toBe(depthOf(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses nesting beyond the limit', () => {
    expect(() => scanJson('[[[["\\"]]]]"]]]]', { maxJsonDepth: 3 })).toThrow(/NESTING_TOO_DEEP|nest/i);
    expect(scanJson('{"a":"\\\\"}', { maxJsonDepth: 1 }).depth).toBe(1);
  });
});
