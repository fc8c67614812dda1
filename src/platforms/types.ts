import type { CanonicalRecord } from '../model/index.ts';

export interface PushItem {
  deliveryId: number;
  recordId: string;
  version: string;
  versionNo: number;
  readonly record: CanonicalRecord;
  /**
   * The version as stored, when the caller has it: the record's JSON with a `meta` member. A connector
   * may copy members from this text instead of serialising `record` (which it then never reads).
   */
  json?: string;
}

export type PushResult =
  | { deliveryId: number; status: 'ok'; receiptId?: string }
  | { deliveryId: number; status: 'rejected'; reason: string };

export interface PushResponse {
  batchId: string;
  httpStatus: number;
  results: PushResult[];
}

/**
 * How a failed push is handled, decided in one place per connector:
 * - transient: timeouts, connection errors, 5xx → retry with backoff;
 * - rate_limited: 429/503 with Retry-After → wait as told without spending an attempt;
 * - config: 401/403 → our credentials are wrong; wait and alert, never burn the records;
 * - permanent: other 4xx for the whole batch → the records are rejected with the platform's reason.
 */
export type FailureKind = 'transient' | 'rate_limited' | 'config' | 'permanent';

export class PlatformError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly httpStatus?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

/** One record as the platform holds it (its inventory). */
export interface InventoryItem {
  recordId: string;
  version: string;
  operation: string;
}

export interface Connector {
  readonly target: string;
  push(items: readonly PushItem[], batchId: string): Promise<PushResponse>;
  /** Everything the platform holds, page by page (for reconciliation); absent when the platform offers no inventory. */
  inventory?(opts: { since?: Date }): AsyncIterable<InventoryItem[]>;
  close(): Promise<void>;
}
