// canonical-json: `{ "records": [ <canonical envelope> ] }` from systems that already speak the
// canonical model (DESIGN §3.3). Records pass through untouched; validateRecord does the rest.
import { GatewayError } from '../../src/errors/index.ts';
import type { Adapter, AdaptedRecord, AdapterOutput } from '../types.ts';
import { jsonErrorOffset, lineColumn } from './json-error.ts';

export const ADAPTER_NAME = 'canonical-json';

function malformed(text: string, err: unknown): GatewayError {
  const offset = jsonErrorOffset(text);
  const { line, column } = lineColumn(text, offset);
  const msg = err instanceof Error ? err.message.replace(/\s+/g, ' ') : String(err);
  // V8 messages quote a snippet of the body; keep the reason short.
  const short = msg.length > 120 ? `${msg.slice(0, 117)}...` : msg;
  return new GatewayError('MALFORMED_JSON', { reason: `${short} (line ${line}, column ${column})` });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseCanonicalJson(text: string): AdapterOutput {
  // A UTF-8 BOM is not JSON whitespace but is common in files saved on Windows.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw malformed(body, err);
  }
  if (!isObject(doc)) {
    throw new GatewayError('PAYLOAD_SHAPE', { adapter: ADAPTER_NAME, reason: `顶层应为含 records 数组的对象，实际为 ${describe(doc)}` });
  }
  if (!Array.isArray(doc.records)) {
    const reason = doc.records === undefined ? '缺少 records 数组' : `records 应为数组，实际为 ${describe(doc.records)}`;
    throw new GatewayError('PAYLOAD_SHAPE', { adapter: ADAPTER_NAME, reason });
  }
  const records: AdaptedRecord[] = doc.records.map((el: unknown, index: number) => {
    const sourceRef = `records[${index}]`;
    if (isObject(el)) return { record: el, issues: [], sourceRef };
    return { issues: [{ path: '', code: 'RECORD_NOT_OBJECT', params: { index } }], sourceRef };
  });
  return { records };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export const canonicalJsonAdapter: Adapter = {
  name: ADAPTER_NAME,
  contentTypes: ['application/json'],
  parse: (text) => parseCanonicalJson(text),
};
