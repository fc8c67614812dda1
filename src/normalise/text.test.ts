import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clean, distinctCleaned, isPlaceholder, matchKey } from './text.ts';

describe('isPlaceholder', () => {
  it.each(['', ' ', '\u3000', '无', ' 无 ', '/', '／', '—', '——', '-', '－', '--', 'null', 'NULL', 'Null', '空', 'N/A', 'n/a', 'Ｎ／Ａ', '\\'])('%j → true', (raw) => {
    expect(isPlaceholder(raw)).toBe(true);
  });
  it('undefined and null are placeholders', () => {
    expect(isPlaceholder(undefined)).toBe(true);
    expect(isPlaceholder(null)).toBe(true);
  });
  it.each(['0', '无锡市某公司', '空压机', 'nullable', 'N/A公司', '罚款', '-1', '/a'])('%j → false', (raw) => {
    expect(isPlaceholder(raw)).toBe(false);
  });
});

describe('clean', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['  ', undefined],
    ['无', undefined],
    ['NULL', undefined],
    ["'", undefined],
    ["'无", undefined],
    ['  灌云某化工有限公司  ', '灌云某化工有限公司'],
    ['\u3000灌云某化工有限公司\u3000', '灌云某化工有限公司'],
    ['\uFEFF灌云某化工有限公司\u200B', '灌云某化工有限公司'],
    ["'0123", '0123'],
    ['\u20180123', '0123'],
    ['江苏某某化工（连云港）有限公司', '江苏某某化工（连云港）有限公司'],
    ['ＡＢＣ化工', 'ＡＢＣ化工'],
    ['a  b', 'a  b'],
  ])('%j → %j', (raw, out) => {
    expect(clean(raw)).toBe(out);
  });
});

describe('clean and isPlaceholder against their definitions', () => {
  // The definitions the fast paths must agree with: trim (with zero-width characters), strip leading
  // apostrophes, and a placeholder is any text whose NFKC, lower-cased form is in the list.
  const EDGE = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g;
  const LIST = new Set(['', '无', '/', '\\', '—', '——', '-', '--', '---', 'null', '空', 'n/a']);
  const trimmed = (s: string) => s.replace(EDGE, '');
  const isListed = (s: string) => LIST.has(s.normalize('NFKC').toLowerCase());
  const reference = (raw: string): string | undefined => {
    let s = trimmed(raw);
    if (/^['\u2018\u2019]+/.test(s)) s = trimmed(s.replace(/^['\u2018\u2019]+/, ''));
    return isListed(s) ? undefined : s;
  };
  // Short texts from the characters that matter: placeholders in every width and case, apostrophes,
  // edge spaces of each kind, ASCII, CJK (also a compatibility ideograph), full-width forms.
  const piece = fc.constantFrom(
    '无', '空', '/', '／', '\\', '＼', '—', '-', '－', 'null', 'NULL', 'Null', 'ｎｕｌｌ', 'n/a', 'N/A', 'Ｎ／Ａ', "'", '\u2018', '\u2019',
    ' ', '\u3000', '\u200B', '\u2060', '\uFEFF', '\t', 'a', 'Z', '0', '罚', '款', '\uF900', 'Ａ', '１', '(', '（', '〔',
  );
  const text = fc.oneof(fc.array(piece, { maxLength: 6 }).map((a) => a.join('')), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }));
  it('clean(raw) is the reference reading for any short text (5,000 generated)', () => {
    fc.assert(fc.property(text, (raw) => {
      expect(clean(raw)).toBe(reference(raw));
    }), { numRuns: 5000 });
  });
  it('isPlaceholder(raw) is the reference test on the trimmed text (5,000 generated)', () => {
    fc.assert(fc.property(text, (raw) => {
      expect(isPlaceholder(raw)).toBe(isListed(trimmed(raw)));
    }), { numRuns: 5000 });
  });
});

describe('matchKey', () => {
  it('folds bracket styles and spaces so both spellings of a name match', () => {
    const k = matchKey('江苏某某化工（连云港）有限公司');
    expect(matchKey('江苏某某化工(连云港)有限公司')).toBe(k);
    expect(matchKey('江苏某某化工 ( 连云港 ) 有限公司')).toBe(k);
    expect(matchKey('江苏某某化工【连云港】有限公司')).toBe(k);
    expect(matchKey('江苏某某化工〔连云港〕有限公司')).toBe(k);
    expect(matchKey('江苏某某化工[连云港]有限公司')).toBe(k);
    expect(matchKey('江苏某某化工［连云港］有限公司')).toBe(k);
    expect(k).toBe('江苏某某化工(连云港)有限公司');
  });
  it('folds full-width letters and digits, keeps other characters', () => {
    expect(matchKey('ＡＢＣ化工１厂')).toBe('ABC化工1厂');
    expect(matchKey('甲公司')).not.toBe(matchKey('乙公司'));
  });
  it('does not touch the input', () => {
    const name = '某（连云港）公司';
    matchKey(name);
    expect(name).toBe('某（连云港）公司');
  });
});

describe('distinctCleaned', () => {
  it('is the distinct cleaned values in first-seen order, placeholders dropped', () => {
    expect(distinctCleaned([' 甲 ', '无', '甲', '乙', '/', ' 乙', '丙'])).toEqual(['甲', '乙', '丙']);
    expect(distinctCleaned(['无', ''])).toEqual([]);
    const text = fc.oneof(fc.constantFrom('甲', ' 甲', '乙 ', '无', '/', '-', '', 'N/A', "'0123"), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 8 }), (texts) => {
        expect(distinctCleaned(texts)).toEqual([...new Set(texts.map((t) => clean(t)).filter((t): t is string => t !== undefined))]);
      }),
      { numRuns: 2000 },
    );
  });
});
