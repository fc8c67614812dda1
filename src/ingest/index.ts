export { ingest, type IngestDeps, type IngestRequest, type IngestOutcome, type SubmissionResponse, type RecordResult } from './pipeline.ts';
export { parseContentType, decodeBody } from './decode.ts';
