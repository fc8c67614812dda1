// park-xml: chemical-park committees' <DataPackage> with 信用中国 XZCF/XZXK field codes
// (DESIGN §3.3). Pure: text in, canonical-shaped records out, in document order.
import type { Adapter, AdaptedRecord, AdapterContext, AdapterOutput } from '../types.ts';
import { buildLicence, buildPenalty, type BuiltRecord } from './records.ts';
import { ADAPTER_NAME, readPackage, type BodyItem } from './xml.ts';

export { ADAPTER_NAME };

const BUILDERS: Readonly<Record<string, (item: BodyItem, ctx: AdapterContext) => BuiltRecord>> = {
  XZCF: (item, ctx) => buildPenalty(item.fields, ctx),
  XZXK: (item, ctx) => buildLicence(item.fields, ctx),
};

function adapt(item: BodyItem, ctx: AdapterContext): AdaptedRecord {
  const sourceRef = `${item.tag}[${item.position}]`;
  const build = Object.hasOwn(BUILDERS, item.tag) ? BUILDERS[item.tag] : undefined;
  if (!build) return { issues: [{ path: '/recordType', code: 'RECORD_TYPE_UNKNOWN', params: { value: item.tag }, sourceField: item.tag }], sourceRef };
  const { record, issues, sourceFields } = build(item, ctx);
  return { record, issues, sourceFields, sourceRef };
}

export function parseParkXml(text: string, ctx: AdapterContext): AdapterOutput {
  const pkg = readPackage(text);
  const out: AdapterOutput = { records: pkg.items.map((item) => adapt(item, ctx)) };
  if (pkg.header) out.header = pkg.header;
  return out;
}

export const parkXmlAdapter: Adapter = {
  name: ADAPTER_NAME,
  contentTypes: ['application/xml', 'text/xml'],
  parse: parseParkXml,
};
