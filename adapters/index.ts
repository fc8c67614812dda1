export type { Adapter, AdaptedRecord, AdapterContext, AdapterOutput } from './types.ts';
export { adapters, getAdapter } from './registry.ts';
export { canonicalJsonAdapter } from './canonical-json/index.ts';
export { parkXmlAdapter } from './park-xml/index.ts';
export { safetyBureauJsonAdapter } from './safety-bureau-json/index.ts';
export { industryCsvAdapter } from './industry-csv/index.ts';
export { hrArrearsJsonAdapter } from './hr-arrears-json/index.ts';
