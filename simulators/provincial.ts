/**
 * Simulator of the provincial credit platform (DESIGN §3.4 `provincial`): signed XML data packages
 * with the 信用中国 field codes, acknowledged at once and judged into a receipt (回执) that turns
 * DONE after `receiptDelayMs`; the platform's own 双公示 checks, idempotent storage per RecordId +
 * Version, a per-day inventory for reconciliation, and the municipal simulator's seeded faults.
 * See simulators/README.md.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { simulatorSurface, type SimulatorSurface } from './controls.ts';
import { applyFaultPatch, createFaultEngine, NO_FAULTS, PLATFORM_FAULT_KEYS, type PlatformFaults } from './faults.ts';
import { parsePackage, rejectionReason, signatureProblem } from './provincial-rules.ts';
import { copyRecord, ProvincialStore, type ProvincialDroppedRecord, type ProvincialSimRecord, type ProvincialStats, type ReceiptItem } from './provincial-store.ts';
import { readXml, writeXml, type Out } from './provincial-xml.ts';

export type { ProvincialDroppedRecord, ProvincialHistoryEntry, ProvincialInventoryItem, ProvincialSimRecord, ProvincialStats } from './provincial-store.ts';
export type { ListeningServer } from './listen.ts';
export { shanghaiDate } from './provincial-store.ts';

/** The provincial platform's faults: the shared platform faults (simulators/faults.ts) and the receipt delay. */
export interface ProvincialFaults extends PlatformFaults {
  /** How long a package's receipt stays PENDING. */
  receiptDelayMs: number;
}

/** A change of faults; null (or 0) switches a fault off. */
export type ProvincialFaultPatch = { [K in keyof ProvincialFaults]?: number | null };

export interface ProvincialSimOptions extends ProvincialFaultPatch {
  /** HMAC key shared with the sender. */
  secret: string;
  /** hmac-sha256 (default, the protocol) or hmac-sm3: a 国密 platform that requires SM3 signatures. */
  signatureAlgorithm?: 'hmac-sha256' | 'hmac-sm3';
  /** Most records in one package (default 1000); more → 400. */
  maxBatch?: number;
  /** Largest request body in bytes (default 16 MiB); more → 413. */
  maxBodyBytes?: number;
  /** PRNG seed for reproducible fault sequences (default: random). */
  seed?: number;
  /** Clock in ms (default Date.now): signature window, rate window, receipt readiness, store dates. For tests. */
  now?: () => number;
}

/** Hono context of the simulator: the raw request body, read once for the signature check. */
export type ProvincialEnv = { Variables: { body: Uint8Array } };

export interface ProvincialSimulator extends SimulatorSurface<ProvincialSimRecord, ProvincialDroppedRecord, ProvincialStats, ProvincialFaults, ProvincialFaultPatch> {
  app: Hono<ProvincialEnv>;
}

const FAULT_KEYS = [...PLATFORM_FAULT_KEYS, 'receiptDelayMs'] as const;
const XML_TYPE = 'application/xml; charset=utf-8';

function errorXml(code: string, reason: string): string {
  return writeXml(['Error', [['Code', code], ['Reason', reason]]]);
}

function receiptXml(packageId: string, items: ReceiptItem[] | null): string {
  const children: Out[] = [['PackageId', packageId], ['Status', items ? 'DONE' : 'PENDING']];
  for (const i of items ?? []) children.push(['Item', [['RecordId', i.recordId], ['Version', i.version], ['Result', i.result], ['Reason', i.reason ?? '']]]);
  return writeXml(['Receipt', children]);
}

export function createProvincialSimulator(opts: ProvincialSimOptions): ProvincialSimulator {
  if (!opts.secret) throw new RangeError('secret is required');
  const now = opts.now ?? Date.now;
  const maxBatch = opts.maxBatch ?? 1000;
  const maxBodyBytes = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 32);
  const engine = createFaultEngine({ keys: FAULT_KEYS, initial: applyFaultPatch(FAULT_KEYS, { ...NO_FAULTS, receiptDelayMs: 0 }, { ...opts }), seed, now });
  let store = new ProvincialStore();

  const app = new Hono<ProvincialEnv>();
  const xml = (body: string, status: number, headers: Record<string, string> = {}): Response =>
    new Response(body, { status, headers: { 'content-type': XML_TYPE, ...headers } });
  app.notFound((c) => xml(errorXml('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((err) => xml(errorXml('INTERNAL', err.message), 500));

  // Platform faults, then the signature, in the order a real gateway in front of the platform applies them.
  app.use('/exchange/*', async (c, next) => {
    store.stats.requests += 1;
    const fault = await engine.intercept(c.req.raw.signal, store.stats.faults);
    if (fault) return xml(errorXml(fault.code, fault.message), fault.status, fault.headers);
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > maxBodyBytes) return xml(errorXml('PAYLOAD_TOO_LARGE', `body exceeds ${maxBodyBytes} bytes`), 413);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength > maxBodyBytes) return xml(errorXml('PAYLOAD_TOO_LARGE', `body exceeds ${maxBodyBytes} bytes`), 413);
    const algorithm = opts.signatureAlgorithm ?? 'hmac-sha256';
    if (algorithm === 'hmac-sm3' && c.req.header('x-signature-algorithm')?.toUpperCase() !== 'HMAC-SM3') {
      return xml(errorXml('UNAUTHORIZED', 'this platform requires X-Signature-Algorithm: HMAC-SM3'), 401);
    }
    const problem = signatureProblem(opts.secret, c.req.header('x-timestamp'), c.req.header('x-signature'), body, now(), algorithm);
    if (problem !== null) {
      store.stats.unauthorized += 1;
      return xml(errorXml('UNAUTHORIZED', problem), 401);
    }
    c.set('body', body);
    await next();
  });

  app.post('/exchange/packages', (c) => {
    const s = store.stats;
    const bad = (code: string, reason: string, status = 400): Response => {
      s.malformed += 1;
      return xml(errorXml(code, reason), status);
    };
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/xml' && type !== 'text/xml') return bad('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/xml', 415);
    const bytes = c.get('body');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return bad('BAD_PACKAGE', 'body is not valid UTF-8');
    }
    const read = readXml(text);
    if ('error' in read) return bad('BAD_PACKAGE', read.error);
    const parsed = parsePackage(read.root, maxBatch);
    if ('error' in parsed) return bad('BAD_PACKAGE', parsed.error);
    const { packageId, records } = parsed.pkg;
    const ack = xml(writeXml(['Ack', [['PackageId', packageId], ['Status', 'RECEIVED']]]), 202);
    const bodyHash = createHash('sha256').update(bytes).digest('hex');
    const known = store.packages.get(packageId);
    if (known) {
      if (known.bodyHash !== bodyHash) return xml(errorXml('PACKAGE_ID_CONFLICT', `package ${packageId} was already received with other content`), 409);
      s.repeatedPackages += 1;
      return ack;
    }
    s.packages += 1;
    s.recordsReceived += records.length;
    const ms = now();
    const drop = engine.drop;
    const items: ReceiptItem[] = records.map((r) => {
      const reason = rejectionReason(r);
      if (reason !== null) {
        s.rejected += 1;
        return { recordId: r.recordId, version: r.version, result: 'REJECTED', reason };
      }
      store.accept(packageId, r, ms, drop);
      return { recordId: r.recordId, version: r.version, result: 'ACCEPTED' };
    });
    store.packages.set(packageId, { packageId, bodyHash, receivedAt: new Date(ms).toISOString(), readyAtMs: ms + engine.faults().receiptDelayMs, items });
    return ack;
  });

  app.get('/exchange/packages/:id/receipt', (c) => {
    store.stats.receiptPolls += 1;
    const id = c.req.param('id');
    const p = store.packages.get(id);
    if (!p) return xml(errorXml('NOT_FOUND', `no package ${id}`), 404);
    return xml(receiptXml(id, now() >= p.readyAtMs ? p.items : null), 200);
  });

  app.get('/exchange/inventory', (c) => {
    const date = c.req.query('date') ?? '';
    const d = new Date(`${date}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(d.getTime()) || !d.toISOString().startsWith(date)) {
      return xml(errorXml('BAD_REQUEST', 'date must be a calendar date YYYY-MM-DD'), 400);
    }
    const items: Out[] = store.inventory(date).map((i) => ['Item', [['RecordId', i.recordId], ['Version', i.version], ['Operation', i.operation]]]);
    return xml(writeXml(['Inventory', items]), 200);
  });

  return {
    app,
    ...simulatorSurface<ProvincialEnv, ProvincialSimRecord, ProvincialDroppedRecord, ProvincialStats, ProvincialFaults, ProvincialFaultPatch>(app, {
      store: () => store,
      newStore: () => {
        store = new ProvincialStore();
      },
      engine,
      faultKeys: FAULT_KEYS,
      copy: copyRecord,
    }),
  };
}
