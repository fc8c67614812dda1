// Small submissions (a department posting records one by one) are not pushed one platform request
// each: their deliveries wait for the target's coalescing job of the current window, which pushes
// them together, batchSize at a time — every version still exactly once.
import { describe, expect, it } from 'vitest';
import { useHarness } from './helpers.ts';
import { body, penalty } from './records.ts';

const one = (i: number, tag: string) => body([penalty(i, { data: { decisionNo: `灌应急罚〔2026〕${tag}${i}号` } })]);

describe('coalescing small submissions', () => {
  const harness = useHarness();

  async function start(patch?: (raw: Record<string, any>) => void) {
    return harness({ patch });
  }

  it('60 one-record submissions in quick succession: all delivered once, in a handful of platform requests', async () => {
    const h = await start((r) => {
      r.targets[0].batchSize = 25;
      r.targets[0].coalesce = { belowRecords: 10, windowMs: 300 };
    });
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => h.post(one(i, 'C'))));
    expect(answers.every((a) => a.status === 202 && a.json.accepted === 1)).toBe(true);
    await h.waitDelivered(60, 20_000);
    const rows = await h.gateway.db.query<{ state: string; job: string; n: number }>('SELECT state, job_id AS job, count(*)::int AS n FROM deliveries GROUP BY 1, 2');
    expect(rows.rows).toEqual([{ state: 'delivered', job: 'coalesce', n: 60 }]);
    expect(h.sim.records()).toHaveLength(60);
    for (const r of h.sim.records()) expect(r.history).toHaveLength(1);
    const pushes = await h.gateway.db.query<{ n: number; max: number }>('SELECT count(*)::int AS n, max(cardinality(delivery_ids))::int AS max FROM push_attempts');
    // 60 records, batches of at most 25: at least 3 pushes; fewer than one per two submissions even
    // if a loaded machine spreads the posts over many windows (typically 3–5).
    expect(pushes.rows[0]!.n).toBeGreaterThanOrEqual(3);
    expect(pushes.rows[0]!.n).toBeLessThanOrEqual(30);
    expect(pushes.rows[0]!.max).toBeLessThanOrEqual(25);
    expect(h.sim.stats().requests).toBe(pushes.rows[0]!.n);
  });

  it('a submission with as many records as belowRecords or more keeps its own jobs', async () => {
    const h = await start((r) => (r.targets[0].coalesce = { belowRecords: 5, windowMs: 200 }));
    const res = await h.post(body(Array.from({ length: 5 }, (_, i) => penalty(i, { data: { decisionNo: `灌应急罚〔2026〕B${i}号` } }))));
    await h.post(one(99, 'S'));
    await h.waitDelivered(6, 20_000);
    const rows = await h.gateway.db.query<{ job: string; n: number }>('SELECT job_id AS job, count(*)::int AS n FROM deliveries GROUP BY 1 ORDER BY 2 DESC');
    expect(rows.rows).toEqual([
      { job: `${res.json.submissionId}_municipal_0`, n: 5 },
      { job: 'coalesce', n: 1 },
    ]);
  });

  it('a finished coalescing job is removed, so its window id can start again (an API process whose clock lags)', async () => {
    const h = await start((r) => (r.targets[0].coalesce = { belowRecords: 10, windowMs: 200 }));
    await h.post(one(1, 'R'));
    await h.waitDelivered(1, 20_000);
    const queue = h.gateway.queues.get('municipal');
    for (let i = 0; i < 50 && ((await queue.getJobCounts('active')).active ?? 0) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await queue.getJobCounts('completed', 'failed', 'delayed', 'waiting')).toEqual({ completed: 0, failed: 0, delayed: 0, waiting: 0 });
  });

  it('belowRecords 0 turns it off: one push per submission', async () => {
    const h = await start((r) => (r.targets[0].coalesce = { belowRecords: 0 }));
    for (let i = 0; i < 5; i++) await h.post(one(i, 'O'));
    await h.waitDelivered(5, 20_000);
    const pushes = await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM push_attempts`);
    expect(pushes.rows[0]!.n).toBe(5);
    const coalesced = await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE job_id = 'coalesce'`);
    expect(coalesced.rows[0]!.n).toBe(0);
  });

  it('a newer version of a waiting record supersedes the older one; only the newest is pushed', async () => {
    const h = await start((r) => (r.targets[0].coalesce = { belowRecords: 10, windowMs: 200 }));
    // Workers paused so that the first version is still waiting when the second arrives.
    await Promise.all(h.gateway.workers.map((w) => w.pause()));
    await h.post(one(7, 'V'));
    const changed = penalty(7, { data: { decisionNo: '灌应急罚〔2026〕V7号', violationFacts: '复查发现该公司仍未如实记录从业人员安全生产教育和培训情况。' } });
    const second = await h.post(body([changed]));
    expect(second.json.results[0].versionNo).toBe(2);
    await Promise.all(h.gateway.workers.map((w) => w.resume()));
    await h.waitDelivered(1, 20_000);
    const rows = await h.gateway.db.query<{ version_no: number; state: string }>('SELECT version_no, state FROM deliveries ORDER BY version_no');
    expect(rows.rows).toEqual([{ version_no: 1, state: 'superseded' }, { version_no: 2, state: 'delivered' }]);
    expect(h.sim.records()).toHaveLength(1);
    expect(h.sim.records()[0]!.history).toHaveLength(1);
  });

  it('coalesced deliveries whose job Redis lost are found by the sweeper', async () => {
    const h = await start((r) => (r.targets[0].coalesce = { belowRecords: 10, windowMs: 200 }));
    await Promise.all(h.gateway.workers.map((w) => w.pause()));
    for (let i = 0; i < 4; i++) await h.post(one(i, 'L'));
    await h.gateway.queues.get('municipal').obliterate({ force: true });
    await Promise.all(h.gateway.workers.map((w) => w.resume()));
    await h.waitDelivered(4, 20_000);
    expect(h.sim.records()).toHaveLength(4);
    const swept = await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE job_id LIKE 'sweep-%'`);
    expect(swept.rows[0]!.n).toBe(4);
  });
});
