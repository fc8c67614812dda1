// safety-bureau-json: the county work-safety bureau's enforcement system, { "数据": [ {...} ] } with
// Chinese keys, one object per record and its 记录类型 (DESIGN §3.3). Pure: text in, records out.
import { GatewayError, type RecordIssue } from '../../src/errors/index.ts';
import type { RecordType } from '../../src/model/types.ts';
import { clean, jsonField, LabelTable } from '../../src/normalise/index.ts';
import type { Adapter, AdaptedRecord, AdapterContext, AdapterOutput } from '../types.ts';
import { RECORD_TYPES } from './codes.ts';
import { RECORD_TYPE_LABELS } from './fields.ts';
import { isObject, readRecordArray } from './json.ts';
import { buildAccident, buildBureauLicence, buildBureauPenalty, buildCommitment, buildGrade, type Built } from './records.ts';

export const ADAPTER_NAME = 'safety-bureau-json';
export const TOP_KEY = '数据';

type Obj = Record<string, unknown>;

const BUILDERS: Readonly<Partial<Record<RecordType, (obj: Obj, ctx: AdapterContext) => Built>>> = {
  'administrative-penalty': buildBureauPenalty,
  'administrative-license': buildBureauLicence,
  'safety-commitment': buildCommitment,
  accident: buildAccident,
  'credit-grade': buildGrade,
};

const TYPE_KEY = new LabelTable({ recordType: RECORD_TYPE_LABELS });

/** `?recordType=` names the type of records that carry no 记录类型. */
function queryType(ctx: AdapterContext): RecordType | undefined {
  const q = ctx.query.recordType;
  if (q === undefined || q === '') return undefined;
  const t = RECORD_TYPES.get(q);
  if (!t) throw new GatewayError('QUERY_INVALID', { param: 'recordType', reason: `应为 ${RECORD_TYPES.allowed.join('、')} 之一` });
  return t;
}

function recordType(obj: Obj, fallback: RecordType | undefined): { type: RecordType; label?: string } | { issue: RecordIssue } {
  const label = Object.keys(obj).find((k) => TYPE_KEY.resolve(k) !== undefined);
  const field = label === undefined ? undefined : jsonField(obj[label]);
  if (field?.nested) return { issue: { path: '/recordType', code: 'TYPE_MISMATCH', params: { expected: 'text' }, sourceField: label } };
  const raw = field && clean(field.texts[0]);
  if (raw === undefined) {
    if (fallback) return { type: fallback };
    return { issue: { path: '/recordType', code: 'REQUIRED', sourceField: label ?? RECORD_TYPE_LABELS[0] } };
  }
  const type = RECORD_TYPES.get(raw);
  return type ? { type, label } : { issue: { path: '/recordType', code: 'RECORD_TYPE_UNKNOWN', params: { value: raw }, sourceField: label } };
}

function adapt(el: unknown, index: number, ctx: AdapterContext, fallback: RecordType | undefined): AdaptedRecord {
  const sourceRef = `${TOP_KEY}[${index}]`;
  if (!isObject(el)) return { issues: [{ path: '', code: 'RECORD_NOT_OBJECT', params: { index } }], sourceRef };
  const t = recordType(el, fallback);
  if ('issue' in t) return { issues: [t.issue], sourceRef };
  const built = BUILDERS[t.type];
  if (!built) return { issues: [{ path: '/recordType', code: 'RECORD_TYPE_UNKNOWN', params: { value: t.type }, sourceField: t.label }], sourceRef };
  const { record, issues, sourceFields } = built(el, ctx);
  return { record, issues, sourceFields: t.label ? { '/recordType': t.label, ...sourceFields } : sourceFields, sourceRef };
}

export function parseSafetyBureauJson(text: string, ctx: AdapterContext): AdapterOutput {
  const list = readRecordArray(text, ADAPTER_NAME, TOP_KEY);
  const fallback = queryType(ctx);
  return { records: list.map((el, i) => adapt(el, i, ctx, fallback)) };
}

export const safetyBureauJsonAdapter: Adapter = {
  name: ADAPTER_NAME,
  contentTypes: ['application/json'],
  parse: parseSafetyBureauJson,
};
