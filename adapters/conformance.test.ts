// One suite every registered adapter must pass. Each adapter keeps its fixtures and a manifest
// (fixtures/conformance.json) saying what each fixture must produce: an expected AdapterOutput,
// records that must all validate, records that must fail with given codes, or a whole-body error.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError, type ErrorCode } from '../src/errors/index.ts';
import { decodeBody } from '../src/ingest/decode.ts';
import { RECORD_TYPES } from '../src/model/types.ts';
import { validateRecord, type ValidationContext } from '../src/model/validate.ts';
import { adapters } from './registry.ts';
import type { Adapter, AdapterContext, AdapterOutput } from './types.ts';

interface FixtureSpec {
  expected?: string;
  allValid?: boolean;
  /** Record index → codes that record must carry (adapter issues or validation issues). */
  invalid?: Record<string, ErrorCode[]>;
  error?: ErrorCode;
  reason?: string;
}
interface Manifest {
  context: AdapterContext;
  fixtures: Record<string, FixtureSpec>;
}

const fixturesDir = (name: string) => new URL(`./${name}/fixtures/`, import.meta.url);
// CSV fixtures may be GBK, decoded as the ingest pipeline decodes a CSV body that names no charset.
const read = (name: string, file: string) => {
  const bytes = readFileSync(new URL(file, fixturesDir(name)));
  return file.endsWith('.csv') ? decodeBody(bytes, undefined, 'gb18030') : bytes.toString('utf8');
};
const manifestOf = (name: string): Manifest => JSON.parse(read(name, 'conformance.json')) as Manifest;

function validationContext(ctx: AdapterContext): ValidationContext {
  return {
    today: '2026-11-27',
    usccExceptions: new Set(),
    departmentId: ctx.departmentId,
    scope: { recordTypes: [...RECORD_TYPES], regionPrefixes: ['3207'], dataSource: ctx.dataSource, defaultRegionCode: '320723' },
  };
}

/** Parses, or returns the thrown value (so callers can assert what was thrown). */
function attempt(adapter: Adapter, text: string, ctx: AdapterContext): { out: AdapterOutput } | { thrown: unknown } {
  try {
    return { out: adapter.parse(text, ctx) };
  } catch (thrown) {
    return { thrown };
  }
}

/** Checks the output's shape; returns validateRecord's unexpected exceptions (there should be none). */
function checkOutput(out: AdapterOutput, vctx: ValidationContext): string[] {
  expect(Array.isArray(out.records)).toBe(true);
  const thrown: string[] = [];
  for (const r of out.records) {
    expect(Array.isArray(r.issues)).toBe(true);
    // Whatever the adapter produced, the next stage must be able to judge it without throwing.
    if (r.record === undefined) continue;
    try {
      validateRecord(r.record, vctx);
    } catch (err) {
      thrown.push(String(err));
    }
  }
  return thrown;
}

// ---- garbage generation (seeded, so failures reproduce) -------------------------------------

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = [...'<>/{}[]"\':,;&#!?-=_.xX01239 \n\t\r', '罚', '款', '（', '）', '〔', '〕', '\u0000', '\uFEFF', '\uD800', '\u3000', 'é', '𠀀'];
const TOKENS = [
  '<?xml version="1.0"?>', '<DataPackage>', '</DataPackage>', '<Header>', '</Header>', '<Body>', '</Body>', '<XZCF>', '</XZCF>',
  '<XZXK>', '</XZXK>', '<CF_JDRQ>', '</CF_JDRQ>', '<CF_NR_FK>', '</CF_NR_FK>', '<XK_YXQZI>', '</XK_YXQZI>', '<Operation>', '</Operation>',
  '<constructor>', '</constructor>', '<__proto__>', '</__proto__>', '<!DOCTYPE x>', '<!ENTITY a "b">', '&amp;', '&#233;', '&#0;', '&lol;',
  '<![CDATA[', ']]>', '<!--', '-->', '2019年3月5日', '5.10104E+17', '长期', '-1', '1e999', '{', '}', '[', ']', '"records"', ':', ',',
  'null', 'true', '"x"', '"recordType"', '"administrative-penalty"', '"subject"', '"data"', '"__proto__"', '{"records":[', ']}', '0', '-',
];

/** Field values worth trying: placeholders, bad dates and amounts, Excel damage, JS-special names. */
const VALUES = [
  '', ' ', '无', 'NULL', '长期', '2099/12/31', '2019-02-30', '43529', '5.10104E+17', '510104199001011234.0', '-1', '0.0000001', '２，０００元',
  '罚款；警告', '没收违法所得、没收非法财物', '１', '3', '自然人', 'revoke', '撤销', 'bogus', 'toString', '__proto__', 'constructor',
  '00000000000000000X', '91320723MA1MXK3H1E', '其他-', '其他（备案）', 'x'.repeat(300),
];

/** Valid fixtures with some field values swapped for VALUES (XML text nodes, JSON strings and CSV cells). */
function valueFuzz(text: string, pickValue: () => string | undefined): string {
  if (text.trimStart().startsWith('<')) return text.replace(/>([^<>&]*[^<>&\s][^<>&]*)</g, (whole) => {
    const v = pickValue();
    return v === undefined ? whole : `>${v.replace(/[<&]/g, '')}<`;
  });
  if (!text.trimStart().startsWith('{')) {
    // CSV: cells between delimiters (quoted cells are left whole).
    return text.replace(/(^|,)([^,"\r\n]+)(?=,|\r?$)/gm, (whole, sep: string) => {
      const v = pickValue();
      return v === undefined ? whole : `${sep}${v.replace(/[,"\r\n]/g, '')}`;
    });
  }
  return text.replace(/: "([^"\\]*)"/g, (whole) => {
    const v = pickValue();
    return v === undefined ? whole : `: ${v === 'null' || v === '3' || v === '-1' ? v : JSON.stringify(v)}`;
  });
}

function garbage(fixtureTexts: string[], seed: number): string[] {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const out: string[] = [];
  for (let k = 0; k < 150; k++) out.push(Array.from({ length: int(120) }, () => pick(CHARS)).join(''));
  for (let k = 0; k < 150; k++) out.push(Array.from({ length: int(40) }, () => pick(TOKENS)).join(''));
  for (const text of fixtureTexts) {
    for (let k = 0; k < 25; k++) out.push(text.slice(0, int(text.length)));
    for (let k = 0; k < 25; k++) {
      let t = text;
      for (let m = 0; m < 1 + int(6); m++) {
        const at = int(t.length);
        const op = int(3);
        t = op === 0 ? t.slice(0, at) + t.slice(at + 1 + int(8)) : op === 1 ? t.slice(0, at) + pick(CHARS) + t.slice(at) : t.slice(0, at) + pick(TOKENS) + t.slice(at + 1);
      }
      out.push(t);
    }
    for (let k = 0; k < 30; k++) out.push(valueFuzz(text, () => (rnd() < 0.25 ? pick(VALUES) : undefined)));
  }
  return out;
}

// ---- the suite -----------------------------------------------------------------------------

const allFixtureTexts = [...adapters.keys()].flatMap((name) => {
  const m = manifestOf(name);
  return Object.keys(m.fixtures).map((f) => read(name, f));
});

describe.each([...adapters.entries()])('adapter %s', (name, adapter) => {
  const manifest = manifestOf(name);
  const ctx = manifest.context;
  const vctx = validationContext(ctx);

  it('is registered under its own name and declares media types', () => {
    expect(adapter.name).toBe(name);
    expect(adapter.contentTypes.length).toBeGreaterThan(0);
    for (const t of adapter.contentTypes) expect(t).toMatch(/^[a-z]+\/[a-z0-9.+-]+$/);
  });

  it('has a manifest entry for every fixture file', () => {
    const files = readdirSync(fixturesDir(name)).filter((f) => f !== 'conformance.json' && !f.endsWith('.expected.json'));
    expect(files.sort()).toEqual(Object.keys(manifest.fixtures).sort());
    const expectedFiles = readdirSync(fixturesDir(name)).filter((f) => f.endsWith('.expected.json'));
    expect(expectedFiles.sort()).toEqual(Object.values(manifest.fixtures).flatMap((s) => (s.expected ? [s.expected] : [])).sort());
  });

  describe.each(Object.entries(manifest.fixtures))('fixture %s', (file, spec) => {
    const text = read(name, file);

    if (spec.error) {
      it(`throws GatewayError ${spec.error}`, () => {
        const r = attempt(adapter, text, ctx);
        expect('thrown' in r).toBe(true);
        const thrown = (r as { thrown: unknown }).thrown;
        expect(thrown).toBeInstanceOf(GatewayError);
        expect((thrown as GatewayError).code).toBe(spec.error);
        if (spec.reason !== undefined) expect((thrown as GatewayError).params.reason).toBe(spec.reason);
      });
      return;
    }

    it('produces the expected output', () => {
      const out = adapter.parse(text, ctx);
      expect(out).toStrictEqual(JSON.parse(read(name, spec.expected!)));
      // Pure and deterministic: the same input gives the same output, and the output is plain JSON.
      expect(adapter.parse(text, ctx)).toStrictEqual(out);
      expect(JSON.parse(JSON.stringify(out))).toStrictEqual(out);
    });

    it('gives each record the validation outcome the manifest states', () => {
      const out = adapter.parse(text, ctx);
      expect(out.records.length).toBeGreaterThan(0);
      out.records.forEach((r, i) => {
        const codes = new Set<string>(r.issues.map((x) => x.code));
        const v = r.record === undefined ? undefined : validateRecord(r.record, vctx);
        if (v && !v.ok) for (const x of v.issues) codes.add(x.code);
        const wanted = spec.invalid?.[String(i)];
        if (wanted) {
          for (const c of wanted) expect([...codes], `record ${i} should carry ${c}`).toContain(c);
        } else {
          expect(r.issues, `record ${i} adapter issues`).toEqual([]);
          expect(v?.ok ? [] : (v as { issues: unknown[] } | undefined)?.issues ?? ['no record'], `record ${i} (${r.sourceRef})`).toEqual([]);
        }
      });
      if (spec.allValid) expect(spec.invalid ?? {}).toEqual({});
    });
  });

  it('answers garbage with output or a GatewayError, never anything else', () => {
    const inputs = garbage(allFixtureTexts, 0xc0ffee ^ name.length);
    expect(inputs.length).toBeGreaterThan(300);
    let parsed = 0;
    const validateThrows: string[] = [];
    for (const input of inputs) {
      const r = attempt(adapter, input, ctx);
      if ('thrown' in r) {
        if (!(r.thrown instanceof GatewayError)) throw new Error(`non-GatewayError for input ${JSON.stringify(input.slice(0, 200))}: ${String(r.thrown)}`);
        expect(['MALFORMED_JSON', 'MALFORMED_XML', 'MALFORMED_CSV', 'PAYLOAD_SHAPE']).toContain(r.thrown.code);
      } else {
        parsed++;
        validateThrows.push(...checkOutput(r.out, vctx));
      }
    }
    expect(validateThrows).toEqual([]);
    // Some mutated fixtures still parse, so the mapping code is exercised too, not only the parsers.
    expect(parsed).toBeGreaterThan(50);
  });
});

it('validateRecord survives a penalty category named like an Object.prototype member', () => {
  const record = { recordType: 'administrative-penalty', subject: { name: '某公司', category: 'LEGAL_ORG' }, data: { penaltyCategories: ['toString'] } };
  expect(() => validateRecord(record, validationContext(manifestOf('canonical-json').context))).not.toThrow();
});
