export type { Adapter, AdaptedRecord, AdapterContext, AdapterOutput } from './types.ts';
export { adapters, getAdapter } from './registry.ts';
export { canonicalJsonAdapter } from './canonical-json/index.ts';
export { parkXmlAdapter } from './park-xml/index.ts';
