import { afterEach, describe, expect, it } from 'vitest';
import { createConnector } from '../src/platforms/index.ts';
import { runNightly } from '../src/reconcile/index.ts';
import { silentLogger } from '../src/util/logger.ts';
import { freshPostgres, startHarness, type Harness } from './helpers.ts';
import { body, penalty } from './records.ts';

const OPERATOR = 'demo-operator-token';

async function settled(h: Harness, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while ((await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state IN ('pending', 'in_flight')`)).rows[0]!.n > 0) {
    if (Date.now() - t0 > timeoutMs) throw new Error('deliveries did not settle');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('nightly cycle', () => {
  let h: Harness | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await h?.close();
    await drop?.();
    h = undefined;
  });

  it('provincial platform with --drop-rate 0.05: reconciliation lists exactly the dropped records and repairs them', async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { provincial: { dropRate: 0.05, seed: 21 }, patch: (r) => (r.schedules = { nightly: null }) });
    const N = 2000;
    for (let i = 0; i < N; i += 500) {
      const res = await h.post(body(Array.from({ length: 500 }, (_, k) => penalty(i + k, { data: { decisionNo: `灌应急罚〔2026〕PV${i + k}号` } }))));
      expect(res.json.accepted).toBe(500);
    }
    await settled(h);
    const psim = h.psim!;
    const dropped = new Set(psim.dropped().map((d) => d.recordId));
    expect(dropped.size).toBeGreaterThan(50);
    psim.setFaults({ dropRate: 0 });
    const req = await fetch(`${h.gateway.url}/v1/reconciliations`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' }, body: JSON.stringify({ target: 'provincial' }) });
    const { id } = (await req.json()) as { id: string };
    let report: any;
    for (let t0 = Date.now(); ; ) {
      report = await (await fetch(`${h.gateway.url}/v1/reconciliations/${id}?limit=10000`, { headers: { authorization: `Bearer ${OPERATOR}` } })).json();
      if (report.status === 'done' || report.status === 'failed') break;
      if (Date.now() - t0 > 60_000) throw new Error('reconciliation did not finish');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(report).toMatchObject({ status: 'done', counts: { missing: dropped.size, stale: 0, unknown: 0, repushed: dropped.size, expected: N } });
    expect(new Set(report.items.map((i: { recordId: string }) => i.recordId))).toEqual(dropped);
    await settled(h);
    expect(psim.records().length).toBe(N);
    console.log(`provincial reconcile: ${N} delivered, ${dropped.size} dropped and found, ${report.durationMs} ms`);
  });

  it('a batch-mode target is not pushed as records arrive; the nightly package delivers everything pending, then reconciles', async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { patch: (r) => { r.targets[0].mode = 'batch'; r.targets[0].batchSize = 20; r.schedules = { nightly: null }; } });
    await h.post(body(Array.from({ length: 50 }, (_, i) => penalty(i, { data: { decisionNo: `灌应急罚〔2026〕B${i}号` } }))));
    await new Promise((r) => setTimeout(r, 2500)); // two sweeps pass; nothing may be pushed
    expect(h.sim.stats().requests).toBe(0);
    const pending = await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state = 'pending'`);
    expect(pending.rows[0]!.n).toBe(50);

    const config = h.settings.config;
    const res = await runNightly(
      { db: h.gateway.db, config, connectors: new Map(config.targets.map((t) => [t.id, createConnector(t)])), queue: h.gateway.maintenanceQueue as never, logger: silentLogger, batchSizeOf: () => 20, enqueue: (jobs) => h!.gateway.queues.enqueue(jobs) },
      silentLogger,
      { settleTimeoutMs: 30_000 },
    );
    expect(res.packaged).toEqual({ municipal: 50 });
    expect(res.reconciliations).toMatchObject({ municipal: { expected: 50, matched: 50, missing: 0 } });
    expect(h.sim.records().length).toBe(50);
    expect(h.sim.stats().batches).toBe(3);
  });
});
