import { describe, expect, it } from 'vitest';
import { createConnector } from '../src/platforms/index.ts';
import { runNightly } from '../src/reconcile/index.ts';
import { silentLogger } from '../src/util/logger.ts';
import { useHarness, type Harness } from './helpers.ts';
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
  const harness = useHarness();

  it('both platforms at --drop-rate 0.05 for 5,000 records: the nightly cycle lists exactly the dropped records and repairs them', async () => {
    const h = await harness({ sim: { dropRate: 0.05, seed: 11 }, provincial: { dropRate: 0.05, seed: 21 }, patch: (r) => (r.schedules = { nightly: null }) });
    const N = 5000;
    for (let i = 0; i < N; i += 500) {
      const res = await h.post(body(Array.from({ length: 500 }, (_, k) => penalty(i + k, { data: { decisionNo: `灌应急罚〔2026〕NT${i + k}号` } }))));
      expect(res.json.accepted).toBe(500);
    }
    await settled(h, 120_000);
    const sims = { municipal: h.sim, provincial: h.psim! };
    const dropped = { municipal: new Set(h.sim.dropped().map((d) => d.recordId)), provincial: new Set(h.psim!.dropped().map((d) => d.recordId)) };
    expect(dropped.municipal.size).toBeGreaterThan(150);
    expect(dropped.provincial.size).toBeGreaterThan(150);
    // The platforms lost records during the day; by night they behave.
    h.sim.setFaults({ dropRate: 0 });
    h.psim!.setFaults({ dropRate: 0 });

    const config = h.settings.config;
    const nightly = await runNightly(
      { db: h.gateway.db, config, connectors: new Map(config.targets.map((t) => [t.id, createConnector(t)])), queue: h.gateway.maintenanceQueue as never, logger: silentLogger, batchSizeOf: (t) => config.targets.find((x) => x.id === t)!.batchSize, enqueue: (jobs) => h!.gateway.queues.enqueue(jobs) },
      silentLogger,
    );
    expect(nightly.packaged).toEqual({});
    for (const target of ['municipal', 'provincial'] as const) {
      expect(nightly.reconciliations[target]).toMatchObject({ expected: N, missing: dropped[target].size, stale: 0, unknown: 0, repushed: dropped[target].size, matched: N - dropped[target].size });
      const run = await h.gateway.db.query<{ record_id: string }>(
        `SELECT i.record_id FROM reconciliation_items i JOIN reconciliations r ON r.id = i.reconciliation_id WHERE r.target = $1 AND i.category = 'missing'`,
        [target],
      );
      expect(new Set(run.rows.map((x) => x.record_id))).toEqual(dropped[target]);
    }
    await settled(h, 120_000);
    for (const target of ['municipal', 'provincial'] as const) {
      const platform = new Map(sims[target].records().map((r) => [r.recordId, r.version]));
      const ours = await h.gateway.db.query<{ record_id: string; version: string }>(
        `SELECT d.record_id, v.version FROM deliveries d JOIN record_versions v ON v.record_id = d.record_id AND v.version_no = d.version_no WHERE d.state = 'delivered' AND d.target = $1`,
        [target],
      );
      expect(platform.size).toBe(N);
      expect(ours.rows.length).toBe(N);
      for (const r of ours.rows) expect(platform.get(r.record_id)).toBe(r.version);
    }
    console.log(`nightly: ${N} records to both platforms; dropped and found municipal ${dropped.municipal.size}, provincial ${dropped.provincial.size}; inventories now equal the delivered sets`);
  });

  it('a batch-mode target is not pushed as records arrive; the nightly package delivers everything pending, then reconciles', async () => {
    const h = await harness({ patch: (r) => { r.targets[0].mode = 'batch'; r.targets[0].batchSize = 20; r.schedules = { nightly: null }; } });
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
