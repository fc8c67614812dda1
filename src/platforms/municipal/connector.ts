import { Pool, type Dispatcher } from 'undici';
import type { TargetConfig } from '../../config/index.ts';
import { topLevelMembers } from '../../util/json-members.ts';
import { jsonArrayBytes } from '../../util/utf8.ts';
import { parseRetryAfter } from '../retry-after.ts';
import { PlatformError, type Connector, type InventoryItem, type PushItem, type PushResponse, type PushResult } from '../types.ts';

interface MunicipalAnswer {
  batchId?: string;
  results?: Array<{ recordId?: string; version?: string; status?: string; receiptId?: string; reason?: string }>;
}

export interface MunicipalOptions {
  /** Injected in tests (undici MockAgent); defaults to a keep-alive Pool on the base URL. */
  dispatcher?: Dispatcher;
}

/** Maps a canonical record version onto the municipal wire format (DESIGN §3.4), with our `versionNo` extension. */
export function toMunicipalRecord(item: PushItem): Record<string, unknown> {
  const r = item.record;
  return { recordId: item.recordId, version: item.version, versionNo: item.versionNo, recordType: r.recordType, operation: r.operation, subject: r.subject, data: r.data };
}

/**
 * toMunicipalRecord as JSON text. From the stored JSON when the item has it: its four members copied as
 * they are, without parsing and serialising the record again; from the record otherwise (or when the
 * text lacks one of them).
 */
export function municipalRecordJson(item: PushItem): string {
  const m = item.json === undefined ? undefined : topLevelMembers(item.json);
  const [type, op, subject, data] = [m?.get('recordType'), m?.get('operation'), m?.get('subject'), m?.get('data')];
  if (type === undefined || op === undefined || subject === undefined || data === undefined) return JSON.stringify(toMunicipalRecord(item));
  return `{"recordId":${JSON.stringify(item.recordId)},"version":${JSON.stringify(item.version)},"versionNo":${item.versionNo},"recordType":${type},"operation":${op},"subject":${subject},"data":${data}}`;
}

/** Decides what a non-200 answer means. The one place failure classes are chosen for this platform. */
export function classifyMunicipal(status: number, retryAfter: string | string[] | undefined, body: string): PlatformError {
  const snippet = body.slice(0, 300);
  const wait = parseRetryAfter(retryAfter);
  if ((status === 429 || status === 503) && wait !== undefined) return new PlatformError('rate_limited', `HTTP ${status}: ${snippet}`, status, wait);
  if (status === 429) return new PlatformError('rate_limited', `HTTP 429 without Retry-After: ${snippet}`, status, 1000);
  if (status === 401 || status === 403) return new PlatformError('config', `HTTP ${status}: the platform refused our credentials: ${snippet}`, status);
  // Wrong address or a batch the platform will never take: an operator must change configuration; keep the records.
  if (status === 404 || status === 405 || status === 413) return new PlatformError('config', `HTTP ${status}: check the target's baseUrl and batchSize: ${snippet}`, status);
  if (status >= 500 || status === 408) return new PlatformError('transient', `HTTP ${status}: ${snippet}`, status);
  return new PlatformError('permanent', `HTTP ${status}: ${snippet}`, status);
}

export function createMunicipalConnector(target: TargetConfig, opts: MunicipalOptions = {}): Connector {
  const base = new URL(target.baseUrl);
  const dispatcher = opts.dispatcher ?? new Pool(base.origin, { connections: Math.max(2, target.concurrency), pipelining: 1, keepAliveTimeout: 30_000 });
  const path = `${base.pathname.replace(/\/$/, '')}/api/v1/credit-records`;
  const inventoryPath = `${base.pathname.replace(/\/$/, '')}/api/v1/credit-records/inventory`;
  /** One inventory page, retried a few times on transient failures (the platform may be faulty too). */
  async function getInventoryPage(pathAndQuery: string): Promise<{ items: InventoryItem[]; nextCursor: string | null }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await dispatcher.request({
          origin: base.origin, method: 'GET', path: pathAndQuery,
          headers: { authorization: `Bearer ${target.token ?? ''}` },
          headersTimeout: target.timeoutMs, bodyTimeout: target.timeoutMs, signal: AbortSignal.timeout(target.timeoutMs * 3),
        });
        const text = await res.body.text();
        if (res.statusCode !== 200) throw classifyMunicipal(res.statusCode, res.headers['retry-after'], text);
        const body = JSON.parse(text) as { items?: InventoryItem[]; nextCursor?: string | null };
        if (!Array.isArray(body.items)) throw new PlatformError('transient', 'inventory answer without items', 200);
        return { items: body.items.map((i) => ({ recordId: String(i.recordId), version: String(i.version), operation: String(i.operation) })), nextCursor: body.nextCursor ?? null };
      } catch (e) {
        const err = e instanceof PlatformError ? e : new PlatformError('transient', (e as Error).message);
        if (err.kind === 'config' || err.kind === 'permanent' || attempt >= 8) throw err;
        await new Promise((r) => setTimeout(r, err.retryAfterMs ?? Math.min(5000, 200 * 2 ** attempt)));
      }
    }
  }
  return {
    target: target.id,
    async push(items, batchId): Promise<PushResponse> {
      let res: Dispatcher.ResponseData;
      try {
        res = await dispatcher.request({
          origin: base.origin,
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token ?? ''}`, 'idempotency-key': batchId },
          // { batchId, records }, each record encoded on its own (util/utf8: a batch as one string is slow to encode).
          body: jsonArrayBytes(items.map(municipalRecordJson), [`{"batchId":${JSON.stringify(batchId)},"records":`], ['}']),
          headersTimeout: target.timeoutMs,
          bodyTimeout: target.timeoutMs,
          // One deadline for the whole exchange; undici's timers only bound inactivity.
          signal: AbortSignal.timeout(target.timeoutMs),
        });
      } catch (e) {
        const err = e as Error & { code?: string };
        throw new PlatformError('transient', `${err.code ?? err.name}: ${err.message}`);
      }
      let text: string;
      try {
        text = await res.body.text();
      } catch (e) {
        throw new PlatformError('transient', `reading the answer failed: ${(e as Error).message}`, res.statusCode);
      }
      if (res.statusCode !== 200) throw classifyMunicipal(res.statusCode, res.headers['retry-after'], text);
      let answer: MunicipalAnswer;
      try {
        answer = JSON.parse(text) as MunicipalAnswer;
      } catch {
        throw new PlatformError('transient', `HTTP 200 with a body that is not JSON: ${text.slice(0, 200)}`, 200);
      }
      if (!answer || typeof answer !== 'object' || !Array.isArray(answer.results) || answer.results.some((r) => !r || typeof r !== 'object')) {
        throw new PlatformError('transient', `HTTP 200 without a results array: ${text.slice(0, 200)}`, 200);
      }
      return { batchId, httpStatus: 200, results: matchResults(items, answer) };
    },
    async *inventory({ since } = {}) {
      let cursor: string | null = null;
      const sinceIso = (since ?? new Date(0)).toISOString();
      do {
        const q = new URLSearchParams({ since: sinceIso, limit: '5000', ...(cursor ? { cursor } : {}) });
        const page = await getInventoryPage(`${inventoryPath}?${q}`);
        if (page.items.length) yield page.items;
        cursor = page.nextCursor;
      } while (cursor);
    },
    async close() {
      if (!opts.dispatcher) await dispatcher.close();
    },
  };
}

/** Pairs the platform's per-record answers with our deliveries by recordId + version; a missing answer is a transient failure. */
function matchResults(items: readonly PushItem[], answer: MunicipalAnswer): PushResult[] {
  const byKey = new Map<string, NonNullable<MunicipalAnswer['results']>[number]>();
  for (const r of answer.results ?? []) byKey.set(`${r.recordId}|${r.version}`, r);
  return items.map((it) => {
    const r = byKey.get(`${it.recordId}|${it.version}`);
    if (!r) throw new PlatformError('transient', `the platform's answer has no result for record ${it.recordId} version ${it.version}`, 200);
    if (r.status === 'ok') return { deliveryId: it.deliveryId, status: 'ok', ...(r.receiptId ? { receiptId: String(r.receiptId) } : {}) };
    if (r.status === 'rejected') return { deliveryId: it.deliveryId, status: 'rejected', reason: String(r.reason ?? 'rejected without a reason') };
    // A status this protocol does not define is not a verdict: push again later.
    throw new PlatformError('transient', `the platform answered status "${String(r.status)}" for record ${it.recordId}`, 200);
  });
}
