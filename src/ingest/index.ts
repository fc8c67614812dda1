export { ingest, type IngestDeps, type IngestRequest, type IngestOutcome, type SubmissionResponse } from './pipeline.ts';
export type { RecordResult } from './analyse.ts';
export { createAnalyser, inThreadAnalyser, type Analyser } from './analyser.ts';
export { parseContentType, decodeBody } from './decode.ts';
