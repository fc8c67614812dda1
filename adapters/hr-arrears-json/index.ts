// hr-arrears-json: the human-resources bureau's wage-arrears and unpaid-social-insurance records of
// construction enterprises, { "欠薪记录": [ {...} ] } with Chinese keys (DESIGN §3.3). Pure.
import {
  defaultLabels, jsonField, labelledFields, labelUnit, LabelTable, parsePeriod, readEnvelope, readParties, readSubject, RecordDraft, subjectKey,
} from '../../src/normalise/index.ts';
import { isObject, readRecordArray } from '../safety-bureau-json/json.ts';
import type { Adapter, AdaptedRecord, AdapterContext, AdapterOutput } from '../types.ts';
import { DATA_ORDER, FIELDS, INSURANCE_TYPES, KINDS, PERIOD, SUBJECT_ORDER } from './fields.ts';

export const ADAPTER_NAME = 'hr-arrears-json';
export const TOP_KEY = '欠薪记录';

const TABLE = new LabelTable(FIELDS);
const DEFAULTS = defaultLabels(FIELDS);

/** 欠薪时段 when 起始/截止日期 are not sent apart. */
function period(d: RecordDraft): void {
  d.date('/data/periodFrom', 'reject');
  d.date('/data/periodTo', 'reject');
  if (d.get('/data/periodFrom') !== undefined || d.get('/data/periodTo') !== undefined) return;
  const raw = d.take(PERIOD, '/data/periodFrom');
  if (raw === undefined) return;
  const p = parsePeriod(raw);
  if (p.error) d.issue('/data/periodFrom', 'DATE_FORMAT', PERIOD, { value: raw });
  else {
    d.set('/data/periodFrom', p.from, PERIOD);
    d.set('/data/periodTo', p.to, PERIOD);
  }
}

export function buildArrears(obj: Record<string, unknown>, ctx: AdapterContext): Required<Pick<AdaptedRecord, 'record' | 'issues' | 'sourceFields'>> {
  const { bag, labels } = labelledFields(Object.entries(obj).map(([k, v]) => [k, jsonField(v)] as const), TABLE);
  const d = new RecordDraft(bag, labels);
  readEnvelope(d);
  readSubject(d);
  const kind = d.lookup('/data/kind', KINDS);
  d.text('/data/projectName');
  d.amountYuan('/data/amountYuan', labelUnit(d.label('/data/amountYuan')) ?? '元');
  d.count('/data/workers');
  d.list('/data/insuranceTypes', INSURANCE_TYPES);
  period(d);
  const orderNo = d.text('/data/orderNo');
  d.date('/data/orderDate', 'reject');
  d.date('/data/deadline', 'reject');
  d.date('/data/paidAt', 'reject');
  readParties(d, ctx.dataSource, { name: '/data/authorityName', uscc: '/data/authorityUscc' });
  // Without a record id of its own, an order to correct identifies the arrears (one per kind).
  d.deriveSourceRecordId([subjectKey(d), ['/data/kind', kind], ['/data/orderNo', orderNo]]);
  const built = d.finish('wage-arrears', { subject: SUBJECT_ORDER, data: DATA_ORDER });
  return { ...built, sourceFields: { ...DEFAULTS, ...built.sourceFields } };
}

function adapt(el: unknown, index: number, ctx: AdapterContext): AdaptedRecord {
  const sourceRef = `${TOP_KEY}[${index}]`;
  if (!isObject(el)) return { issues: [{ path: '', code: 'RECORD_NOT_OBJECT', params: { index } }], sourceRef };
  return { ...buildArrears(el, ctx), sourceRef };
}

export function parseHrArrearsJson(text: string, ctx: AdapterContext): AdapterOutput {
  return { records: readRecordArray(text, ADAPTER_NAME, TOP_KEY).map((el, i) => adapt(el, i, ctx)) };
}

export const hrArrearsJsonAdapter: Adapter = {
  name: ADAPTER_NAME,
  contentTypes: ['application/json'],
  parse: parseHrArrearsJson,
};
