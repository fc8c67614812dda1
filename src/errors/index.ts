export { catalogue, errorCodes, renderMessage, type ErrorCode, type Lang, type CatalogueEntry } from './catalogue.ts';
export { GatewayError, renderIssue, type RecordIssue, type RenderedIssue } from './errors.ts';
