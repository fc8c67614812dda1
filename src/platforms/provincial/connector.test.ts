import { createHash, createHmac } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../config/index.ts';
import type { CanonicalRecord } from '../../model/index.ts';
import { createConnector } from '../index.ts';
import { failure, testTarget, useSilentServer } from '../test-support.ts';
import type { PushItem } from '../types.ts';
import { classifyProvincial, createProvincialConnector, fetchProvincialInventory } from './connector.ts';
import { provincialSignature } from './sign.ts';

const ORIGIN = 'http://province.test';
const SECRET = 'province-secret';
const UPLOAD = '/prov/exchange/packages';
const receiptPath = (id: string): string => `/prov/exchange/packages/${id}/receipt`;

function target(over: Partial<TargetConfig> = {}): TargetConfig {
  return testTarget({ id: 'provincial', name: '江苏省公共信用信息平台', kind: 'provincial', baseUrl: `${ORIGIN}/prov/`, secret: SECRET, senderCode: 'GW-320700', ...over });
}

function pushItem(n: number, recordType = 'administrative-penalty'): PushItem {
  const record = {
    recordType,
    operation: 'upsert',
    subject: { name: `企业${n}`, category: 'LEGAL_ORG', uscc: '91350100M000100Y43' },
    data: { decisionNo: `灌应急罚〔2026〕${n}号`, penaltyCategories: ['罚款'], decisionDate: '2026-01-05', authorityName: '灌云县应急管理局' },
  } as unknown as CanonicalRecord;
  return { deliveryId: 100 + n, recordId: `00000000-0000-4000-8000-00000000000${n}`, version: `v${n}`.padEnd(64, String(n)), versionNo: n, record };
}

const ack = (id: string, status = 'RECEIVED'): string => `<?xml version="1.0" encoding="UTF-8"?><Ack><PackageId>${id}</PackageId><Status>${status}</Status></Ack>`;
type Row = [recordId: string, version: string, result: string, reason?: string];
function receipt(id: string, status: 'PENDING' | 'DONE', rows: Row[] = []): string {
  const items = rows.map(([r, v, res, reason]) => `<Item><RecordId>${r}</RecordId><Version>${v}</Version><Result>${res}</Result><Reason>${reason ?? ''}</Reason></Item>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Receipt><PackageId>${id}</PackageId><Status>${status}</Status>${items}</Receipt>`;
}
const accepted = (items: PushItem[]): Row[] => items.map((it) => [it.recordId, it.version, 'ACCEPTED']);
const XML = { headers: { 'content-type': 'application/xml; charset=utf-8' } };

interface Captured {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

function headerMap(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(h)) for (let i = 0; i < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
  else if (h && typeof h === 'object') for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = String(v);
  return out;
}

/** Recomputes the signature independently of sign.ts. */
function expectSigned(c: Captured): void {
  const ts = c.headers['x-timestamp'];
  expect(ts).toMatch(/^\d{10}$/);
  expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
  const bodyHash = createHash('sha256').update(c.body).digest('hex');
  expect(c.headers['x-signature']).toBe(createHmac('sha256', SECRET).update(`${ts}\n${bodyHash}`).digest('hex'));
}

describe('provincial signature', () => {
  it('matches the published test vectors (README)', () => {
    expect(provincialSignature('demo-provincial-secret', '1700000000', '<DataPackage/>')).toBe('46ccf9dc93c1c5a7492a975abf1f91cc4d5ded3ad1a9f4457ce80d11d9c6e01a');
    expect(provincialSignature('demo-provincial-secret', '1700000000', '')).toBe('5ed405196a6d44f7e7347522b231cea75c2435b5c1b940a8d00fbdec342ebe11');
  });
});

describe('provincial connector (undici MockAgent)', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  const connector = (over: Partial<TargetConfig> = {}, opts: { receiptPollMs?: number; receiptTimeoutMs?: number } = {}) =>
    createProvincialConnector(target(over), { dispatcher: agent, receiptPollMs: 5, receiptTimeoutMs: 2000, ...opts });
  const platform = () => agent.get(ORIGIN);
  const capture = (into: Captured[], status: number, data: string, headers: Record<string, string> = {}) =>
    (opts: { path: string; method: string; headers?: unknown; body?: unknown }) => {
      into.push({ path: opts.path, method: opts.method, headers: headerMap(opts.headers), body: opts.body === undefined || opts.body === null ? '' : String(opts.body) });
      return { statusCode: status, data, responseOptions: { headers: { ...XML.headers, ...headers } } };
    };

  it('uploads a signed package, polls the receipt PENDING → DONE, maps per-record results by RecordId+Version', async () => {
    const items = [pushItem(1), pushItem(2), pushItem(3)];
    const seen: Captured[] = [];
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(capture(seen, 202, ack('pkg-1')));
    platform().intercept({ path: receiptPath('pkg-1'), method: 'GET' }).reply(capture(seen, 200, receipt('pkg-1', 'PENDING'))).times(2);
    platform()
      .intercept({ path: receiptPath('pkg-1'), method: 'GET' })
      .reply(
        capture(seen, 200, receipt('pkg-1', 'DONE', [
          [items[2]!.recordId, items[2]!.version, 'ACCEPTED'],
          ['someone-else', 'x', 'ACCEPTED'],
          [items[1]!.recordId, items[1]!.version, 'REJECTED', '统一社会信用代码校验位错误: 91350100M000100Y44'],
          [items[0]!.recordId, items[0]!.version, 'ACCEPTED'],
        ])),
      );
    const res = await connector().push(items, 'pkg-1');
    expect(res).toEqual({
      batchId: 'pkg-1',
      httpStatus: 202,
      results: [
        { deliveryId: 101, status: 'ok', receiptId: `pkg-1:${items[0]!.recordId}` },
        { deliveryId: 102, status: 'rejected', reason: '统一社会信用代码校验位错误: 91350100M000100Y44' },
        { deliveryId: 103, status: 'ok', receiptId: `pkg-1:${items[2]!.recordId}` },
      ],
    });
    expect(seen.map((s) => s.method)).toEqual(['POST', 'GET', 'GET', 'GET']);
    const [upload, ...polls] = seen;
    expect(upload!.headers['content-type']).toMatch(/^application\/xml/);
    expectSigned(upload!);
    for (const p of polls) {
      expect(p.body).toBe('');
      expectSigned(p); // over an empty body
    }
    const doc = new XMLParser({ parseTagValue: false, isArray: (n) => n === 'XZCF' }).parse(upload!.body) as {
      DataPackage: { Header: Record<string, string>; Body: { XZCF: Array<Record<string, string>> } };
    };
    expect(doc.DataPackage.Header).toMatchObject({ PackageId: 'pkg-1', SenderCode: 'GW-320700', RecordCount: '3' });
    expect(doc.DataPackage.Header.SendTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(doc.DataPackage.Body.XZCF.map((x) => [x.RecordId, x.Version, x.VersionNo, x.Operation])).toEqual(items.map((it) => [it.recordId, it.version, String(it.versionNo), 'upsert']));
    expect(upload!.body).not.toMatch(/deliveryId|meta/);
  });

  it('waits receiptPollMs between polls', async () => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(202, ack('b'), XML);
    platform().intercept({ path: receiptPath('b'), method: 'GET' }).reply(200, receipt('b', 'PENDING'), XML).times(3);
    platform().intercept({ path: receiptPath('b'), method: 'GET' }).reply(200, receipt('b', 'DONE', accepted([pushItem(1)])), XML);
    const t0 = performance.now();
    await connector({}, { receiptPollMs: 60 }).push([pushItem(1)], 'b');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(170);
  });

  it('record types the package cannot carry are rejected with a reason, not sent; the rest goes in the package', async () => {
    const items = [pushItem(1, 'accident'), pushItem(2), pushItem(3, 'credit-grade')];
    const seen: Captured[] = [];
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(capture(seen, 202, ack('b')));
    platform().intercept({ path: receiptPath('b'), method: 'GET' }).reply(200, receipt('b', 'DONE', accepted([items[1]!])), XML);
    const res = await connector().push(items, 'b');
    expect(res.results).toEqual([
      { deliveryId: 101, status: 'rejected', reason: expect.stringContaining('accident') },
      { deliveryId: 102, status: 'ok', receiptId: `b:${items[1]!.recordId}` },
      { deliveryId: 103, status: 'rejected', reason: expect.stringContaining('credit-grade') },
    ]);
    expect(seen[0]!.body).toContain('<RecordCount>1</RecordCount>');
    expect(seen[0]!.body).not.toContain(items[0]!.recordId);
  });

  it('a batch of only such types makes no request at all (httpStatus 0)', async () => {
    const res = await connector().push([pushItem(1, 'commendation'), pushItem(2, 'objection')], 'b');
    expect(res.httpStatus).toBe(0);
    expect(res.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('REJECTED without a reason still maps, with a placeholder reason', async () => {
    const it1 = pushItem(1);
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(202, ack('b'), XML);
    platform().intercept({ path: receiptPath('b'), method: 'GET' }).reply(200, receipt('b', 'DONE', [[it1.recordId, it1.version, 'REJECTED']]), XML);
    expect((await connector().push([it1], 'b')).results).toEqual([{ deliveryId: 101, status: 'rejected', reason: 'REJECTED' }]);
  });

  it('a DONE receipt lacking one record, or naming another version → transient', async () => {
    const items = [pushItem(1), pushItem(2)];
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(202, ack('b'), XML);
    platform().intercept({ path: receiptPath('b'), method: 'GET' }).reply(200, receipt('b', 'DONE', [[items[0]!.recordId, items[0]!.version, 'ACCEPTED'], [items[1]!.recordId, 'older', 'ACCEPTED']]), XML);
    const e = await failure(connector().push(items, 'b'), 'transient');
    expect(e.message).toContain(items[1]!.recordId);
  });

  it('a receipt that stays PENDING past receiptTimeoutMs → transient, saying a re-push is harmless', async () => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(202, ack('b'), XML);
    platform().intercept({ path: receiptPath('b'), method: 'GET' }).reply(200, receipt('b', 'PENDING'), XML).persist();
    const t0 = performance.now();
    const e = await failure(connector({}, { receiptPollMs: 20, receiptTimeoutMs: 150 }).push([pushItem(1)], 'b'), 'transient');
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(140);
    expect(ms).toBeLessThan(1500);
    expect(e.message).toMatch(/within 150 ms.*PENDING.*harmless/);
  });

  it('polling rides out 503, 429 with Retry-After, 500 and a dropped connection, then maps the receipt', async () => {
    const it1 = pushItem(1);
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(202, ack('b'), XML);
    const poll = () => platform().intercept({ path: receiptPath('b'), method: 'GET' });
    poll().reply(503, '<Error><Code>BUSY</Code><Reason>维护中</Reason></Error>', XML);
    poll().reply(429, '<Error><Code>RATE_LIMITED</Code><Reason>slow</Reason></Error>', { headers: { 'retry-after': '0' } }); // clamped to 500 ms
    poll().replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    poll().reply(500, 'oops');
    poll().reply(200, receipt('b', 'DONE', accepted([it1])), XML);
    const t0 = performance.now();
    const res = await connector().push([it1], 'b');
    expect(res.results).toEqual([{ deliveryId: 101, status: 'ok', receiptId: `b:${it1.recordId}` }]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(450); // Retry-After honoured between polls
  });

  it('a receipt poll refused with 401 → config', async () => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(202, ack('b'), XML);
    platform().intercept({ path: receiptPath('b'), method: 'GET' }).reply(401, '<Error><Code>UNAUTHORIZED</Code><Reason>X-Signature does not match</Reason></Error>', XML);
    const e = await failure(connector().push([pushItem(1)], 'b'), 'config');
    expect(e.message).toContain('X-Signature does not match');
  });

  it('a receipt poll answered 404 (package unknown) → transient at once, not permanent: the records were never judged', async () => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(202, ack('b'), XML);
    platform().intercept({ path: receiptPath('b'), method: 'GET' }).reply(404, '<Error><Code>NOT_FOUND</Code><Reason>no package b</Reason></Error>', XML);
    const e = await failure(connector({}, { receiptTimeoutMs: 60_000 }).push([pushItem(1)], 'b'), 'transient');
    expect(e.httpStatus).toBe(404);
    expect(e.message).toContain('no package b');
  });

  it.each([
    ['a receipt for another package', receipt('other', 'DONE')],
    ['an unknown receipt status', receipt('b', 'LOST' as 'DONE')],
    ['an unreadable receipt', '<html>proxy error</html>'],
  ])('%s → transient', async (_label, body) => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(202, ack('b'), XML);
    platform().intercept({ path: receiptPath('b'), method: 'GET' }).reply(200, body, XML);
    await failure(connector().push([pushItem(1)], 'b'), 'transient');
  });

  it.each([
    ['a 202 without an <Ack>', 202, '<html>ok</html>'],
    ['an Ack for another package', 202, ack('other')],
    ['an Ack with another status', 202, ack('b', 'QUEUED')],
    ['an empty 200', 200, ''],
    ['an Ack carrying a DTD', 202, '<!DOCTYPE Ack [<!ENTITY x "b">]><Ack><PackageId>&x;</PackageId><Status>RECEIVED</Status></Ack>'],
  ])('%s → transient', async (_label, status, body) => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(status, body, XML);
    const e = await failure(connector().push([pushItem(1)], 'b'), 'transient');
    expect(e.httpStatus).toBe(status);
  });

  it.each([
    [429, '7', 7000],
    [503, '2', 2000],
  ])('upload %i with Retry-After: %s → rate_limited, retryAfterMs %i', async (status, header, ms) => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(status, '<Error><Code>RATE_LIMITED</Code><Reason>slow down</Reason></Error>', { headers: { 'retry-after': header } });
    const e = await failure(connector().push([pushItem(1)], 'b'), 'rate_limited');
    expect(e.retryAfterMs).toBe(ms);
    expect(e.httpStatus).toBe(status);
  });

  it('upload 429 without Retry-After is rate_limited with a default wait', async () => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(429, 'too many');
    expect((await failure(connector().push([pushItem(1)], 'b'), 'rate_limited')).retryAfterMs).toBeGreaterThan(0);
  });

  it.each([503, 500, 502, 504, 408])('upload %i without Retry-After → transient', async (status) => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(status, '<Error><Code>E</Code><Reason>upstream trouble</Reason></Error>', XML);
    const e = await failure(connector().push([pushItem(1)], 'b'), 'transient');
    expect(e.httpStatus).toBe(status);
    expect(e.message).toContain('upstream trouble');
  });

  it.each([401, 403])('upload %i → config (signature refused; the records are not burned)', async (status) => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(status, '<Error><Code>UNAUTHORIZED</Code><Reason>X-Timestamp 1 is 1700000000 s old</Reason></Error>', XML);
    const e = await failure(connector().push([pushItem(1)], 'b'), 'config');
    expect(e.httpStatus).toBe(status);
    expect(e.message).toContain('X-Timestamp');
  });

  it.each([404, 405, 413])('upload %i → config (wrong baseUrl or a package too big for the platform; records kept)', async (status) => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(status, '<Error><Code>PAYLOAD_TOO_LARGE</Code><Reason>body exceeds 16777216 bytes</Reason></Error>', XML);
    const e = await failure(connector().push([pushItem(1)], 'b'), 'config');
    expect(e.httpStatus).toBe(status);
    expect(e.message).toContain('baseUrl and batchSize');
  });

  it.each([400, 409, 415, 422])('upload %i → permanent, with the platform reason', async (status) => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(status, '<?xml version="1.0"?><Error><Code>BAD_PACKAGE</Code><Reason>Header/RecordCount is 2 but Body holds 1 records</Reason></Error>', XML);
    const e = await failure(connector().push([pushItem(1)], 'b'), 'permanent');
    expect(e.httpStatus).toBe(status);
    expect(e.message).toBe(`HTTP ${status}: BAD_PACKAGE: Header/RecordCount is 2 but Body holds 1 records`);
  });

  it('a long non-XML error body is cut in the message', async () => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(400, 'E'.repeat(10_000));
    expect((await failure(connector().push([pushItem(1)], 'b'), 'permanent')).message.length).toBeLessThan(400);
  });

  it('a connection error on upload → transient', async () => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).replyWithError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:443'), { code: 'ECONNREFUSED' }));
    const e = await failure(connector().push([pushItem(1)], 'b'), 'transient');
    expect(e.message).toContain('ECONNREFUSED');
    expect(e.httpStatus).toBeUndefined();
  });

  it('close() while waiting for a receipt ends the push as transient', async () => {
    platform().intercept({ path: UPLOAD, method: 'POST' }).reply(202, ack('b'), XML);
    platform().intercept({ path: receiptPath('b'), method: 'GET' }).reply(200, receipt('b', 'PENDING'), XML);
    const c = connector({}, { receiptPollMs: 10_000 });
    const pushing = c.push([pushItem(1)], 'b');
    await new Promise((r) => setTimeout(r, 50));
    await c.close();
    expect((await failure(pushing, 'transient')).message).toContain('closed');
  });

  it('needs a secret and a senderCode', () => {
    expect(() => createProvincialConnector(target({ secret: undefined }), { dispatcher: agent })).toThrow(/secret/);
    expect(() => createProvincialConnector(target({ senderCode: undefined }), { dispatcher: agent })).toThrow(/senderCode/);
  });

  it('is what createConnector builds for kind provincial', async () => {
    const c = createConnector(target());
    expect(c.target).toBe('provincial');
    await c.close();
  });
});

describe('classifyProvincial', () => {
  it.each([
    [429, { 'retry-after': '3' }, 'upload', 'rate_limited'],
    [503, { 'retry-after': '3' }, 'upload', 'rate_limited'],
    [503, {}, 'upload', 'transient'],
    [500, { 'retry-after': '3' }, 'upload', 'transient'],
    [408, {}, 'upload', 'transient'],
    [401, {}, 'upload', 'config'],
    [403, {}, 'receipt', 'config'],
    [400, {}, 'upload', 'permanent'],
    [404, {}, 'upload', 'config'],
    [413, {}, 'upload', 'config'],
    [409, {}, 'upload', 'permanent'],
    [404, {}, 'receipt', 'transient'],
    [400, {}, 'receipt', 'transient'],
  ] as const)('%i %j during %s → %s', (status, headers, phase, kind) => {
    expect(classifyProvincial(status, headers, '', phase).kind).toBe(kind);
  });
});

describe('fetchProvincialInventory', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it('GETs the signed day inventory and returns its items', async () => {
    let seen: Captured | undefined;
    agent
      .get(ORIGIN)
      .intercept({ path: '/prov/exchange/inventory?date=2026-01-05', method: 'GET' })
      .reply((opts) => {
        seen = { path: opts.path, method: opts.method, headers: headerMap(opts.headers), body: '' };
        return {
          statusCode: 200,
          data: '<Inventory><Item><RecordId>r1</RecordId><Version>v1</Version><Operation>upsert</Operation></Item><Item><RecordId>r2</RecordId><Version>v9</Version><Operation>revoke</Operation></Item></Inventory>',
        };
      });
    expect(await fetchProvincialInventory(target(), '2026-01-05', { dispatcher: agent })).toEqual([
      { recordId: 'r1', version: 'v1', operation: 'upsert' },
      { recordId: 'r2', version: 'v9', operation: 'revoke' },
    ]);
    expectSigned(seen!);
  });

  it('an empty day is an empty list', async () => {
    agent.get(ORIGIN).intercept({ path: '/prov/exchange/inventory?date=2026-01-06', method: 'GET' }).reply(200, '<Inventory/>');
    expect(await fetchProvincialInventory(target(), '2026-01-06', { dispatcher: agent })).toEqual([]);
  });

  it('failures are classified like pushes', async () => {
    agent.get(ORIGIN).intercept({ path: '/prov/exchange/inventory?date=2026-01-05', method: 'GET' }).reply(401, '<Error><Code>UNAUTHORIZED</Code><Reason>bad</Reason></Error>');
    await failure(fetchProvincialInventory(target(), '2026-01-05', { dispatcher: agent }), 'config');
    agent.get(ORIGIN).intercept({ path: '/prov/exchange/inventory?date=2026-01-05', method: 'GET' }).reply(200, '<Inventory><Item><RecordId>r</RecordId></Item></Inventory>');
    await failure(fetchProvincialInventory(target(), '2026-01-05', { dispatcher: agent }), 'transient');
  });

  it.each(['2026-1-5', '2026-02-30', 'yesterday', '2026-01-05&date=x'])('refuses the date %s before any request', async (date) => {
    await expect(fetchProvincialInventory(target(), date, { dispatcher: agent })).rejects.toThrow(RangeError);
  });

  it('connector.inventory({ since }) walks every Asia/Shanghai day from since to today, skipping empty days, riding out a 503', async () => {
    const day = (offset: number): string => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const inv = (d: string) => agent.get(ORIGIN).intercept({ path: `/prov/exchange/inventory?date=${d}`, method: 'GET' });
    inv(day(-2)).reply(200, '<Inventory><Item><RecordId>a</RecordId><Version>1</Version><Operation>upsert</Operation></Item></Inventory>');
    inv(day(-1)).reply(503, 'busy');
    inv(day(-1)).reply(200, '<Inventory></Inventory>');
    inv(day(0)).reply(200, '<Inventory><Item><RecordId>b</RecordId><Version>2</Version><Operation>revoke</Operation></Item></Inventory>');
    const c = createProvincialConnector(target(), { dispatcher: agent });
    const pages: unknown[] = [];
    // 00:30 in Shanghai is still the previous day in UTC: since counts in Asia/Shanghai days.
    const since = new Date(Date.parse(`${day(-2)}T00:30:00+08:00`));
    for await (const page of c.inventory({ since })) pages.push(page);
    expect(pages).toEqual([[{ recordId: 'a', version: '1', operation: 'upsert' }], [{ recordId: 'b', version: '2', operation: 'revoke' }]]);
  });

  it('connector.inventory() without since starts at inventoryFrom; a 401 stops the walk as config', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    agent.get(ORIGIN).intercept({ path: `/prov/exchange/inventory?date=${today}`, method: 'GET' }).reply(401, '<Error><Code>UNAUTHORIZED</Code><Reason>x</Reason></Error>');
    const c = createProvincialConnector(target(), { dispatcher: agent, inventoryFrom: today });
    await failure((async () => {
      for await (const _ of c.inventory()) void _;
    })(), 'config');
    expect(() => createProvincialConnector(target(), { dispatcher: agent, inventoryFrom: '2016' })).toThrow(RangeError);
  });
});

describe('provincial connector timeouts (real socket, default dispatcher)', () => {
  // MockAgent ignores headersTimeout/bodyTimeout, so the timeouts are tested against a server that never answers.
  const silent = useSilentServer();

  it('no answer to the upload within timeoutMs → transient, promptly', async () => {
    const c = createProvincialConnector(target({ baseUrl: silent(), timeoutMs: 200 }));
    const t0 = performance.now();
    const e = await failure(c.push([pushItem(1)], 'b'), 'transient');
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(150);
    expect(ms).toBeLessThan(2000);
    expect(e.message).toMatch(/timeout/i);
    await c.close();
  });
});
