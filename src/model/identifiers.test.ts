import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import {
  checkOrgCode,
  checkRegNo15,
  checkResidentId,
  checkUscc,
  checkUsccOrgCode,
  looksExcelDamaged,
  maskIdNo,
  normaliseCode,
  regNo15CheckDigit,
  residentIdCheckChar,
  upgradeResidentId15,
  usccCheckChar,
} from './identifiers.ts';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const stdnumCodes = readFileSync(
  new URL('../../test/fixtures/uscc-stdnum-valid.txt', import.meta.url),
  'utf8',
)
  .split(/\r?\n/)
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

describe('normaliseCode', () => {
  it('trims, upper-cases and folds full-width characters', () => {
    expect(normaliseCode('  91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(normaliseCode('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
  });

  it('removes inner spaces of every kind', () => {
    expect(normaliseCode('91 110000 600037341L')).toBe('91110000600037341L');
    expect(normaliseCode('9111\u30000000\t6000\u00A037341L\u200B')).toBe('91110000600037341L');
    expect(normaliseCode('\uFEFF91110000600037341L')).toBe('91110000600037341L');
  });

  it('removes hyphens and dash variants', () => {
    expect(normaliseCode('60003734-1')).toBe('600037341');
    expect(normaliseCode('60003734－1')).toBe('600037341'); // full-width
    for (const dash of ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63']) {
      expect(normaliseCode(`6000${dash}3734${dash}1`)).toBe('600037341');
    }
  });

  it('removes a leading apostrophe (Excel text prefix)', () => {
    expect(normaliseCode("'510104199001011234")).toBe('510104199001011234');
    expect(normaliseCode(" '91350100M000100Y43")).toBe('91350100M000100Y43');
    expect(normaliseCode('＇91350100M000100Y43')).toBe('91350100M000100Y43');
    expect(normaliseCode('\u201991350100M000100Y43')).toBe('91350100M000100Y43');
  });

  it('leaves a clean code unchanged', () => {
    expect(normaliseCode('11010519491231002X')).toBe('11010519491231002X');
  });

  it('gives what the full folding gives, for clean codes (returned as they are) and for any other text', () => {
    const fold = (raw: string) => raw.normalize('NFKC').replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '').replace(/[-\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g, '').replace(/^['\u2018\u2019]+/, '').toUpperCase();
    const clean = fc.stringMatching(/^[0-9A-Z]{0,20}$/);
    const messy = fc.string({ unit: fc.constantFrom(...'09azAZ -\u2013\uFF10\uFF21\u3000\u200B\'\u2019ｍ'.split('')), maxLength: 20 });
    fc.assert(fc.property(fc.oneof(clean, messy, fc.string()), (raw) => {
      expect(normaliseCode(raw)).toBe(fold(raw));
    }), { numRuns: 3000 });
  });
});

describe('checkUscc (GB 32100-2015)', () => {
  it('accepts the GB worked example and computes its check character', () => {
    expect(checkUscc('91350100M000100Y43')).toBe('ok');
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it.each([
    '91110000600037341L',
    '914403001922038216',
    '121200004013590816',
    '92340602MA2PBMEM24',
  ])('accepts %s', (code) => {
    expect(checkUscc(code)).toBe('ok');
    expect(checkUsccOrgCode(code)).toBe(true);
  });

  it.each(['911522010783762860', '91340600MA2PBP2120'])(
    'accepts %s whose check character is 0 (sum mod 31 = 0; needs the outer mod)',
    (code) => {
      expect(checkUscc(code)).toBe('ok');
      expect(usccCheckChar(code.slice(0, 17))).toBe('0');
    },
  );

  it.each(['91350211M0000XUF46', '91350100M0001TGQXM'])(
    'reports the Xiamen pilot code %s as a checksum failure (real, but pre-standard)',
    (code) => {
      expect(checkUscc(code)).toBe('checksum');
    },
  );

  it('reports a wrong check character as checksum', () => {
    expect(checkUscc('91110000600037341N')).toBe('checksum');
    expect(checkUscc('91350100M000100Y44')).toBe('checksum');
  });

  it('reports length and alphabet errors as format', () => {
    expect(checkUscc('12345')).toBe('format');
    expect(checkUscc('')).toBe('format');
    expect(checkUscc('91350100M000100Y4')).toBe('format');
    expect(checkUscc('91350100M000100Y433')).toBe('format');
    expect(checkUscc('9111000060003IOZSV')).toBe('format');
    expect(checkUscc('91350100m000100y43')).toBe('format'); // not normalised
    for (const bad of ['I', 'O', 'S', 'V', 'Z', '-', ' ']) {
      expect(checkUscc(`${bad}1350100M000100Y43`)).toBe('format');
      expect(checkUscc(`91350100M000100Y4${bad}`)).toBe('format');
    }
  });

  it('rejects a code whose first character is in the alphabet but the checksum is off', () => {
    // stdnum calls A1110000600037341L a format error; GB 32100 does not fix the first character
    // to digits, so here it only fails the checksum.
    expect(checkUscc('A1110000600037341L')).toBe('checksum');
  });

  it('usccCheckChar refuses input outside the alphabet', () => {
    expect(() => usccCheckChar('9135010OM000100Y4')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(RangeError);
  });

  it('checkUsccOrgCode is false for a bad embedded code or a wrong length', () => {
    expect(checkUsccOrgCode('91350100M000100Y53')).toBe(false);
    expect(checkUsccOrgCode('91350100M000100Y4')).toBe(false);
  });
});

describe('python-stdnum USCC test vectors', () => {
  it('fixture holds exactly 383 distinct codes', () => {
    // The brief and DOMAIN.md say 143; the stored doctest lists 383 (an older version 200).
    expect(stdnumCodes).toHaveLength(383);
    expect(new Set(stdnumCodes).size).toBe(383);
  });

  it('every code passes the USCC check and the embedded GB 11714 check', () => {
    const failures = stdnumCodes.filter((c) => checkUscc(c) !== 'ok' || !checkUsccOrgCode(c));
    expect(failures).toEqual([]);
  });

  it('9 codes have check character 0, which the no-outer-mod bug rejects', () => {
    const zero = stdnumCodes.filter((c) => c.endsWith('0'));
    expect(zero).toHaveLength(9);
    expect(zero).toContain('911522010783762860');
    expect(zero).toContain('91340600MA2PBP2120');
  });

  it('every single-character substitution at every position fails the checksum', () => {
    let checked = 0;
    const passed: string[] = [];
    for (const code of stdnumCodes) {
      for (let i = 0; i < 18; i++) {
        const head = code.slice(0, i);
        const tail = code.slice(i + 1);
        for (const ch of USCC_ALPHABET) {
          if (ch === code[i]) continue;
          const mutated = head + ch + tail;
          if (checkUscc(mutated) !== 'checksum') passed.push(mutated);
          checked++;
        }
      }
    }
    expect(passed).toEqual([]);
    expect(checked).toBe(383 * 18 * 30);
  });
});

describe('checkOrgCode (GB 11714)', () => {
  it('accepts the DOMAIN.md examples', () => {
    expect(checkOrgCode('M000100Y4')).toBe('ok');
    expect(checkOrgCode(normaliseCode('M000100Y-4'))).toBe('ok');
    expect(checkOrgCode(normaliseCode('60003734-1'))).toBe('ok');
    expect(checkOrgCode(normaliseCode('19220382-1'))).toBe('ok');
  });

  it('handles the X (10) and 0 (11) check characters', () => {
    expect(checkOrgCode('07837757X')).toBe('ok');
    expect(checkOrgCode('078382010')).toBe('ok');
    expect(checkOrgCode('078377570')).toBe('checksum');
  });

  it('reports a wrong check character as checksum', () => {
    expect(checkOrgCode('M000100Y5')).toBe('checksum');
    expect(checkOrgCode('600037342')).toBe('checksum');
  });

  it('reports format errors', () => {
    expect(checkOrgCode('60003734-1')).toBe('format'); // not normalised
    expect(checkOrgCode('60003734')).toBe('format');
    expect(checkOrgCode('6000373411')).toBe('format');
    expect(checkOrgCode('m000100y4')).toBe('format');
    expect(checkOrgCode('M000100YA')).toBe('format');
  });
});

describe('checkResidentId (GB 11643-1999)', () => {
  const today = new Date(2025, 5, 15); // 2025-06-15 local

  it.each(['11010519491231002X', '360426199101010071', '44011320141005001X', '120103198806018241'])(
    'accepts %s',
    (id) => {
      expect(checkResidentId(id)).toBe('ok');
      expect(checkResidentId(id, today)).toBe('ok');
    },
  );

  it('computes the worked example check character (sum 167 → X)', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('accepts a lowercase x', () => {
    expect(checkResidentId('11010519491231002x')).toBe('ok');
  });

  it('reports a wrong check character as checksum', () => {
    expect(checkResidentId('110105194912310021')).toBe('checksum');
    expect(checkResidentId('360426199101010072')).toBe('checksum');
  });

  it('detects every single-digit substitution outside the date', () => {
    const id = '120103198806018241';
    for (const i of [0, 1, 2, 3, 4, 5, 14, 15, 16, 17]) {
      for (const d of '0123456789X') {
        if (d === id[i] || (d === 'X' && i !== 17)) continue;
        const mutated = id.slice(0, i) + d + id.slice(i + 1);
        expect(checkResidentId(mutated, today)).not.toBe('ok');
      }
    }
  });

  it('reports format errors', () => {
    expect(checkResidentId('')).toBe('format');
    expect(checkResidentId('11010519491231002')).toBe('format');
    expect(checkResidentId('11010519491231002XX')).toBe('format');
    expect(checkResidentId('1101051949123100X2')).toBe('format');
    expect(checkResidentId('11010519491231002Y')).toBe('format');
    expect(checkResidentId('5.10104E+17')).toBe('format');
    expect(checkResidentId('11010549123100')).toBe('format');
  });

  const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

  it('rejects impossible birth dates even with a correct check character', () => {
    expect(checkResidentId(withCheck('11010519490229002'), today)).toBe('birthdate'); // not leap
    expect(checkResidentId(withCheck('11010519001301002'), today)).toBe('birthdate');
    expect(checkResidentId(withCheck('11010519910431002'), today)).toBe('birthdate');
    expect(checkResidentId(withCheck('11010519910100002'), today)).toBe('birthdate');
    expect(checkResidentId(withCheck('11010519000229002'), today)).toBe('birthdate'); // 1900 not leap
  });

  it('accepts leap days and the range bounds', () => {
    expect(checkResidentId(withCheck('11010520000229002'), today)).toBe('ok');
    expect(checkResidentId(withCheck('11010519000101002'), today)).toBe('ok');
    expect(checkResidentId(withCheck('11010520250615002'), today)).toBe('ok');
  });

  it('rejects births before 1900 or after today', () => {
    expect(checkResidentId(withCheck('11010518991231002'), today)).toBe('birthdate');
    expect(checkResidentId(withCheck('11010520250616002'), today)).toBe('birthdate');
    expect(checkResidentId(withCheck('11010530000101002'))).toBe('birthdate');
  });

  it('upgrades a 15-digit legacy ID', () => {
    expect(upgradeResidentId15('110105491231002')).toBe('11010519491231002X');
    expect(upgradeResidentId15('11010549123100')).toBeNull();
    expect(upgradeResidentId15('11010549123100X')).toBeNull();
  });

  it('accepts 15-digit legacy IDs and checks their date via the upgrade', () => {
    expect(checkResidentId('110105491231002')).toBe('ok');
    expect(checkResidentId('110105490229002')).toBe('birthdate'); // 1949 not leap
    expect(checkResidentId('110105481301002')).toBe('birthdate');
    expect(checkResidentId('110105000229002')).toBe('birthdate'); // 1900 not leap
  });
});

describe('checkRegNo15 (GS 15-2006, ISO 7064 MOD 11,10)', () => {
  const valid = ['110108000000016', '320300000174110', '310117003171688'];

  it.each(valid)('accepts %s', (code) => {
    expect(checkRegNo15(code)).toBe('ok');
    expect(regNo15CheckDigit(code.slice(0, 14))).toBe(code[14]);
  });

  it('detects every single-digit substitution', () => {
    for (const code of valid) {
      for (let i = 0; i < 15; i++) {
        for (const d of '0123456789') {
          if (d === code[i]) continue;
          expect(checkRegNo15(code.slice(0, i) + d + code.slice(i + 1))).toBe('checksum');
        }
      }
    }
  });

  it('agrees with the ISO 7064 "final s = 1" formulation', () => {
    // Run all 15 digits through the recurrence; a valid number ends with s = 1.
    const finalS = (code: string) => {
      let p = 10;
      let s = 0;
      for (const ch of code) {
        s = ((p % 11) + Number(ch)) % 10 || 10;
        p = 2 * s;
      }
      return s;
    };
    for (const code of valid) expect(finalS(code)).toBe(1);
    expect(finalS('110108000000017')).not.toBe(1);
  });

  it('reports format errors', () => {
    expect(checkRegNo15('11010800000001')).toBe('format');
    expect(checkRegNo15('1101080000000160')).toBe('format');
    expect(checkRegNo15('11010800000001X')).toBe('format');
    expect(checkRegNo15('91350100M000100Y43')).toBe('format');
  });
});

describe('maskIdNo', () => {
  it('keeps the first 6 and last 4 of an 18-character ID', () => {
    expect(maskIdNo('11010519491231002X')).toBe('110105********002X');
  });

  it('keeps the first 6 and last 4 of a 15-character ID', () => {
    expect(maskIdNo('110105491231002')).toBe('110105*****1002');
  });

  it('keeps first and last character of other strings of length ≥ 4', () => {
    expect(maskIdNo('E1234567')).toBe('E******7');
    expect(maskIdNo('abcd')).toBe('a**d');
    expect(maskIdNo('护照号码A')).toBe('护***A');
  });

  it('masks short strings completely', () => {
    expect(maskIdNo('abc')).toBe('***');
    expect(maskIdNo('a')).toBe('*');
    expect(maskIdNo('')).toBe('');
  });

  it('preserves length', () => {
    for (const s of ['11010519491231002X', '110105491231002', 'x'.repeat(17), 'xy']) {
      expect(maskIdNo(s)).toHaveLength(s.length);
    }
  });
});

describe('looksExcelDamaged', () => {
  it.each(['5.10104E+17', '9.1350100E+17', '5.10104e+17', '5.10104E17', ' 5.10104E+17 ', '1E+17'])(
    'flags %s',
    (raw) => {
      expect(looksExcelDamaged(raw)).toBe(true);
    },
  );

  it.each([
    '510104199001011234',
    '510104199001011200',
    '91350100M000100Y43',
    '51.0104E+17',
    '5.10104E-17',
    '5.10104E+',
    '5.E+17',
    '',
  ])('does not flag %s', (raw) => {
    expect(looksExcelDamaged(raw)).toBe(false);
  });
});
