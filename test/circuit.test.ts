import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { CircuitBreaker, CLOSED_TRUST_MS } from '../src/delivery/index.ts';
import { dropRedisPrefix, REDIS_URL, uniqueName, useHarness } from './helpers.ts';
import { body, penalty } from './records.ts';

const policy = { failureThreshold: 3, errorRatio: 0.5, window: 10, minSamples: 6, openMs: 1000, maxOpenMs: 4000 };

describe('CircuitBreaker (state in Redis, shared by workers)', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniqueName('cb');
  let clock = 1_000_000;
  const cb = (target: string) => new CircuitBreaker(redis, prefix, target, policy, () => clock);
  afterAll(async () => {
    await dropRedisPrefix(prefix);
    redis.disconnect();
  });

  it('opens after N consecutive failures, half-opens for exactly one probe, closes on success', async () => {
    const a = cb('t1');
    const b = cb('t1'); // another worker process, same circuit
    expect(await a.onFailure()).toBe(false);
    expect(await a.onFailure()).toBe(false);
    expect(await b.onFailure()).toBe(true);
    expect((await a.status()).state).toBe('open');
    expect(await b.admit()).toEqual({ allowed: false, waitMs: 1000 });
    clock += 1000;
    expect((await a.status()).state).toBe('half_open');
    expect(await a.admit()).toEqual({ allowed: true, probe: true });
    expect((await b.admit()).allowed).toBe(false);
    await a.onSuccess();
    expect((await b.status()).state).toBe('closed');
    expect(await b.admit()).toEqual({ allowed: true, probe: false });
  });

  it('a failed probe opens it again for twice as long, capped', async () => {
    const a = cb('t2');
    for (let i = 0; i < 3; i++) await a.onFailure();
    for (const expected of [2000, 4000, 4000]) {
      clock += 5000;
      expect((await a.admit()).allowed).toBe(true);
      expect(await a.onFailure()).toBe(true);
      expect((await a.status()).openMs).toBe(expected);
    }
    await a.reset();
    expect((await a.status()).state).toBe('closed');
  });

  it('a process trusts its own sight of a closed circuit for CLOSED_TRUST_MS, and no longer after a failure of its own', async () => {
    const long = { ...policy, openMs: 5000 };
    const a = new CircuitBreaker(redis, prefix, 't4', long, () => clock);
    const b = new CircuitBreaker(redis, prefix, 't4', long, () => clock);
    expect(await b.admit()).toEqual({ allowed: true, probe: false }); // b saw it closed in Redis
    for (let i = 0; i < 3; i++) await a.onFailure();
    expect((await a.status()).state).toBe('open');
    expect((await a.admit()).allowed).toBe(false);
    clock += CLOSED_TRUST_MS - 1;
    expect((await b.admit()).allowed).toBe(true); // seen at most CLOSED_TRUST_MS late
    clock += 1;
    expect(await b.admit()).toEqual({ allowed: false, waitMs: long.openMs - CLOSED_TRUST_MS });
    await a.reset();
    expect((await b.admit()).allowed).toBe(true);
    await b.onFailure(); // its own failure: ask Redis at the next push
    for (let i = 0; i < 2; i++) await a.onFailure();
    expect((await b.admit()).allowed).toBe(false);
  });

  it('opens on the error ratio over the window even without a consecutive run', async () => {
    const a = cb('t3');
    let opened = false;
    for (let i = 0; i < 8 && !opened; i++) {
      opened = await a.onFailure();
      if (!opened) await a.onSuccess();
    }
    // success/failure alternating: 50% once minSamples (6) are in
    expect(opened).toBe(true);
    const s = await a.status();
    expect(s.state).toBe('open');
    expect(s.recentSamples).toBeGreaterThanOrEqual(6);
  });
});

describe('circuit breaker in delivery: a failing platform stops receiving pushes, then recovers', () => {
  const harness = useHarness();

  it('open → no pushes → faults cleared → probe → everything delivered, attempts not burnt', async () => {
    const h = await harness({
      sim: { errorRate: 1 },
      patch: (r) => {
        r.targets[0].batchSize = 5;
        r.targets[0].retry = { attempts: 20, baseMs: 50, capMs: 100, jitter: 0 };
        r.targets[0].circuitBreaker = { failureThreshold: 3, openMs: 1500, maxOpenMs: 3000 };
      },
    });
    await h.post(body(Array.from({ length: 30 }, (_, i) => penalty(i, { data: { decisionNo: `CB${i}` } }))));
    const circuit = h.gateway.circuits.get('municipal')!;
    const t0 = Date.now();
    while ((await circuit.status()).state !== 'open') {
      if (Date.now() - t0 > 10_000) throw new Error('circuit never opened');
      await new Promise((r) => setTimeout(r, 20));
    }
    const requestsAtOpen = h.sim.stats().requests;
    await new Promise((r) => setTimeout(r, 1000));
    // While open nobody pushes (a request already in flight when it opened may still land).
    expect(h.sim.stats().requests - requestsAtOpen).toBeLessThanOrEqual(4);
    h.sim.setFaults({ errorRate: 0 });
    await h.waitDelivered(30, 30_000);
    expect((await circuit.status()).state).toBe('closed');
    expect(h.sim.records().length).toBe(30);
    const failed = await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state <> 'delivered'`);
    expect(failed.rows[0]!.n).toBe(0);
  });
});
