// Shared pieces of the validation corpus: one department, its context and some subjects and authorities
// with valid codes (USCC check characters computed, resident IDs checked by GB 11643).
import type { ErrorCode } from '../../errors/index.ts';
import type { RecordType } from '../types.ts';
import type { ValidationContext } from '../validate.ts';
import { RECORD_TYPES } from '../types.ts';

export const TODAY = '2026-11-27';
export const DEPARTMENT_ID = 'county-safety-bureau';
export const BUREAU = { name: '灌云县应急管理局', uscc: '11320723MB1234567K' };
export const HR_BUREAU = { name: '灌云县人力资源和社会保障局', uscc: '11320723MB23456785' };
export const CITY_BUREAU = { name: '连云港市应急管理局', uscc: '11320700MB0123456P' };
/** A national body: its code's region digits (100000) name no province. */
export const MINISTRY = { name: '应急管理部', uscc: '11100000MB1A2B3C4G' };
export const EVALUATOR = { name: '连云港安信安全技术服务有限公司', uscc: '91320700MA1CRD0T1R' };
/** A real pilot code that fails the GB 32100 check, on the context's exception list. */
export const PILOT_USCC = '91350211M0000XUF46';

export const context: ValidationContext = {
  today: TODAY,
  usccExceptions: new Set([PILOT_USCC]),
  departmentId: DEPARTMENT_ID,
  scope: { recordTypes: [...RECORD_TYPES], regionPrefixes: ['3207'], dataSource: BUREAU, defaultRegionCode: '320723' },
};

export const COMPANY = { name: '连云港恒瑞化工有限公司', category: 'LEGAL_ORG', uscc: '91320723MA1XYW1236', legalRep: { name: '王建国' } };
export const BUILDER = { name: '江苏燕尾港建设工程有限公司', category: 'LEGAL_ORG', uscc: '91320723MA1QP4A8KG' };
export const SHOP = { name: '灌云县燕尾港镇海鲜大排档', category: 'INDIVIDUAL_BIZ', uscc: '92340602MA2PBMEM24' };
export const PERSON = { name: '张伟', category: 'NATURAL_PERSON', idType: '身份证', idNo: '320723197805120034' };
/** Valid resident IDs for people named in records. */
export const IDS = ['320723197805120034', '320723198509231519', '320705199001011234'] as const;
/** A gateway record id (uuid) for objections and repair requests. */
export const TARGET_ID = '0d3c6f5e-8a51-8d0e-a7b2-4c1e9f2a6b3d';

export interface ValidCase {
  name: string;
  input: Record<string, unknown>;
  /** Values the normalised record must hold (a subset of `data`), e.g. a derived accident level. */
  data?: Record<string, unknown>;
  /** Expected warnings as [path, code]; none when absent. */
  warnings?: Array<[string, ErrorCode]>;
}

export interface InvalidCase {
  name: string;
  input: Record<string, unknown>;
  /** The exact issues, in order, as [path, code]. */
  issues: Array<[string, ErrorCode]>;
}

export interface TypeCorpus {
  type: RecordType;
  valid: ValidCase[];
  invalid: InvalidCase[];
}

type Over = { [k: string]: unknown; data?: Record<string, unknown>; subject?: Record<string, unknown> };

/**
 * A builder of records of one type from a valid base: `over.data` and `over.subject` are merged
 * into the base's, other keys replace top-level fields; `undefined` removes a field.
 */
export function builder(base: Record<string, unknown> & { data: Record<string, unknown>; subject: Record<string, unknown> }) {
  return (over: Over = {}): Record<string, unknown> => {
    const { data, subject, ...top } = over;
    return dropUndefined({ ...base, ...top, subject: { ...base.subject, ...subject }, data: { ...base.data, ...data } });
  };
}

function dropUndefined<T>(v: T): T {
  if (Array.isArray(v)) return v.map(dropUndefined) as T;
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, dropUndefined(x)])) as T;
}
