// Reads a department's JSON export whose records sit in one array under a Chinese key
// ({ "数据": [...] }, { "欠薪记录": [...] }). Whole-body problems are GatewayErrors with a position.
import { GatewayError } from '../../src/errors/index.ts';
import { labelKey } from '../../src/normalise/index.ts';
import { jsonErrorOffset, lineColumn } from '../canonical-json/json-error.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return '数组';
  return typeof v;
}

/** The array under `key` (matched like a label: "数据", " 数据 "); MALFORMED_JSON or PAYLOAD_SHAPE otherwise. */
export function readRecordArray(text: string, adapter: string, key: string): unknown[] {
  // A UTF-8 BOM is not JSON whitespace but is common in files saved on Windows.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    const { line, column } = lineColumn(body, jsonErrorOffset(body));
    const msg = err instanceof Error ? err.message.replace(/\s+/g, ' ') : String(err);
    const short = msg.length > 120 ? `${msg.slice(0, 117)}...` : msg;
    throw new GatewayError('MALFORMED_JSON', { reason: `${short} (line ${line}, column ${column})` });
  }
  if (!isObject(doc)) throw new GatewayError('PAYLOAD_SHAPE', { adapter, reason: `顶层应为含“${key}”数组的对象，实际为 ${describe(doc)}` });
  const wanted = labelKey(key);
  const found = Object.keys(doc).find((k) => labelKey(k) === wanted);
  const list = found === undefined ? undefined : doc[found];
  if (!Array.isArray(list)) {
    const reason = list === undefined ? `缺少“${key}”数组` : `“${key}”应为数组，实际为 ${describe(list)}`;
    throw new GatewayError('PAYLOAD_SHAPE', { adapter, reason });
  }
  return list;
}

export { isObject };
