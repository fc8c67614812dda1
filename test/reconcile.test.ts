import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, startHarness, type Harness } from './helpers.ts';
import { body, penalty } from './records.ts';

const N = 5000;
const OPERATOR = 'demo-operator-token';

describe('reconciliation: a platform that silently lost 5% of the records is repaired', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  const call = async (method: string, path: string, json?: unknown) => {
    const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' }, body: json === undefined ? undefined : JSON.stringify(json) });
    return { status: res.status, json: (await res.json()) as any };
  };
  async function reconcile(): Promise<any> {
    const req = await call('POST', '/v1/reconciliations', { target: 'municipal' });
    expect(req.status).toBe(202);
    const t0 = Date.now();
    for (;;) {
      const rep = await call('GET', `/v1/reconciliations/${req.json.id}?limit=10000`);
      if (rep.json.status === 'done' || rep.json.status === 'failed') return rep.json;
      if (Date.now() - t0 > 60_000) throw new Error('reconciliation did not finish');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async function settled(): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      const open = (await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state IN ('pending', 'in_flight')`)).rows[0]!.n;
      if (open === 0) return;
      if (Date.now() - t0 > 60_000) throw new Error(`${open} deliveries still open`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { sim: { dropRate: 0.05, seed: 11 }, patch: (r) => (r.schedules = { nightly: null }) });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('delivers 5,000 records; the simulator drops about 5% while acknowledging them', async () => {
    for (let i = 0; i < N; i += 500) {
      const res = await h.post(body(Array.from({ length: 500 }, (_, k) => penalty(i + k, { data: { decisionNo: `灌应急罚〔2026〕RC${i + k}号` } }))));
      expect(res.json.accepted).toBe(500);
    }
    await h.waitDelivered(N, 60_000);
    const delivered = (await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state = 'delivered'`)).rows[0]!.n;
    expect(delivered).toBe(N);
    expect(h.sim.dropped().length).toBeGreaterThan(150);
    expect(h.sim.records().length).toBe(N - h.sim.dropped().length);
  });

  it('the report lists exactly the dropped records, pushes them again, and the platform then holds everything', async () => {
    const dropped = new Set(h.sim.dropped().map((d) => d.recordId));
    h.sim.setFaults({ dropRate: 0 });
    const report = await reconcile();
    expect(report.status).toBe('done');
    expect(report.counts).toMatchObject({ inventory: N - dropped.size, expected: N, missing: dropped.size, stale: 0, revoked: 0, unknown: 0, repushed: dropped.size, matched: N - dropped.size });
    const missing = new Set(report.items.filter((i: { category: string }) => i.category === 'missing').map((i: { recordId: string }) => i.recordId));
    expect(missing).toEqual(dropped);
    console.log(`reconcile: ${N} delivered, ${dropped.size} dropped by the platform, ${report.counts.missing} found missing, ${report.counts.repushed} re-pushed in ${report.durationMs} ms`);

    await settled();
    const platform = new Map(h.sim.records().map((r) => [r.recordId, r.version]));
    const ours = await h.gateway.db.query<{ record_id: string; version: string }>(
      `SELECT d.record_id, v.version FROM deliveries d JOIN record_versions v ON v.record_id = d.record_id AND v.version_no = d.version_no WHERE d.state = 'delivered' AND d.target = 'municipal'`,
    );
    expect(platform.size).toBe(N);
    for (const r of ours.rows) expect(platform.get(r.record_id)).toBe(r.version);

    const again = await reconcile();
    expect(again.counts).toMatchObject({ inventory: N, missing: 0, stale: 0, matched: N, repushed: 0 });
  });

  it('a stale version on the platform and a record unknown to us are found', async () => {
    // Version 2 of one record reaches us, but the platform "loses" it (drop just that one push).
    h.sim.setFaults({ dropRate: 1 });
    const v2 = await h.post(body([penalty(0, { data: { decisionNo: '灌应急罚〔2026〕RC0号', fineAmountWan: '5', penaltyContent: '罚款人民币5万元' } })]));
    expect(v2.json.results[0].versionNo).toBe(2);
    await settled();
    h.sim.setFaults({ dropRate: 0 });
    // And the platform holds a record no department ever sent us.
    const foreign = await fetch(`${h.simServer.url}/api/v1/credit-records`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-municipal-token', 'content-type': 'application/json' },
      body: JSON.stringify({ batchId: 'x', records: [{ recordId: '00000000-0000-4000-8000-000000000001', version: 'f'.repeat(64), recordType: 'administrative-penalty', operation: 'upsert', subject: { name: '某手工录入企业', category: 'LEGAL_ORG' }, data: { decisionNo: '手工1', decisionDate: '2026-01-01', authorityName: 'x', penaltyCategories: ['警告'] } }] }),
    });
    expect(foreign.status).toBe(200);
    const report = await reconcile();
    expect(report.counts).toMatchObject({ stale: 1, unknown: 1, missing: 0, repushed: 1 });
    const stale = report.items.find((i: { category: string }) => i.category === 'stale');
    expect(stale).toMatchObject({ recordId: v2.json.results[0].recordId, expectedVersionNo: 2, action: 'repush' });
    await settled();
    expect(h.sim.record(v2.json.results[0].recordId)!.versionNo).toBe(2);
    const list = await call('GET', '/v1/reconciliations?target=municipal');
    expect(list.json.reconciliations.length).toBe(3);
  });
});
