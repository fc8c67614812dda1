/**
 * Connector for the provincial platform (DESIGN §3.4 `provincial`): a signed XML data package is
 * uploaded, acknowledged with 202, and judged asynchronously; the receipt (回执) is polled until
 * DONE and its per-record results are mapped back onto the deliveries.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, type Dispatcher } from 'undici';
import type { TargetConfig } from '../../config/index.ts';
import { parseRetryAfter } from '../retry-after.ts';
import { PlatformError, type Connector, type PushItem, type PushResponse, type PushResult } from '../types.ts';
import { errorReason, parseAck, parseInventory, parseReceipt, type Ack, type ProvincialInventoryItem, type Receipt } from './answers.ts';
import { signedHeaders, type SignatureAlgorithm } from './sign.ts';
import { buildPackage, formatSendTime, toProvincialElement, type ProvincialElement } from './xml.ts';

export interface ProvincialOptions {
  /** Injected in tests (undici MockAgent); defaults to a keep-alive Pool on the base URL. */
  dispatcher?: Dispatcher;
  /** Pause between receipt polls (default 500 ms). */
  receiptPollMs?: number;
  /** How long a receipt may stay PENDING (or unreachable) before the push counts as a transient failure (default 60 s). */
  receiptTimeoutMs?: number;
  /** First day (YYYY-MM-DD) `inventory()` walks when not given `since` (default 2016-01-01, when 双公示 reporting began). */
  inventoryFrom?: string;
}

/** The connector plus its inventory: the platform lists records per day, so `inventory()` walks the days from `since` to today. */
export interface ProvincialConnector extends Connector {
  inventory(opts?: { since?: Date }): AsyncIterable<ProvincialInventoryItem[]>;
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * Decides what a non-2xx answer means; the one place failure classes are chosen for this platform,
 * with the municipal connector's rules. `phase` 'receipt' is a receipt poll: the package was
 * received and its records never judged, so a 4xx there (e.g. an unknown package) is transient —
 * pushing again is harmless, because the platform dedupes by RecordId + Version.
 */
export function classifyProvincial(status: number, headers: Headers, body: string, phase: 'upload' | 'receipt' = 'upload'): PlatformError {
  const reason = (errorReason(body) ?? body).slice(0, 300);
  const wait = parseRetryAfter(headers['retry-after']);
  if ((status === 429 || status === 503) && wait !== undefined) return new PlatformError('rate_limited', `HTTP ${status}: ${reason}`, status, wait);
  if (status === 429) return new PlatformError('rate_limited', `HTTP 429 without Retry-After: ${reason}`, status, 1000);
  if (status === 401 || status === 403) return new PlatformError('config', `HTTP ${status}: the platform refused our signature: ${reason}`, status);
  if (status >= 500 || status === 408) return new PlatformError('transient', `HTTP ${status}: ${reason}`, status);
  if (phase === 'receipt') return new PlatformError('transient', `HTTP ${status} while fetching the receipt: ${reason}`, status);
  // Wrong address or a package the platform will never take: an operator must change configuration; keep the records.
  if (status === 404 || status === 405 || status === 413) return new PlatformError('config', `HTTP ${status}: check the target's baseUrl and batchSize: ${reason}`, status);
  return new PlatformError('permanent', `HTTP ${status}: ${reason}`, status);
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

interface Client {
  origin: string;
  prefix: string;
  dispatcher: Dispatcher;
  secret: string;
  algorithm: SignatureAlgorithm;
  timeoutMs: number;
}

/** One signed request; a connection or read failure is a transient PlatformError. */
async function signedRequest(c: Client, method: 'GET' | 'POST', path: string, body = ''): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/xml', ...signedHeaders(c.secret, body, Date.now(), c.algorithm) };
  if (method === 'POST') headers['content-type'] = 'application/xml; charset=utf-8';
  let res: Dispatcher.ResponseData;
  try {
    res = await c.dispatcher.request({
      origin: c.origin,
      method,
      path: c.prefix + path,
      headers,
      ...(method === 'POST' ? { body } : {}),
      headersTimeout: c.timeoutMs,
      bodyTimeout: c.timeoutMs,
      // One deadline for the whole exchange; undici's timers only bound inactivity.
      signal: AbortSignal.timeout(c.timeoutMs),
    });
  } catch (e) {
    const err = e as Error & { code?: string };
    throw new PlatformError('transient', `${err.code ?? err.name}: ${err.message}`);
  }
  try {
    return { status: res.statusCode, headers: res.headers as Headers, text: await res.body.text() };
  } catch (e) {
    throw new PlatformError('transient', `reading the answer failed: ${(e as Error).message}`, res.statusCode);
  }
}

function client(target: TargetConfig, dispatcher: Dispatcher | undefined): Client & { own: boolean } {
  if (!target.secret) throw new Error(`provincial target ${target.id} has no secret`);
  const base = new URL(target.baseUrl);
  return {
    origin: base.origin,
    prefix: base.pathname.replace(/\/$/, ''),
    dispatcher: dispatcher ?? new Pool(base.origin, { connections: Math.max(2, target.concurrency), pipelining: 1, keepAliveTimeout: 30_000 }),
    own: dispatcher === undefined,
    secret: target.secret,
    algorithm: target.signatureAlgorithm ?? 'hmac-sha256',
    timeoutMs: target.timeoutMs,
  };
}

export function createProvincialConnector(target: TargetConfig, opts: ProvincialOptions = {}): ProvincialConnector {
  if (!target.senderCode) throw new Error(`provincial target ${target.id} has no senderCode`);
  const senderCode = target.senderCode;
  const c = client(target, opts.dispatcher);
  const pollMs = opts.receiptPollMs ?? 500;
  const receiptTimeoutMs = opts.receiptTimeoutMs ?? 60_000;
  const inventoryFrom = opts.inventoryFrom ?? '2016-01-01';
  if (!isCalendarDate(inventoryFrom)) throw new RangeError(`inventoryFrom must be YYYY-MM-DD, got ${inventoryFrom}`);
  const closing = new AbortController();

  /** Polls until DONE; PENDING, 5xx/408, 429 and connection trouble are waited out until the deadline. */
  async function awaitReceipt(packageId: string): Promise<Receipt> {
    const path = `/exchange/packages/${encodeURIComponent(packageId)}/receipt`;
    const deadline = Date.now() + receiptTimeoutMs;
    let last = 'no answer yet';
    for (;;) {
      let wait = pollMs;
      let res: Awaited<ReturnType<typeof signedRequest>> | undefined;
      try {
        res = await signedRequest(c, 'GET', path);
      } catch (e) {
        last = (e as Error).message; // connection trouble or a timeout: ask again
      }
      if (res && (res.status < 200 || res.status > 299)) {
        const err = classifyProvincial(res.status, res.headers, res.text, 'receipt');
        // Wait out rate limits and server trouble; anything else about the receipt fails the push now.
        if (err.kind !== 'rate_limited' && !(err.kind === 'transient' && (res.status >= 500 || res.status === 408))) throw err;
        last = err.message;
        if (err.kind === 'rate_limited') wait = Math.max(wait, err.retryAfterMs ?? 0);
      } else if (res) {
        let receipt: Receipt;
        try {
          receipt = parseReceipt(res.text);
        } catch (e) {
          throw new PlatformError('transient', `HTTP ${res.status} with an unreadable receipt: ${(e as Error).message}`, res.status);
        }
        if (receipt.packageId !== packageId) throw new PlatformError('transient', `the receipt is for package ${receipt.packageId}, not ${packageId}`, res.status);
        if (receipt.status === 'DONE') return receipt;
        if (receipt.status !== 'PENDING') throw new PlatformError('transient', `unexpected receipt status ${receipt.status}`, res.status);
        last = 'PENDING';
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new PlatformError('transient', `no final receipt for package ${packageId} within ${receiptTimeoutMs} ms (last: ${last}); pushing again is harmless`);
      }
      try {
        await sleep(Math.min(wait, remaining), undefined, { signal: closing.signal });
      } catch {
        throw new PlatformError('transient', `connector closed while waiting for the receipt of package ${packageId}`);
      }
    }
  }

  return {
    target: target.id,
    async push(items, batchId): Promise<PushResponse> {
      const elements: ProvincialElement[] = [];
      const unsupported = new Map<number, string>();
      items.forEach((it, i) => {
        const m = toProvincialElement(it);
        if ('element' in m) elements.push(m.element);
        else unsupported.set(i, m.unsupported);
      });
      // Nothing the package could carry: answered here, no request made (httpStatus 0).
      if (elements.length === 0) return { batchId, httpStatus: 0, results: matchResults(items, unsupported, batchId, null) };

      const body = buildPackage({ packageId: batchId, senderCode, sendTime: formatSendTime(Date.now()) }, elements);
      const res = await signedRequest(c, 'POST', '/exchange/packages', body);
      if (res.status < 200 || res.status > 299) throw classifyProvincial(res.status, res.headers, res.text);
      let ack: Ack;
      try {
        ack = parseAck(res.text);
      } catch (e) {
        throw new PlatformError('transient', `HTTP ${res.status} without a readable <Ack>: ${(e as Error).message}`, res.status);
      }
      if (ack.packageId !== batchId || ack.status !== 'RECEIVED') {
        throw new PlatformError('transient', `unexpected acknowledgement: package ${ack.packageId}, status ${ack.status}`, res.status);
      }
      const receipt = await awaitReceipt(batchId);
      return { batchId, httpStatus: res.status, results: matchResults(items, unsupported, batchId, receipt) };
    },
    async *inventory({ since }: { since?: Date } = {}) {
      const today = shanghaiDate(Date.now());
      for (let day = since ? shanghaiDate(since.getTime()) : inventoryFrom; day <= today; day = nextDay(day)) {
        const items = await withRetries(() => inventoryDay(c, day), closing.signal);
        if (items.length > 0) yield items;
      }
    },
    async close() {
      closing.abort();
      if (c.own) await c.dispatcher.close();
    },
  };
}

/** A few tries on transient failures and rate limits (the platform may be faulty too); config and permanent failures at once. */
async function withRetries<T>(fn: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const err = e instanceof PlatformError ? e : new PlatformError('transient', (e as Error).message);
      if (err.kind === 'config' || err.kind === 'permanent' || attempt >= 8) throw err;
      try {
        await sleep(err.retryAfterMs ?? Math.min(5000, 200 * 2 ** attempt), undefined, { signal });
      } catch {
        throw new PlatformError('transient', 'connector closed');
      }
    }
  }
}

/** Pairs receipt items with our deliveries by RecordId + Version; a record the receipt does not mention is a transient failure. */
function matchResults(items: readonly PushItem[], unsupported: ReadonlyMap<number, string>, packageId: string, receipt: Receipt | null): PushResult[] {
  const byKey = new Map<string, Receipt['items'][number]>();
  for (const r of receipt?.items ?? []) byKey.set(`${r.recordId}\u0000${r.version}`, r);
  return items.map((it, i) => {
    const notCarried = unsupported.get(i);
    if (notCarried !== undefined) return { deliveryId: it.deliveryId, status: 'rejected', reason: notCarried };
    const r = byKey.get(`${it.recordId}\u0000${it.version}`);
    if (!r) throw new PlatformError('transient', `the receipt of package ${packageId} has no result for record ${it.recordId} version ${it.version}`);
    if (r.result === 'ACCEPTED') return { deliveryId: it.deliveryId, status: 'ok', receiptId: `${packageId}:${it.recordId}` };
    if (r.result === 'REJECTED') return { deliveryId: it.deliveryId, status: 'rejected', reason: r.reason ?? 'REJECTED' };
    throw new PlatformError('transient', `the receipt of package ${packageId} has result ${r.result} for record ${it.recordId}`);
  });
}

function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(date);
}

/** The Asia/Shanghai calendar date of an instant (China keeps no daylight saving). */
function shanghaiDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

async function inventoryDay(c: Client, date: string): Promise<ProvincialInventoryItem[]> {
  const res = await signedRequest(c, 'GET', `/exchange/inventory?date=${date}`);
  if (res.status < 200 || res.status > 299) throw classifyProvincial(res.status, res.headers, res.text);
  try {
    return parseInventory(res.text);
  } catch (e) {
    throw new PlatformError('transient', `HTTP ${res.status} with an unreadable inventory: ${(e as Error).message}`, res.status);
  }
}

/**
 * The platform's inventory for one day (Asia/Shanghai): the records whose current version it
 * stored that day. One signed GET, failures classified like pushes; the day's answer is buffered
 * and parsed whole.
 */
export async function fetchProvincialInventory(target: TargetConfig, date: string, opts: { dispatcher?: Dispatcher } = {}): Promise<ProvincialInventoryItem[]> {
  if (!isCalendarDate(date)) throw new RangeError(`date must be YYYY-MM-DD, got ${date}`);
  const c = client(target, opts.dispatcher);
  try {
    return await inventoryDay(c, date);
  } finally {
    if (c.own) await c.dispatcher.close();
  }
}
