// The provincial connector against the real provincial simulator on a random port: signatures,
// package building and parsing, receipt polling, per-record mapping, inventory and faults end to end.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TargetConfig } from '../src/config/index.ts';
import type { CanonicalRecord } from '../src/model/index.ts';
import { createProvincialConnector, fetchProvincialInventory, type ProvincialConnector } from '../src/platforms/provincial/index.ts';
import { failure, testTarget } from '../src/platforms/test-support.ts';
import type { PushItem } from '../src/platforms/types.ts';
import type { ListeningServer } from './listen.ts';
import { createProvincialSimulator, shanghaiDate, type ProvincialSimulator } from './provincial.ts';

const SECRET = 'round-trip-secret';
const USCC = '91350100M000100Y43';

let sim: ProvincialSimulator;
let server: ListeningServer;
let n = 0;

function target(over: Partial<TargetConfig> = {}): TargetConfig {
  return testTarget({ id: 'provincial', name: '省公共信用信息平台', kind: 'provincial', baseUrl: server.url, secret: SECRET, senderCode: 'GW-320700', timeoutMs: 1000, ...over });
}

function item(record: Record<string, unknown>, version = 'v1', versionNo = 1): PushItem {
  n += 1;
  return { deliveryId: n, recordId: `rec-${n}`, version: `${version}-${n}`, versionNo, record: record as unknown as CanonicalRecord };
}

const penalty = (subject: Record<string, unknown> = {}) => ({
  recordType: 'administrative-penalty', operation: 'upsert',
  subject: { name: 'A&B <化工> "有限"公司', category: 'LEGAL_ORG', uscc: USCC, legalRep: { name: '张三', idType: '身份证', idNo: '11010519491231002X' }, ...subject },
  data: {
    decisionNo: '灌应急罚〔2026〕7号', violationType: 't', violationFacts: 'f', legalBasis: 'b', penaltyCategories: ['罚款', '责令停产停业'], penaltyContent: '罚款2000元',
    fineAmountWan: '0.2', decisionDate: '2026-01-05', penaltyValidUntil: '2027-01-05', authorityName: '灌云县应急管理局', authorityUscc: '11320723MB1234567K',
    dataSourceName: '灌云县应急管理局', dataSourceUscc: '11320723MB1234567K',
  },
});

const licence = {
  recordType: 'administrative-license', operation: 'upsert', subject: { name: '某危化品经营部', category: 'INDIVIDUAL_BIZ', uscc: '92340602MA2PBMEM24' },
  data: {
    decisionDocName: '危险化学品经营许可决定书', decisionDocNo: '连应急许〔2026〕1号', licenceCategory: '普通', decisionDate: '2026-01-02', validFrom: '2026-01-02', validTo: null,
    authorityName: '连云港市应急管理局', authorityUscc: '11320700MB1234567X', dataSourceName: '连云港市应急管理局', dataSourceUscc: '11320700MB1234567X',
  },
};

describe('provincial connector ↔ provincial simulator (real socket)', () => {
  let connector: ProvincialConnector;
  beforeAll(async () => {
    sim = createProvincialSimulator({ secret: SECRET, seed: 3 });
    server = await sim.listen(0);
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    sim.reset();
    await connector?.close();
    connector = createProvincialConnector(target(), { receiptPollMs: 25, receiptTimeoutMs: 3000 });
  });

  it('delivers a mixed batch: accepted, rejected by the platform, and not carried, each with its reason', async () => {
    sim.setFaults({ receiptDelayMs: 120 });
    const items = [
      item(penalty()),
      item(licence),
      item({ recordType: 'punishment-list-entry', operation: 'upsert', subject: { name: '某失信企业', category: 'LEGAL_ORG', uscc: USCC }, data: { listType: 'SERIOUS_DISHONEST_2023', decisionNo: 'd', decisionDate: '2026-01-01', authorityName: 'a', authorityUscc: 'u', dataSourceName: 's', dataSourceUscc: 'u' } }),
      item({ recordType: 'incentive-list-entry', operation: 'upsert', subject: { name: '某守信企业', category: 'LEGAL_ORG' }, data: { conditions: { publicCommitment: true }, standardizationLevel: '一级', publishDate: '2026-01-01', dataSourceName: 's', dataSourceUscc: 'u' } }),
      item({ recordType: 'accident', operation: 'upsert', subject: { name: 'x', category: 'LEGAL_ORG' }, data: {} }),
      item(penalty({ uscc: '91350211M0000XUF46' })),
      item(penalty({ name: '李四', category: 'NATURAL_PERSON', uscc: undefined, legalRep: undefined, idType: '身份证', idNo: '360426199101010071' })),
    ];
    const t0 = performance.now();
    const res = await connector.push(items, 'pkg-mixed');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100); // waited for the receipt
    expect(res.httpStatus).toBe(202);
    expect(res.results).toEqual([
      { deliveryId: items[0]!.deliveryId, status: 'ok', receiptId: `pkg-mixed:${items[0]!.recordId}` },
      { deliveryId: items[1]!.deliveryId, status: 'ok', receiptId: `pkg-mixed:${items[1]!.recordId}` },
      { deliveryId: items[2]!.deliveryId, status: 'ok', receiptId: `pkg-mixed:${items[2]!.recordId}` },
      { deliveryId: items[3]!.deliveryId, status: 'ok', receiptId: `pkg-mixed:${items[3]!.recordId}` },
      { deliveryId: items[4]!.deliveryId, status: 'rejected', reason: expect.stringContaining('accident') },
      { deliveryId: items[5]!.deliveryId, status: 'rejected', reason: '统一社会信用代码校验位错误: 91350211M0000XUF46' },
      { deliveryId: items[6]!.deliveryId, status: 'ok', receiptId: `pkg-mixed:${items[6]!.recordId}` },
    ]);
    expect(sim.stats()).toMatchObject({ packages: 1, recordsReceived: 6, stored: 5, rejected: 1, unauthorized: 0, malformed: 0 });
    expect(sim.stats().receiptPolls).toBeGreaterThanOrEqual(2);

    const p = sim.record(items[0]!.recordId)!;
    expect(p).toMatchObject({ kind: 'XZCF', version: items[0]!.version, versionNo: 1, operation: 'upsert', packageId: 'pkg-mixed' });
    expect(p.fields).toMatchObject({ CF_XDR_MC: 'A&B <化工> "有限"公司', CF_CFLB: '罚款；责令停产停业', CF_FR_ZJHM: '11010519491231002X', CF_NR_FK: '0.2' });
    expect(sim.record(items[1]!.recordId)!.fields).toMatchObject({ XK_XDR_LB: '个体工商户', XK_YXQZI: '2099-12-31' });
    expect(sim.record(items[2]!.recordId)!.kind).toBe('HEIMINGDAN');
    expect(sim.record(items[3]!.recordId)!.fields.CMD_RDTJ).toBe('{"publicCommitment":true}');
    expect(sim.record(items[6]!.recordId)!.fields).toMatchObject({ CF_XDR_LB: '自然人', CF_XDR_ZJHM: '360426199101010071' });

    const today = shanghaiDate(Date.now());
    const inv = await fetchProvincialInventory(target(), today);
    expect(inv.map((i) => i.recordId).sort()).toEqual(sim.records().map((r) => r.recordId).sort());
    const pages: unknown[][] = [];
    for await (const page of connector.inventory({ since: new Date(Date.now() - 86_400_000) })) pages.push(page);
    expect(pages.flat()).toHaveLength(5);
  });

  it('pushing the same versions again in a new package is harmless: ok again, stored once', async () => {
    const items = [item(penalty()), item(licence)];
    await connector.push(items, 'first');
    const again = await connector.push(items, 'second');
    expect(again.results.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(sim.stats()).toMatchObject({ stored: 2, duplicates: 2 });
  });

  it('a newer version supersedes, an older one (lower versionNo) never overwrites it; a revoke lands', async () => {
    const v2 = item(penalty(), 'v2', 2);
    const v1 = { ...v2, version: 'older', versionNo: 1, deliveryId: 9001 };
    const revoke = { ...v2, version: 'v3', versionNo: 3, deliveryId: 9002, record: { ...penalty(), operation: 'revoke' } as unknown as CanonicalRecord };
    await connector.push([v2], 'a');
    expect((await connector.push([v1], 'b')).results[0]!.status).toBe('ok');
    expect(sim.record(v2.recordId)!.version).toBe(v2.version);
    await connector.push([revoke], 'c');
    expect(sim.record(v2.recordId)).toMatchObject({ version: 'v3', operation: 'revoke' });
    expect(sim.stats().outOfOrder).toBe(1);
  });

  it('a wrong secret → config, nothing stored', async () => {
    const c = createProvincialConnector(target({ secret: 'not-the-secret' }), { receiptPollMs: 25 });
    const e = await failure(c.push([item(penalty())], 'p'), 'config');
    expect(e.httpStatus).toBe(401);
    expect(e.message).toContain('X-Signature does not match');
    expect(sim.records()).toHaveLength(0);
    await c.close();
  });

  it('5xx on upload → transient; 429 → rate_limited with Retry-After', async () => {
    sim.setFaults({ errorRate: 1 });
    await failure(connector.push([item(penalty())], 'p1'), 'transient');
    sim.setFaults({ errorRate: 0, rateLimit: 1 });
    // Start just after a second boundary so the upload and the first receipt poll share the window:
    // the upload passes, the poll is limited and ridden out.
    await new Promise((r) => setTimeout(r, 1005 - (Date.now() % 1000)));
    const res = await connector.push([item(penalty())], 'p2');
    expect(res.results[0]!.status).toBe('ok');
    expect(sim.stats().faults.rateLimited).toBeGreaterThanOrEqual(1);
  });

  it('a receipt that stays PENDING past receiptTimeoutMs → transient; the re-push later stores nothing twice', async () => {
    sim.setFaults({ receiptDelayMs: 60_000 });
    const c = createProvincialConnector(target(), { receiptPollMs: 25, receiptTimeoutMs: 200 });
    const items = [item(penalty())];
    const e = await failure(c.push(items, 'slow'), 'transient');
    expect(e.message).toMatch(/no final receipt .* harmless/);
    sim.setFaults({ receiptDelayMs: 0 });
    expect((await c.push(items, 'retry')).results[0]!.status).toBe('ok');
    expect(sim.stats()).toMatchObject({ stored: 1, duplicates: 1 });
    await c.close();
  });

  it('a hanging platform → transient after timeoutMs', async () => {
    sim.setFaults({ timeoutRate: 1, hangMs: 5000 });
    const c = createProvincialConnector(target({ timeoutMs: 200 }));
    const t0 = performance.now();
    await failure(c.push([item(penalty())], 'hang'), 'transient');
    expect(performance.now() - t0).toBeLessThan(2000);
    await c.close();
  });

  it('dropped records are receipted ok but missing from the inventory (only reconciliation finds them)', async () => {
    sim.setFaults({ dropRate: 1 });
    const items = [item(penalty()), item(licence)];
    expect((await connector.push(items, 'drop')).results.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(await fetchProvincialInventory(target(), shanghaiDate(Date.now()))).toEqual([]);
    expect(sim.dropped().map((d) => d.recordId)).toEqual(items.map((i) => i.recordId));
  });
});
