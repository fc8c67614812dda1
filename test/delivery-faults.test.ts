import { describe, expect, it } from 'vitest';
import { startHarness, useHarness } from './helpers.ts';
import { body, penalty } from './records.ts';

function batch(n: number, tag: string) {
  return Array.from({ length: n }, (_, i) => penalty(i, { data: { decisionNo: `灌应急罚〔2026〕${tag}${i}号` } }));
}

describe('delivery under platform faults', () => {
  const harness = useHarness();

  async function start(sim: NonNullable<Parameters<typeof startHarness>[1]>['sim'], patch?: (raw: Record<string, any>) => void) {
    return harness({ sim, patch });
  }

  it('5xx faults: retried with backoff until every record is delivered once', async () => {
    // 20 attempts: at a 50% error rate six would leave one batch in 64 failed, and this test is about retrying until delivered.
    const h = await start({ errorRate: 0.5 }, (r) => {
      r.targets[0].batchSize = 10;
      r.targets[0].retry = { attempts: 20, baseMs: 50, capMs: 500, jitter: 0.2 };
    });
    const res = await h.post(body(batch(60, 'E')));
    expect(res.json.accepted).toBe(60);
    await h.waitDelivered(60, 30_000);
    const states = await h.gateway.db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM deliveries GROUP BY state');
    expect(states.rows).toEqual([{ state: 'delivered', n: 60 }]);
    const attempts = await h.gateway.db.query<{ outcome: string; n: number }>('SELECT outcome, count(*)::int AS n FROM push_attempts GROUP BY outcome ORDER BY outcome');
    expect(attempts.rows.find((r) => r.outcome === 'transient')?.n).toBeGreaterThan(0);
    expect(h.sim.records().length).toBe(60);
    for (const r of h.sim.records()) expect(r.history.length).toBe(1);
  });

  it('429 with Retry-After: waits as told without spending attempts', async () => {
    // One request a second, a single attempt allowed: only Retry-After handling can get 5 batches through.
    const h = await start({ rateLimit: 1 }, (r) => {
      r.targets[0].batchSize = 5;
      r.targets[0].concurrency = 4;
      r.targets[0].retry = { attempts: 1, baseMs: 100, capMs: 100, jitter: 0 };
    });
    await h.post(body(batch(25, 'R')));
    await h.waitDelivered(25, 30_000);
    const states = await h.gateway.db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM deliveries GROUP BY state');
    expect(states.rows).toEqual([{ state: 'delivered', n: 25 }]);
    const limited = await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM push_attempts WHERE outcome = 'rate_limited'`);
    expect(limited.rows[0]!.n).toBeGreaterThan(0);
    expect(h.sim.stats().faults.rateLimited).toBeGreaterThan(0);
  });

  it('401 from the platform holds deliveries as pending without spending attempts', async () => {
    const h = await start({ token: 'the-platform-expects-another-token' });
    await h.post(body(batch(3, 'A')));
    // The push is tried (after the coalescing window, on a loaded machine perhaps later) and refused.
    const held = async () => (await h.gateway.db.query<{ state: string; code: string | null }>('SELECT state, last_error_code AS code FROM deliveries')).rows;
    for (let i = 0; i < 100 && !(await held()).some((r) => r.code === 'PLATFORM_CONFIG'); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    expect((await held()).every((r) => r.state === 'pending' && r.code === 'PLATFORM_CONFIG')).toBe(true);
    const job = (await h.gateway.queues.get('municipal').getJobs(['delayed']))[0]!;
    expect(job.attemptsMade).toBe(0);
    expect(h.sim.records().length).toBe(0);
  });

  it('retries exhausted → failed, with the last error kept for operators', async () => {
    const h = await start({ errorRate: 1 }, (r) => (r.targets[0].retry = { attempts: 3, baseMs: 50, capMs: 100, jitter: 0 }));
    const res = await h.post(body(batch(2, 'F')));
    await h.waitDelivered(2, 20_000);
    const rec = await h.get(`/v1/records/${res.json.results[0].recordId}`);
    expect(rec.json.deliveries[0]).toMatchObject({ state: 'failed', attempts: 3, lastErrorCode: 'RETRIES_EXHAUSTED' });
    expect(rec.json.deliveries[0].lastError).toMatch(/HTTP 5\d\d/);
    expect(rec.json.attempts).toHaveLength(3);
  });

  it('the sweeper re-enqueues deliveries whose jobs Redis lost', async () => {
    const h = await start({});
    // Stop the workers so the jobs wait, then wipe the queue as a Redis flush would.
    await Promise.all(h.gateway.workers.map((w) => w.pause()));
    await h.post(body(batch(12, 'S')));
    await h.gateway.queues.get('municipal').obliterate({ force: true });
    expect(await h.gateway.queues.get('municipal').count()).toBe(0);
    await Promise.all(h.gateway.workers.map((w) => w.resume()));
    await h.waitDelivered(12, 20_000);
    expect(h.sim.records().length).toBe(12);
    const swept = await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE job_id LIKE 'sweep-%'`);
    expect(swept.rows[0]!.n).toBe(12);
  });
});
