import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors/index.ts';
import { CORPUS, context, DEPARTMENT_ID, IDS } from './corpus/index.ts';
import { maskRecord } from './mask.ts';
import { recordIdFor } from './identity.ts';
import { BUSINESS_KEYED_TYPES, RECORD_TYPES } from './types.ts';
import { validateRecord, type ValidationContext } from './validate.ts';

function issuesOf(input: unknown, ctx: ValidationContext = context): Array<[string, string]> {
  const r = validateRecord(structuredClone(input), ctx);
  return r.ok ? [] : r.issues.map((i) => [i.path, i.code]);
}

describe.each(CORPUS.map((c) => [c.type, c] as const))('%s', (type, corpus) => {
  it('has at least 3 valid examples and an invalid one for each rule', () => {
    expect(corpus.valid.length).toBeGreaterThanOrEqual(3);
    expect(corpus.invalid.length).toBeGreaterThanOrEqual(5);
    for (const c of [...corpus.valid, ...corpus.invalid]) expect(c.input.recordType, c.name).toBe(type);
  });

  it.each(corpus.valid.map((c) => [c.name, c] as const))('valid: %s', (_name, c) => {
    const r = validateRecord(structuredClone(c.input), context);
    expect(r.ok ? [] : r.issues.map((i) => [i.path, i.code])).toEqual([]);
    if (!r.ok) return;
    expect(r.warnings.map((w) => [w.path, w.code])).toEqual(c.warnings ?? []);
    expect(r.key).toBe(`${type}|${DEPARTMENT_ID}|${c.input.sourceRecordId as string}`);
    expect(r.recordId).toBe(recordIdFor(r.key));
    const data = r.record.data as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(c.data ?? {})) expect(data[k], k).toEqual(v);
  });

  it.each(corpus.invalid.map((c) => [c.name, c] as const))('invalid: %s', (_name, c) => {
    expect(issuesOf(c.input)).toEqual(c.issues);
  });

  it('without the department in the context the record cannot be keyed', () => {
    const { departmentId: _d, ...noDepartment } = context;
    expect(issuesOf(corpus.valid[0]!.input, noDepartment)).toEqual([['/sourceRecordId', 'RECORD_KEY_MISSING']]);
  });
});

describe('record identity of department-keyed types', () => {
  const input = CORPUS[0]!.valid[0]!.input;
  const idOf = (over: Record<string, unknown>, ctx: ValidationContext = context) => {
    const r = validateRecord({ ...structuredClone(input), ...over }, ctx);
    return r.ok ? r.recordId : r.issues;
  };

  it('the same sourceRecordId of two departments is two records', () => {
    expect(idOf({})).not.toEqual(idOf({}, { ...context, departmentId: 'park-committee' }));
  });
  it('surrounding spaces in sourceRecordId do not make another record', () => {
    expect(idOf({ sourceRecordId: ` ${input.sourceRecordId as string}\t` })).toEqual(idOf({}));
  });
  it('penalty and licence keep their business keys: no department needed', () => {
    expect(BUSINESS_KEYED_TYPES).toEqual(['administrative-penalty', 'administrative-license']);
    expect(RECORD_TYPES.filter((t) => !(BUSINESS_KEYED_TYPES as readonly string[]).includes(t))).toEqual(CORPUS.map((c) => c.type));
  });
});

describe('derived and normalised values', () => {
  it('an accident level filled by the validator is part of the version: the same as when given', () => {
    const accident = CORPUS.find((c) => c.type === 'accident')!;
    const given = validateRecord(structuredClone(accident.valid[0]!.input), context);
    const { level: _l, ...rest } = accident.valid[0]!.input.data as Record<string, unknown>;
    const filled = validateRecord({ ...structuredClone(accident.valid[0]!.input), data: rest }, context);
    expect(given.ok && filled.ok).toBe(true);
    if (given.ok && filled.ok) expect(filled.version).toBe(given.version);
  });

  it('maskRecord masks related persons\' ID numbers as well as the subject\'s', () => {
    const list = CORPUS.find((c) => c.type === 'punishment-list-entry')!;
    const r = validateRecord(structuredClone(list.valid[0]!.input), context);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const masked = JSON.stringify(maskRecord(r.record));
    for (const id of IDS.slice(0, 2)) expect(masked).not.toContain(id);
    expect(masked).toContain('320723********0034');
    // The validated record itself is untouched.
    expect(JSON.stringify(r.record)).toContain(IDS[0]);
  });

  it('maskRecord masks idNo at any depth, and leaves other fields alone', () => {
    const rec = { subject: { idNo: '320723197805120034', legalRep: { idNo: '320723198509231519' } }, data: { a: [{ b: { idNo: '320705199001011234', name: '张伟' } }] } };
    expect(maskRecord(rec)).toEqual({ subject: { idNo: '320723********0034', legalRep: { idNo: '320723********1519' } }, data: { a: [{ b: { idNo: '320705********1234', name: '张伟' } }] } });
  });

  it('credit-grade bands can be configured', () => {
    const grade = CORPUS.find((c) => c.type === 'credit-grade')!.valid[0]!.input; // B, 86.5
    expect(issuesOf(grade, { ...context, gradeBands: { A: 85, B: 70, C: 60, D: 0 } })).toEqual([['/data/score', 'SCORE_GRADE_MISMATCH']]);
  });
});

describe('new error codes', () => {
  const NEW_CODES: ErrorCode[] = [
    'NUMBER_RANGE', 'AMOUNT_YUAN_FORMAT', 'FIELD_NOT_APPLICABLE', 'ACCIDENT_LEVEL_MISMATCH', 'INDUSTRY_CODE_INVALID', 'LIST_BASIS_MISMATCH',
    'INCENTIVE_CONDITION_UNMET', 'SCORE_INVALID', 'SCORE_GRADE_MISMATCH', 'REPAIR_COMMITMENT_MISSING',
  ];
  it.each(NEW_CODES)('%s is produced by at least one corpus case', (code) => {
    expect(CORPUS.some((c) => c.invalid.some((i) => i.issues.some(([, k]) => k === code)))).toBe(true);
  });
});

describe('robustness: any value in any field is judged, never thrown', () => {
  const GARBAGE: unknown[] = [null, '', ' ', 0, -1, 1.5, 1e308, true, [], [null], {}, { idNo: 1 }, 'toString', '__proto__', '9.13207E+17', '２０２６－０１－０５', '\u0000'];
  it.each(CORPUS.map((c) => [c.type, c] as const))('%s', (_type, corpus) => {
    let judged = 0;
    for (const c of [corpus.valid[0]!, corpus.valid.at(-1)!]) {
      const data = c.input.data as Record<string, unknown>;
      const fields = [...Object.keys(data), 'relatedPersons', 'conditions', 'evidence', 'level', 'basisClause'];
      for (const field of fields) {
        for (const value of GARBAGE) {
          for (const operation of ['upsert', 'revoke']) {
            const input = { ...structuredClone(c.input), operation, data: { ...structuredClone(data), [field]: value } };
            expect(() => validateRecord(input, context), `${field} = ${JSON.stringify(value)}`).not.toThrow();
            judged++;
          }
        }
      }
      for (const value of GARBAGE) expect(() => validateRecord({ ...structuredClone(c.input), subject: value }, context)).not.toThrow();
      for (const value of GARBAGE) expect(() => validateRecord({ ...structuredClone(c.input), sourceRecordId: value }, context)).not.toThrow();
    }
    expect(judged).toBeGreaterThan(100);
  });
});
