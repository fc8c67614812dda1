import { catalogue, renderMessage, type CatalogueEntry, type ErrorCode, type Lang } from './catalogue.ts';

/** A request-level failure: ends the request with the code's HTTP status and the error envelope. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, unknown>;
  readonly details: unknown;
  constructor(code: ErrorCode, params: Record<string, unknown> = {}, details?: unknown) {
    super(renderMessage(code, params, 'en'));
    this.name = 'GatewayError';
    this.code = code;
    this.params = params;
    this.details = details;
  }
  get status(): number {
    const entry: CatalogueEntry = catalogue[this.code];
    return entry.status ?? 400;
  }
  localized(lang: Lang): string {
    return renderMessage(this.code, this.params, lang);
  }
}

/** A problem with one record (or one field of it); collected, never thrown past the ingest boundary. */
export interface RecordIssue {
  /** JSON Pointer into the canonical record, e.g. `/data/fineAmountWan`. */
  path: string;
  code: ErrorCode;
  params?: Record<string, unknown>;
  /** The department's own field name, when an adapter knows it (e.g. `罚款金额`, `CF_NR_FK`). */
  sourceField?: string;
}

export interface RenderedIssue {
  path: string;
  code: ErrorCode;
  message: string;
  sourceField?: string;
}

export function renderIssue(issue: RecordIssue, lang: Lang): RenderedIssue {
  const out: RenderedIssue = { path: issue.path, code: issue.code, message: renderMessage(issue.code, { field: issue.sourceField ?? issue.path, ...issue.params }, lang) };
  if (issue.sourceField) out.sourceField = issue.sourceField;
  return out;
}
