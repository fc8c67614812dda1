export { createProvincialConnector, classifyProvincial, fetchProvincialInventory, type ProvincialConnector, type ProvincialOptions } from './connector.ts';
export { buildPackage, toProvincialElement, formatSendTime, unsupportedReason, type ProvincialElement, type PackageHeader } from './xml.ts';
export { provincialSignature, signedHeaders, type SignatureAlgorithm } from './sign.ts';
export type { ProvincialInventoryItem, Receipt, ReceiptItem } from './answers.ts';
