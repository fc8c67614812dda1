import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../config/index.ts';
import type { CanonicalRecord } from '../../model/index.ts';
import { failure, testTarget, useSilentServer } from '../test-support.ts';
import type { PushItem } from '../types.ts';
import { createMunicipalConnector, municipalRecordJson, toMunicipalRecord } from './connector.ts';
import { canonicalJson } from '../../model/index.ts';

const ORIGIN = 'http://municipal.test';
const PATH = '/credit/api/v1/credit-records';

function target(over: Partial<TargetConfig> = {}): TargetConfig {
  return testTarget({ id: 'municipal', name: '连云港市公共信用信息平台', kind: 'municipal', baseUrl: `${ORIGIN}/credit/`, token: 'secret-token', ...over });
}

function pushItem(n: number): PushItem {
  const record = {
    recordType: 'administrative-penalty',
    operation: 'upsert',
    subject: { name: `企业${n}`, category: 'LEGAL_ORG', uscc: '91320723MA1XYW1236' },
    data: { decisionNo: `灌应急罚〔2026〕${n}号`, fineAmountWan: '2' },
  } as unknown as CanonicalRecord;
  return { deliveryId: 100 + n, recordId: `00000000-0000-4000-8000-00000000000${n}`, version: `v${n}`.padEnd(64, String(n)), versionNo: n, record };
}

interface Captured {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: any;
}

/** Normalises undici mock request headers (object or flat array) to lower-case keys. */
function headerMap(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(h)) for (let i = 0; i < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
  else if (h && typeof h === 'object') for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = String(v);
  return out;
}

describe('municipal wire records from the stored JSON', () => {
  const meta = { departmentId: 'county-safety-bureau', adapter: 'canonical-json', receivedAt: '2026-12-03T00:00:00.000Z', submissionId: 's-1' };
  const stored = (it: PushItem) => `${canonicalJson(it.record).slice(0, -1)},"meta":${JSON.stringify(meta)}}`;

  it('copied from the stored text, the record is the same bytes as serialised from the record object', () => {
    for (const n of [1, 2, 3]) {
      const it0 = pushItem(n);
      const fromRecord = JSON.stringify(toMunicipalRecord({ ...it0, record: JSON.parse(canonicalJson(it0.record)) }));
      let reads = 0;
      const item: PushItem = { ...it0, json: stored(it0), get record() { reads++; return it0.record; } };
      expect(municipalRecordJson(item)).toBe(fromRecord);
      expect(reads).toBe(0);
    }
  });

  it('a body stored before migration 013 (jsonb text: spaces, its own key order) gives the same record', () => {
    const it0 = pushItem(4);
    const jsonbText = '{"data": {"fineAmountWan": "2", "decisionNo": "灌应急罚〔2026〕4号"}, "meta": {"adapter": "canonical-json"}, "subject": {"name": "企业4", "uscc": "91320723MA1XYW1236", "category": "LEGAL_ORG"}, "operation": "upsert", "recordType": "administrative-penalty"}';
    expect(JSON.parse(municipalRecordJson({ ...it0, json: jsonbText }))).toEqual(toMunicipalRecord(it0));
  });

  it('without the stored text, or with a text lacking a member, the record object is serialised', () => {
    const it0 = pushItem(5);
    expect(municipalRecordJson(it0)).toBe(JSON.stringify(toMunicipalRecord(it0)));
    expect(municipalRecordJson({ ...it0, json: '{"operation":"upsert","recordType":"x","subject":{}}' })).toBe(JSON.stringify(toMunicipalRecord(it0)));
    expect(municipalRecordJson({ ...it0, json: '{"data":' })).toBe(JSON.stringify(toMunicipalRecord(it0)));
  });
});

describe('municipal connector (undici MockAgent)', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  const connector = (over: Partial<TargetConfig> = {}) => createMunicipalConnector(target(over), { dispatcher: agent });
  const platform = () => agent.get(ORIGIN);

  it('success: sends Bearer token and the JSON batch, maps per-record results by recordId+version whatever their order', async () => {
    let seen: Captured | undefined;
    const items = [pushItem(1), pushItem(2), pushItem(3)];
    platform()
      .intercept({ path: PATH, method: 'POST' })
      .reply((opts) => {
        seen = { path: opts.path, method: opts.method, headers: headerMap(opts.headers), body: JSON.parse(String(opts.body)) };
        return {
          statusCode: 200,
          data: JSON.stringify({
            batchId: 'batch-1',
            results: [
              { recordId: items[2]!.recordId, version: items[2]!.version, status: 'ok', receiptId: 'MR3' },
              { recordId: 'someone-else', version: 'x', status: 'ok', receiptId: 'MR-other' },
              { recordId: items[0]!.recordId, version: items[0]!.version, status: 'ok', receiptId: 'MR1' },
              { recordId: items[1]!.recordId, version: items[1]!.version, status: 'rejected', reason: '处罚决定日期晚于公示日期' },
            ],
          }),
          responseOptions: { headers: { 'content-type': 'application/json' } },
        };
      });
    const res = await connector().push(items, 'batch-1');
    expect(res).toEqual({
      batchId: 'batch-1',
      httpStatus: 200,
      results: [
        { deliveryId: 101, status: 'ok', receiptId: 'MR1' },
        { deliveryId: 102, status: 'rejected', reason: '处罚决定日期晚于公示日期' },
        { deliveryId: 103, status: 'ok', receiptId: 'MR3' },
      ],
    });
    expect(seen).toBeDefined();
    expect(seen!.method).toBe('POST');
    expect(seen!.path).toBe(PATH);
    expect(seen!.headers.authorization).toBe('Bearer secret-token');
    expect(seen!.headers['content-type']).toBe('application/json');
    expect(seen!.body.batchId).toBe('batch-1');
    expect(seen!.body.records).toEqual(
      items.map((it) => ({ recordId: it.recordId, version: it.version, versionNo: it.versionNo, recordType: 'administrative-penalty', operation: 'upsert', subject: it.record.subject, data: it.record.data })),
    );
    // Nothing internal travels: no delivery ids, no meta.
    expect(JSON.stringify(seen!.body)).not.toMatch(/deliveryId|"meta"/);
  });

  it('an ok result without a receipt id, and a rejection without a reason, are still mapped', async () => {
    const items = [pushItem(1), pushItem(2)];
    platform()
      .intercept({ path: PATH, method: 'POST' })
      .reply(200, {
        batchId: 'b',
        results: [
          { recordId: items[0]!.recordId, version: items[0]!.version, status: 'ok' },
          { recordId: items[1]!.recordId, version: items[1]!.version, status: 'rejected' },
        ],
      });
    const res = await connector().push(items, 'b');
    expect(res.results).toEqual([
      { deliveryId: 101, status: 'ok' },
      { deliveryId: 102, status: 'rejected', reason: 'rejected without a reason' },
    ]);
  });

  it('a result for the right record but another version does not count: transient', async () => {
    const items = [pushItem(1)];
    platform().intercept({ path: PATH, method: 'POST' }).reply(200, { batchId: 'b', results: [{ recordId: items[0]!.recordId, version: 'older', status: 'ok' }] });
    const e = await failure(connector().push(items, 'b'), 'transient');
    expect(e.message).toContain(items[0]!.recordId);
    expect(e.httpStatus).toBe(200);
  });

  it('a 200 lacking the result for one record → transient (no partial answers)', async () => {
    const items = [pushItem(1), pushItem(2)];
    platform().intercept({ path: PATH, method: 'POST' }).reply(200, { batchId: 'b', results: [{ recordId: items[0]!.recordId, version: items[0]!.version, status: 'ok' }] });
    const e = await failure(connector().push(items, 'b'), 'transient');
    expect(e.message).toContain(items[1]!.recordId);
  });

  it('a 200 whose body is not JSON → transient', async () => {
    platform().intercept({ path: PATH, method: 'POST' }).reply(200, '<html>gateway maintenance</html>', { headers: { 'content-type': 'text/html' } });
    const e = await failure(connector().push([pushItem(1)], 'b'), 'transient');
    expect(e.httpStatus).toBe(200);
    expect(e.message).toContain('not JSON');
  });

  it('a 200 with an empty body → transient', async () => {
    platform().intercept({ path: PATH, method: 'POST' }).reply(200, '');
    await failure(connector().push([pushItem(1)], 'b'), 'transient');
  });

  it.each([
    [429, '7', 7000],
    [503, '2', 2000],
    [503, '0.5', 500],
  ])('%i with Retry-After: %s (seconds) → rate_limited, retryAfterMs %i', async (status, header, ms) => {
    platform().intercept({ path: PATH, method: 'POST' }).reply(status, 'slow down', { headers: { 'retry-after': header } });
    const e = await failure(connector().push([pushItem(1)], 'b'), 'rate_limited');
    expect(e.retryAfterMs).toBe(ms);
    expect(e.httpStatus).toBe(status);
  });

  it.each([429, 503])('%i with Retry-After as an HTTP date → rate_limited, retryAfterMs until then', async (status) => {
    const when = new Date(Date.now() + 30_000);
    platform().intercept({ path: PATH, method: 'POST' }).reply(status, 'busy', { headers: { 'retry-after': when.toUTCString() } });
    const e = await failure(connector().push([pushItem(1)], 'b'), 'rate_limited');
    // HTTP dates have whole seconds.
    expect(e.retryAfterMs).toBeGreaterThan(28_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('429 without Retry-After is still rate_limited, with a default wait', async () => {
    platform().intercept({ path: PATH, method: 'POST' }).reply(429, 'too many');
    const e = await failure(connector().push([pushItem(1)], 'b'), 'rate_limited');
    expect(e.retryAfterMs).toBeGreaterThan(0);
  });

  it.each([503, 500, 502, 504, 408])('%i without Retry-After → transient', async (status) => {
    platform().intercept({ path: PATH, method: 'POST' }).reply(status, 'upstream trouble');
    const e = await failure(connector().push([pushItem(1)], 'b'), 'transient');
    expect(e.httpStatus).toBe(status);
    expect(e.retryAfterMs).toBeUndefined();
    expect(e.message).toContain('upstream trouble');
  });

  it('500 with Retry-After is transient, not rate_limited (only 429/503 carry Retry-After meaning)', async () => {
    platform().intercept({ path: PATH, method: 'POST' }).reply(500, 'x', { headers: { 'retry-after': '5' } });
    await failure(connector().push([pushItem(1)], 'b'), 'transient');
  });

  it.each([401, 403])('%i → config (credentials refused; the records are not burned)', async (status) => {
    platform().intercept({ path: PATH, method: 'POST' }).reply(status, '{"error":"bad token"}');
    const e = await failure(connector().push([pushItem(1)], 'b'), 'config');
    expect(e.httpStatus).toBe(status);
  });

  it.each([400, 422])('%i → permanent, with the platform body in the message', async (status) => {
    platform().intercept({ path: PATH, method: 'POST' }).reply(status, '{"error":"batch too large: 1001 > 1000"}');
    const e = await failure(connector().push([pushItem(1)], 'b'), 'permanent');
    expect(e.httpStatus).toBe(status);
    expect(e.message).toContain('batch too large');
  });

  it('a long error body is cut in the message', async () => {
    platform().intercept({ path: PATH, method: 'POST' }).reply(400, 'E'.repeat(10_000));
    const e = await failure(connector().push([pushItem(1)], 'b'), 'permanent');
    expect(e.message.length).toBeLessThan(400);
  });

  it('a connection error → transient', async () => {
    platform().intercept({ path: PATH, method: 'POST' }).replyWithError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:443'), { code: 'ECONNREFUSED' }));
    const e = await failure(connector().push([pushItem(1)], 'b'), 'transient');
    expect(e.message).toContain('ECONNREFUSED');
    expect(e.httpStatus).toBeUndefined();
  });

  it('an unreachable host (no route at all) → transient', async () => {
    const c = createMunicipalConnector(target({ baseUrl: 'http://nowhere.test' }), { dispatcher: agent });
    await failure(c.push([pushItem(1)], 'b'), 'transient');
  });

  it('close() leaves an injected dispatcher open', async () => {
    const c = connector();
    await c.close();
    expect(c.target).toBe('municipal');
    const items = [pushItem(1)];
    platform().intercept({ path: PATH, method: 'POST' }).reply(200, { batchId: 'b', results: [{ recordId: items[0]!.recordId, version: items[0]!.version, status: 'ok' }] });
    expect((await connector().push(items, 'b')).results[0]!.status).toBe('ok');
  });
});

describe('municipal connector timeouts (real socket, default dispatcher)', () => {
  // undici's MockAgent ignores headersTimeout/bodyTimeout (a `.delay()` reply simply arrives late), and the
  // connector enforces timeoutMs only through those dispatcher options, so the timeout is tested against a
  // local server that never answers.
  const silent = useSilentServer();

  it('no answer within timeoutMs → transient, promptly', async () => {
    const c = createMunicipalConnector(target({ baseUrl: silent(), timeoutMs: 200 }));
    const t0 = performance.now();
    const e = await failure(c.push([pushItem(1)], 'b'), 'transient');
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(150);
    expect(ms).toBeLessThan(2000);
    expect(e.message).toMatch(/timeout/i);
    await c.close();
  });
});

describe('municipal connector: answers outside the protocol', () => {
  it('an unknown per-record status is not a verdict: transient', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const item = pushItem(1);
    agent.get(ORIGIN).intercept({ path: PATH, method: 'POST' }).reply(200, { batchId: 'b', results: [{ recordId: item.recordId, version: item.version, status: 'queued' }] });
    const c = createMunicipalConnector(target(), { dispatcher: agent });
    await expect(c.push([item], 'b')).rejects.toMatchObject({ kind: 'transient' });
  });
  it('404, 405 and 413 hold the records as a configuration problem', async () => {
    for (const status of [404, 405, 413]) {
      const agent = new MockAgent();
      agent.disableNetConnect();
      agent.get(ORIGIN).intercept({ path: PATH, method: 'POST' }).reply(status, 'no');
      const c = createMunicipalConnector(target(), { dispatcher: agent });
      await expect(c.push([pushItem(1)], 'b')).rejects.toMatchObject({ kind: 'config', httpStatus: status });
    }
  });
});
