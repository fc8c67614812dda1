import type { PackageRecord, RecordElement } from './provincial-rules.ts';

/** One stored version of a record, in the order the platform stored them. */
export interface ProvincialHistoryEntry {
  version: string;
  versionNo?: number;
  operation: 'upsert' | 'revoke';
  packageId: string;
  receivedAt: string;
}

/** The latest stored state of a record plus every version stored for it. */
export interface ProvincialSimRecord {
  recordId: string;
  version: string;
  versionNo?: number;
  /** The body element it came in: XZCF, XZXK, HEIMINGDAN or HONGMINGDAN. */
  kind: RecordElement;
  operation: 'upsert' | 'revoke';
  /** Field code → text, as received (a revoke without fields keeps the previous ones). */
  fields: Record<string, string>;
  /** Package of the current version. */
  packageId: string;
  receivedAt: string;
  updatedAt: string;
  history: ProvincialHistoryEntry[];
}

export interface ProvincialDroppedRecord {
  packageId: string;
  recordId: string;
  version: string;
}

export interface ReceiptItem {
  recordId: string;
  version: string;
  result: 'ACCEPTED' | 'REJECTED';
  reason?: string;
}

export interface PackageEntry {
  packageId: string;
  /** SHA-256 of the body, to tell a harmless re-upload from a clash of package ids. */
  bodyHash: string;
  receivedAt: string;
  /** When the receipt turns from PENDING to DONE. */
  readyAtMs: number;
  items: ReceiptItem[];
}

export interface ProvincialStats {
  requests: number;
  /** Packages acknowledged (new package ids). */
  packages: number;
  /** Identical packages uploaded again under the same id (acknowledged, not processed again). */
  repeatedPackages: number;
  recordsReceived: number;
  stored: number;
  duplicates: number;
  outOfOrder: number;
  rejected: number;
  dropped: number;
  receiptPolls: number;
  unauthorized: number;
  malformed: number;
  faults: { errors: number; rateLimited: number; timeouts: number };
}

export interface ProvincialInventoryItem {
  recordId: string;
  version: string;
  operation: 'upsert' | 'revoke';
}

export function emptyStats(): ProvincialStats {
  return {
    requests: 0, packages: 0, repeatedPackages: 0, recordsReceived: 0, stored: 0, duplicates: 0, outOfOrder: 0, rejected: 0, dropped: 0,
    receiptPolls: 0, unauthorized: 0, malformed: 0, faults: { errors: 0, rateLimited: 0, timeouts: 0 },
  };
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant; China keeps no daylight saving. */
export function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function copyRecord(r: ProvincialSimRecord): ProvincialSimRecord {
  return { ...r, fields: { ...r.fields }, history: r.history.map((h) => ({ ...h })) };
}

interface Entry {
  rec: ProvincialSimRecord;
  ms: number;
}

export class ProvincialStore {
  readonly stats: ProvincialStats = emptyStats();
  readonly packages = new Map<string, PackageEntry>();
  private readonly byId = new Map<string, Entry>();
  /** recordId + NUL + version of every version acknowledged ACCEPTED (stored, out of order or not). */
  private readonly accepted = new Set<string>();
  private readonly droppedList: ProvincialDroppedRecord[] = [];

  /** Applies one record that passed the 双公示 checks; the receipt always says ACCEPTED. */
  accept(packageId: string, rec: PackageRecord, nowMs: number, drop: () => boolean): void {
    const key = `${rec.recordId}\u0000${rec.version}`;
    if (this.accepted.has(key)) {
      this.stats.duplicates += 1;
      return;
    }
    if (drop()) {
      this.stats.dropped += 1;
      this.droppedList.push({ packageId, recordId: rec.recordId, version: rec.version });
      return;
    }
    this.accepted.add(key);
    const cur = this.byId.get(rec.recordId);
    if (cur && rec.versionNo !== undefined && cur.rec.versionNo !== undefined && rec.versionNo < cur.rec.versionNo) {
      this.stats.outOfOrder += 1;
      return;
    }
    const at = new Date(nowMs).toISOString();
    const entry: ProvincialHistoryEntry = { version: rec.version, operation: rec.operation, packageId, receivedAt: at };
    if (rec.versionNo !== undefined) entry.versionNo = rec.versionNo;
    const keepFields = rec.operation === 'revoke' && Object.keys(rec.fields).length === 0 && cur !== undefined;
    const next: ProvincialSimRecord = {
      recordId: rec.recordId,
      version: rec.version,
      kind: rec.kind,
      operation: rec.operation,
      fields: keepFields ? cur.rec.fields : { ...rec.fields },
      packageId,
      receivedAt: cur?.rec.receivedAt ?? at,
      updatedAt: at,
      history: cur ? cur.rec.history : [],
    };
    if (rec.versionNo !== undefined) next.versionNo = rec.versionNo;
    next.history.push(entry);
    this.byId.set(rec.recordId, { rec: next, ms: nowMs });
    this.stats.stored += 1;
  }

  get(recordId: string): ProvincialSimRecord | undefined {
    return this.byId.get(recordId)?.rec;
  }

  all(): ProvincialSimRecord[] {
    return Array.from(this.byId.values(), (e) => e.rec);
  }

  dropped(): ProvincialDroppedRecord[] {
    return this.droppedList.map((d) => ({ ...d }));
  }

  /** Records whose current version was stored on `date` (Asia/Shanghai), ordered by store time, then recordId. */
  inventory(date: string): ProvincialInventoryItem[] {
    return Array.from(this.byId.values())
      .filter((e) => shanghaiDate(e.ms) === date)
      .sort((a, b) => a.ms - b.ms || (a.rec.recordId < b.rec.recordId ? -1 : a.rec.recordId > b.rec.recordId ? 1 : 0))
      .map((e) => ({ recordId: e.rec.recordId, version: e.rec.version, operation: e.rec.operation }));
  }
}
