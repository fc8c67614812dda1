import type { IncomingRecord, JsonObject } from './municipal-rules.ts';

/** One accepted version of a record, in the order the platform stored them. */
export interface SimHistoryEntry {
  version: string;
  versionNo?: number;
  operation: 'upsert' | 'revoke';
  receiptId: string;
  receivedAt: string;
}

/** The latest stored state of a record plus every version accepted for it. */
export interface SimRecord {
  recordId: string;
  version: string;
  versionNo?: number;
  recordType?: string;
  operation: 'upsert' | 'revoke';
  subject?: JsonObject;
  data?: JsonObject;
  receiptId: string;
  /** When the record was first stored. */
  receivedAt: string;
  /** When its current version was stored (the inventory's ordering key). */
  updatedAt: string;
  history: SimHistoryEntry[];
}

export interface DroppedRecord {
  batchId: string;
  recordId: string;
  version: string;
  receiptId: string;
}

export interface MunicipalStats {
  requests: number;
  batches: number;
  recordsReceived: number;
  /** Versions written (new records and newer versions; not duplicates, out-of-order or drops). */
  stored: number;
  duplicates: number;
  outOfOrder: number;
  rejected: number;
  dropped: number;
  faults: { errors: number; rateLimited: number; timeouts: number };
}

export interface InventoryItem {
  recordId: string;
  version: string;
  operation: 'upsert' | 'revoke';
  updatedAt: string;
}

interface Entry {
  rec: SimRecord;
  ms: number;
}

export function emptyStats(): MunicipalStats {
  return { requests: 0, batches: 0, recordsReceived: 0, stored: 0, duplicates: 0, outOfOrder: 0, rejected: 0, dropped: 0, faults: { errors: 0, rateLimited: 0, timeouts: 0 } };
}

function cmp(aMs: number, aId: string, bMs: number, bId: string): number {
  return aMs - bMs || (aId < bId ? -1 : aId > bId ? 1 : 0);
}

export function encodeCursor(ms: number, recordId: string): string {
  return Buffer.from(`${ms}|${recordId}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { ms: number; recordId: string } | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  if (bar <= 0) return null;
  const ms = Number(text.slice(0, bar));
  return Number.isSafeInteger(ms) ? { ms, recordId: text.slice(bar + 1) } : null;
}

export function copyRecord(r: SimRecord): SimRecord {
  return { ...r, history: r.history.map((h) => ({ ...h })) };
}

export class MunicipalStore {
  readonly stats: MunicipalStats = emptyStats();
  private readonly byId = new Map<string, Entry>();
  /** recordId + NUL + version → receipt, for idempotent re-sends. */
  private readonly receipts = new Map<string, string>();
  private readonly droppedList: DroppedRecord[] = [];
  private sorted: Entry[] | null = null;
  private seq = 0;

  get size(): number {
    return this.byId.size;
  }

  private nextReceipt(): string {
    this.seq += 1;
    return `MR${String(this.seq).padStart(10, '0')}`;
  }

  /** Applies one record that passed the 双公示 checks; always acknowledged "ok". */
  accept(batchId: string, rec: IncomingRecord, nowMs: number, drop: () => boolean): string {
    const key = `${rec.recordId}\u0000${rec.version}`;
    const known = this.receipts.get(key);
    if (known !== undefined) {
      this.stats.duplicates += 1;
      return known;
    }
    const receiptId = this.nextReceipt();
    if (drop()) {
      this.stats.dropped += 1;
      this.droppedList.push({ batchId, recordId: rec.recordId, version: rec.version, receiptId });
      return receiptId;
    }
    this.receipts.set(key, receiptId);
    const cur = this.byId.get(rec.recordId);
    if (cur && rec.versionNo !== undefined && cur.rec.versionNo !== undefined && rec.versionNo < cur.rec.versionNo) {
      this.stats.outOfOrder += 1;
      return receiptId;
    }
    const at = new Date(nowMs).toISOString();
    const entry: SimHistoryEntry = { version: rec.version, operation: rec.operation, receiptId, receivedAt: at };
    if (rec.versionNo !== undefined) entry.versionNo = rec.versionNo;
    const revoke = rec.operation === 'revoke';
    const next: SimRecord = {
      recordId: rec.recordId,
      version: rec.version,
      operation: rec.operation,
      receiptId,
      receivedAt: cur?.rec.receivedAt ?? at,
      updatedAt: at,
      history: cur ? cur.rec.history : [],
    };
    if (rec.versionNo !== undefined) next.versionNo = rec.versionNo;
    const recordType = rec.recordType ?? (revoke ? cur?.rec.recordType : undefined);
    const subject = rec.subject ?? (revoke ? cur?.rec.subject : undefined);
    const data = rec.data ?? (revoke ? cur?.rec.data : undefined);
    if (recordType !== undefined) next.recordType = recordType;
    if (subject !== undefined) next.subject = subject;
    if (data !== undefined) next.data = data;
    next.history.push(entry);
    this.byId.set(rec.recordId, { rec: next, ms: nowMs });
    this.sorted = null;
    this.stats.stored += 1;
    return receiptId;
  }

  get(recordId: string): SimRecord | undefined {
    return this.byId.get(recordId)?.rec;
  }

  all(): SimRecord[] {
    return Array.from(this.byId.values(), (e) => e.rec);
  }

  dropped(): DroppedRecord[] {
    return this.droppedList.map((d) => ({ ...d }));
  }

  /** Records updated at or after `sinceMs`, after `cursor`, ordered by (updatedAt, recordId). */
  inventory(sinceMs: number | null, cursor: { ms: number; recordId: string } | null, limit: number): { items: InventoryItem[]; nextCursor: string | null } {
    const sorted = (this.sorted ??= Array.from(this.byId.values()).sort((a, b) => cmp(a.ms, a.rec.recordId, b.ms, b.rec.recordId)));
    // First index whose key is >= (sinceMs, '') and > cursor.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = sorted[mid]!;
      const beforeSince = sinceMs !== null && e.ms < sinceMs;
      const notAfterCursor = cursor !== null && cmp(e.ms, e.rec.recordId, cursor.ms, cursor.recordId) <= 0;
      if (beforeSince || notAfterCursor) lo = mid + 1;
      else hi = mid;
    }
    const page = sorted.slice(lo, lo + limit);
    const items = page.map((e) => ({ recordId: e.rec.recordId, version: e.rec.version, operation: e.rec.operation, updatedAt: e.rec.updatedAt }));
    const last = page[page.length - 1];
    const nextCursor = last && lo + limit < sorted.length ? encodeCursor(last.ms, last.rec.recordId) : null;
    return { items, nextCursor };
  }
}
