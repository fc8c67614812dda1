import type { RecordIssue } from '../src/errors/index.ts';

/** What an adapter knows about the department it parses for. Pure data; adapters do no I/O. */
export interface AdapterContext {
  departmentId: string;
  dataSource: { name: string; uscc: string };
  defaultRegionCode?: string;
  /** Query parameters of the submission (e.g. `recordType` for CSV). */
  query: Readonly<Record<string, string>>;
}

/** One record as the adapter understood it, before canonical validation. */
export interface AdaptedRecord {
  /** Canonical-shaped object (recordType, operation, sourceRecordId?, subject, data); absent when the adapter could not build one. */
  record?: unknown;
  /** Problems the adapter itself found (dates it could not read, Excel damage, …). */
  issues: RecordIssue[];
  /** Canonical JSON Pointer → the department's own field name, so errors can name both. */
  sourceFields?: Readonly<Record<string, string>>;
  /** Where in the source this record came from (e.g. "XZCF[3]", "row 7"). */
  sourceRef?: string;
}

export interface AdapterOutput {
  records: AdaptedRecord[];
  /** Package-level facts worth keeping with the submission (e.g. the XML header). */
  header?: Record<string, string>;
}

/**
 * A department format. `parse` is a pure function: text in, canonical-shaped records out.
 * Whole-body problems (malformed JSON/XML, wrong top-level shape) are thrown as GatewayError;
 * anything else it throws is turned into a 500 by the ingest boundary, so adapters should not.
 */
export interface Adapter {
  readonly name: string;
  /** Media types accepted, e.g. ['application/json']. */
  readonly contentTypes: readonly string[];
  parse(text: string, ctx: AdapterContext): AdapterOutput;
}
