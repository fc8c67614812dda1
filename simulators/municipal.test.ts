import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { checkUscc, createMunicipalSimulator, type MunicipalSimOptions, type MunicipalSimulator } from './municipal.ts';
import { USCC_ALPHABET } from './municipal-rules.ts';

const TOKEN = 'test-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
type Rec = Record<string, unknown>;
interface Result { recordId: string; version: string; status: string; receiptId?: string; reason?: string }

function validUscc(first17: string): string {
  const c = [...USCC_ALPHABET].find((ch) => checkUscc(first17 + ch) === 'ok');
  return first17 + c;
}
const USCC = validUscc('91350200MA2Y0000A');

function penalty(recordId: string, version = 'v1', extra: Rec = {}): Rec {
  return {
    recordId, version, recordType: 'administrative-penalty', operation: 'upsert',
    subject: { name: '厦门某化工有限公司', category: 'LEGAL_ORG', uscc: USCC },
    data: { decisionNo: '厦应急罚〔2024〕1号', decisionDate: '2024-03-01', authorityName: '厦门市应急管理局', penaltyCategories: ['罚款'] },
    ...extra,
  };
}

function sim(opts: Partial<MunicipalSimOptions> = {}): MunicipalSimulator {
  return createMunicipalSimulator({ token: TOKEN, seed: 7, ...opts });
}

async function post(s: MunicipalSimulator, records: Rec[], headers: Record<string, string> = AUTH): Promise<Response> {
  return s.app.request('/api/v1/credit-records', { method: 'POST', headers, body: JSON.stringify({ batchId: 'b-1', records }) });
}

async function results(s: MunicipalSimulator, records: Rec[]): Promise<Result[]> {
  const res = await post(s, records);
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Result[] }).results;
}

async function inventory(s: MunicipalSimulator, query = ''): Promise<{ items: Array<{ recordId: string; version: string; updatedAt: string }>; nextCursor: string | null }> {
  const res = await s.app.request(`/api/v1/credit-records/inventory${query}`, { headers: AUTH });
  expect(res.status).toBe(200);
  return (await res.json()) as { items: Array<{ recordId: string; version: string; updatedAt: string }>; nextCursor: string | null };
}

describe('municipal simulator', () => {
  it('requires the bearer token on /api but not on /__sim', async () => {
    const s = sim();
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }] as Array<Record<string, string>>) {
      const res = await post(s, [penalty('r1')], headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
    expect((await s.app.request('/api/v1/credit-records/inventory')).status).toBe(401);
    expect((await s.app.request('/__sim/stats')).status).toBe(200);
    expect(s.records()).toHaveLength(0);
  });

  it('answers 400 BAD_REQUEST for malformed JSON, bad shapes and oversized batches', async () => {
    const s = sim({ maxBatch: 2 });
    const send = async (body: string): Promise<Response> => s.app.request('/api/v1/credit-records', { method: 'POST', headers: AUTH, body });
    const bodies = [
      '{"batchId": "x", records: []',
      JSON.stringify({ records: [penalty('a')] }),
      JSON.stringify({ batchId: 'b', records: {} }),
      JSON.stringify({ batchId: 'b', records: [] }),
      JSON.stringify({ batchId: 'b', records: [{ ...penalty('a'), operation: 'delete' }] }),
      JSON.stringify({ batchId: 'b', records: [{ ...penalty('a'), version: '' }] }),
      JSON.stringify({ batchId: 'b', records: [penalty('a'), penalty('b'), penalty('c')] }),
    ];
    for (const body of bodies) {
      const res = await send(body);
      expect(res.status, body).toBe(400);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe('BAD_REQUEST');
      expect(json.error.message.length).toBeGreaterThan(0);
    }
    expect(s.stats().batches).toBe(0);
  });

  it('applies the 双公示 checks per record, one result per record in order', async () => {
    const s = sim();
    const noName = penalty('no-name', 'v1', { subject: { category: 'NATURAL_PERSON' } });
    const pilot = penalty('pilot', 'v1', { subject: { name: '试点企业', category: 'LEGAL_ORG', uscc: '91350211M0000XUF46' } });
    const badBiz = penalty('biz', 'v1', { subject: { name: '个体户', category: 'INDIVIDUAL_BIZ', uscc: '1234' } });
    const person = penalty('person', 'v1', { subject: { name: '张三', category: 'NATURAL_PERSON', uscc: '1234' } });
    const penNoData = penalty('pen', 'v1', { data: { decisionNo: 'x', penaltyCategories: [] } });
    const lic = { recordId: 'lic', version: 'v1', recordType: 'administrative-license', operation: 'upsert', subject: { name: '某公司' }, data: { decisionDate: '2024-01-01' } };
    const licOk = { ...lic, recordId: 'lic-ok', data: { decisionDocNo: '许字1号', decisionDate: '2024-01-01', authorityName: '某局' } };
    const other = { recordId: 'other', version: 'v1', recordType: 'red-list', operation: 'upsert', subject: { name: '守信企业' } };
    const revoke = { recordId: 'rev', version: 'v9', operation: 'revoke' };
    const out = await results(s, [penalty('good'), noName, pilot, badBiz, person, penNoData, lic, licOk, other, revoke]);
    expect(out.map((r) => [r.recordId, r.status])).toEqual([
      ['good', 'ok'], ['no-name', 'rejected'], ['pilot', 'rejected'], ['biz', 'rejected'], ['person', 'ok'],
      ['pen', 'rejected'], ['lic', 'rejected'], ['lic-ok', 'ok'], ['other', 'ok'], ['rev', 'ok'],
    ]);
    const reason = (id: string): string => out.find((r) => r.recordId === id)?.reason ?? '';
    expect(reason('no-name')).toContain('名称');
    expect(reason('pilot')).toContain('统一社会信用代码校验位错误');
    expect(reason('biz')).toContain('统一社会信用代码格式错误');
    expect(reason('pen')).toMatch(/decisionDate.*authorityName.*penaltyCategories/);
    expect(reason('pen')).not.toContain('decisionNo)');
    expect(reason('lic')).toMatch(/decisionDocNo.*authorityName/);
    expect(out.filter((r) => r.status === 'ok').every((r) => r.receiptId && !r.reason)).toBe(true);
    expect(s.stats()).toMatchObject({ batches: 1, recordsReceived: 10, rejected: 5, stored: 5 });
  });

  it('stores a repeated recordId + version once and acknowledges it with the same receipt', async () => {
    const s = sim();
    const [first] = await results(s, [penalty('r1')]);
    const [again, twice] = await results(s, [penalty('r1'), penalty('r1')]);
    expect(first?.receiptId).toBeDefined();
    expect(again?.receiptId).toBe(first?.receiptId);
    expect(twice?.receiptId).toBe(first?.receiptId);
    expect(s.records()).toHaveLength(1);
    expect(s.record('r1')?.history).toHaveLength(1);
    expect(s.stats()).toMatchObject({ stored: 1, duplicates: 2, recordsReceived: 3 });
  });

  it('keeps versions in order and never lets an older versionNo overwrite a newer one', async () => {
    const s = sim();
    await results(s, [penalty('r1', 'v1', { versionNo: 1 }), penalty('r1', 'v2', { versionNo: 2 })]);
    const [late] = await results(s, [penalty('r1', 'v0', { versionNo: 0 })]);
    expect(late?.status).toBe('ok');
    await results(s, [{ recordId: 'r1', version: 'v3', versionNo: 3, operation: 'revoke' }]);
    const r = s.record('r1');
    expect(r).toMatchObject({ version: 'v3', versionNo: 3, operation: 'revoke', recordType: 'administrative-penalty' });
    expect(r?.history.map((h) => [h.version, h.versionNo, h.operation])).toEqual([['v1', 1, 'upsert'], ['v2', 2, 'upsert'], ['v3', 3, 'revoke']]);
    expect(s.stats()).toMatchObject({ stored: 3, outOfOrder: 1, duplicates: 0 });
    const [lateAgain] = await results(s, [penalty('r1', 'v0', { versionNo: 0 })]);
    expect(lateAgain?.receiptId).toBe(late?.receiptId);
  });

  it('drops a seeded share of records: acknowledged ok, missing from the inventory, reproducibly', async () => {
    const run = async (): Promise<{ dropped: string[]; s: MunicipalSimulator }> => {
      const s = sim({ seed: 42, dropRate: 0.3 });
      const recs = Array.from({ length: 200 }, (_, i) => penalty(`r${String(i).padStart(3, '0')}`));
      const out = await results(s, recs);
      expect(out.every((r) => r.status === 'ok' && r.receiptId)).toBe(true);
      return { dropped: s.dropped().map((d) => d.recordId), s };
    };
    const a = await run();
    const b = await run();
    expect(a.dropped).toEqual(b.dropped);
    expect(a.dropped.length).toBeGreaterThan(30);
    expect(a.dropped.length).toBeLessThan(90);
    const inv = await inventory(a.s, '?limit=5000');
    const all = Array.from({ length: 200 }, (_, i) => `r${String(i).padStart(3, '0')}`);
    expect(inv.items.map((i) => i.recordId).sort()).toEqual(all.filter((id) => !a.dropped.includes(id)));
    expect(a.s.stats()).toMatchObject({ dropped: a.dropped.length, stored: 200 - a.dropped.length });
  });

  it('answers 429 with Retry-After: 1 beyond the rate limit within a 1-second window', async () => {
    let clock = 1_700_000_000_000;
    const s = sim({ rateLimit: 3, now: () => clock });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(s, [penalty(`r${i}`)])).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await post(s, [penalty('x')]);
    expect(limited.headers.get('retry-after')).toBe('1');
    clock += 1000;
    expect((await post(s, [penalty('y')])).status).toBe(200);
    expect(s.stats().faults.rateLimited).toBe(3);
  });

  it('answers 500/502/503 without Retry-After at errorRate 1, and /__sim/faults switches it at runtime', async () => {
    const s = sim({ errorRate: 1 });
    for (let i = 0; i < 10; i++) {
      const res = await post(s, [penalty('r1')]);
      expect([500, 502, 503]).toContain(res.status);
      expect(res.headers.get('retry-after')).toBeNull();
    }
    expect(s.records()).toHaveLength(0);
    const off = await s.app.request('/__sim/faults', { method: 'POST', body: JSON.stringify({ errorRate: 0, rateLimit: 1 }) });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ errorRate: 0, rateLimit: 1 });
    expect((await post(s, [penalty('r1')])).status).toBe(200);
    expect((await post(s, [penalty('r2')])).status).toBe(429);
    await s.app.request('/__sim/faults', { method: 'POST', body: JSON.stringify({ rateLimit: null }) });
    expect((await post(s, [penalty('r2')])).status).toBe(200);
    for (const bad of [{ errorRate: 2 }, { latencyMs: -1 }, { 'error-rate': 1 }]) {
      const res = await s.app.request('/__sim/faults', { method: 'POST', body: JSON.stringify(bad) });
      expect(res.status).toBe(400);
    }
    s.setFaults({ latencyMs: 60 });
    const t0 = Date.now();
    expect((await post(s, [penalty('r3')])).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    s.setFaults({ latencyMs: 0 });
    expect(() => s.setFaults({ dropRate: 1.5 })).toThrow(RangeError);
    expect(s.stats()).toMatchObject({ stored: 3, faults: { errors: 10, rateLimited: 1 } });
    await s.app.request('/__sim/reset', { method: 'POST' });
    expect(s.records()).toHaveLength(0);
    expect(s.faults()).toMatchObject({ errorRate: 1, rateLimit: 0 });
  });

  it('pages the inventory by (updatedAt, recordId) with an opaque cursor and a since filter', async () => {
    let clock = Date.parse('2024-05-01T00:00:00.000Z');
    const s = sim({ now: () => clock });
    for (let t = 0; t < 5; t++) {
      await results(s, [4, 2, 0, 3, 1].map((k) => penalty(`t${t}-${k}`)));
      clock += 1000;
    }
    await results(s, [penalty('t0-0', 'v2')]); // moves t0-0 to the end
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await inventory(s, `?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items.map((i) => i.recordId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    const expected = [0, 1, 2, 3, 4].flatMap((t) => [0, 1, 2, 3, 4].map((k) => `t${t}-${k}`)).filter((id) => id !== 't0-0');
    expect(seen).toEqual([...expected, 't0-0']);
    const since = await inventory(s, '?since=2024-05-01T00:00:03.000Z');
    expect(since.items.map((i) => i.recordId)).toEqual(['t3-0', 't3-1', 't3-2', 't3-3', 't3-4', 't4-0', 't4-1', 't4-2', 't4-3', 't4-4', 't0-0']);
    expect(since.items.at(-1)).toMatchObject({ version: 'v2', updatedAt: '2024-05-01T00:00:05.000Z' });
    expect(since.nextCursor).toBeNull();
    for (const q of ['?since=yesterday', '?cursor=%%%', '?limit=0']) {
      expect((await s.app.request(`/api/v1/credit-records/inventory${q}`, { headers: AUTH })).status).toBe(400);
    }
  });

  it('serves over HTTP; close() resolves while a timeout fault holds a request', async () => {
    const s = sim();
    const server = await s.listen(0);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await request(`${server.url}/api/v1/credit-records`, {
      method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ batchId: 'b', records: [penalty('r1')] }),
    });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toMatchObject({ batchId: 'b', results: [{ recordId: 'r1', status: 'ok' }] });
    const listed = await request(`${server.url}/__sim/records`);
    expect(await listed.body.json()).toMatchObject({ count: 1, records: [{ recordId: 'r1', history: [{ version: 'v1' }] }] });

    s.setFaults({ timeoutRate: 1, hangMs: 60_000 });
    const hanging = request(`${server.url}/api/v1/credit-records/inventory`, { headers: AUTH, headersTimeout: 60_000 }).then(
      (r) => r.statusCode,
      (err: Error) => err.name,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(s.stats().faults.timeouts).toBe(1);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await hanging).not.toBe(200);
  });
});
