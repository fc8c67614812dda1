import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/index.ts';
import { createMunicipalSimulator, type MunicipalSimulator } from '../../simulators/municipal.ts';
import { createProvincialSimulator, type ProvincialSimulator } from '../../simulators/provincial.ts';
import type { ListeningServer } from '../../simulators/listen.ts';
import { freePort, freshPostgres, MUNICIPAL_TOKEN, PG_URL, PROVINCIAL_SECRET, testRawConfig } from '../helpers.ts';
import { penalty } from '../records.ts';

/**
 * The fault-injection suite (issue 5). Two API and two worker processes on one PostgreSQL schema and
 * a Redis of their own; both platforms faulty (30% 5xx, 10% 429 with Retry-After, timeouts, 200 ms
 * latency); workers SIGKILLed at random, Redis restarted once and flushed once; then the faults are
 * cleared and the gateway's store is compared with what each simulator holds.
 * `npm run chaos` runs it alone; CHAOS_RECORDS sets the size (default 10,000).
 */
const N = Number(process.env.CHAOS_RECORDS ?? 10_000);
const UPDATES = Math.floor(N / 10);
const REVOKES = Math.floor(N / 50);
const ROOT = new URL('../..', import.meta.url).pathname;
const TIMEOUT_MS = 15 * 60_000;


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('chaos: every accepted version reaches both platforms exactly once, in order, whatever fails', () => {
  let db: Database;
  let dropSchema: () => Promise<void>;
  let dir: string;
  let redisPort: number;
  let redisProc: ChildProcess | undefined;
  let mun: MunicipalSimulator;
  let prov: ProvincialSimulator;
  let munServer: ListeningServer;
  let provServer: ListeningServer;
  const apis: Array<{ url: string; proc: ChildProcess }> = [];
  const workers: ChildProcess[] = [];
  let env: NodeJS.ProcessEnv;
  let configPath: string;
  const log: string[] = [];

  function startRedis(): Promise<void> {
    redisProc = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    return waitRedis();
  }
  async function waitRedis(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const r = new Redis(redisPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => undefined);
      try {
        await r.connect();
        await r.ping();
        r.disconnect();
        return;
      } catch {
        r.disconnect();
        await sleep(100);
      }
    }
    throw new Error('redis did not start');
  }
  function spawnGateway(role: 'api' | 'worker', port = 0): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', role, '--config', configPath], {
      cwd: ROOT,
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => {
      const line = d.toString().trim();
      if (line) log.push(`[${role} ${child.pid}] ${line.slice(0, 300)}`);
    });
    return child;
  }
  async function waitHttp(url: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) return;
      } catch {
        /* not yet */
      }
      await sleep(100);
    }
    throw new Error(`${url} did not come up`);
  }
  const openCount = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state IN ('pending', 'in_flight')`)).rows[0]!.n;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cgw-chaos-'));
    redisPort = await freePort();
    await startRedis();
    const pg = await freshPostgres();
    db = pg.db;
    dropSchema = pg.drop;
    const schema = (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    const faults = { latencyMs: 200, errorRate: 0.3, throttleRate: 0.1, timeoutRate: 0.02, hangMs: 2500 };
    mun = createMunicipalSimulator({ token: MUNICIPAL_TOKEN, seed: 5, ...faults });
    prov = createProvincialSimulator({ secret: PROVINCIAL_SECRET, seed: 6, receiptDelayMs: 100, ...faults });
    munServer = await mun.listen(0);
    provServer = await prov.listen(0);
    const raw = testRawConfig(
      munServer.url,
      (r) => {
        for (const t of r.targets) {
          t.batchSize = 100;
          t.concurrency = 4;
          t.timeoutMs = 1000;
          t.retry = { attempts: 60, baseMs: 200, capMs: 3000, jitter: 0.3 };
          t.circuitBreaker = { failureThreshold: 30, errorRatio: 0.9, window: 50, minSamples: 40, openMs: 1000, maxOpenMs: 4000 };
        }
        r.delivery = { sweepIntervalMs: 1000, leaseMs: 10_000, staleAfterMs: 3000, jobLockMs: 4000 };
        r.schedules = { nightly: null };
        r.lifecycle = { schedule: null };
        r.limits = { maxBodyBytes: 10 * 1024 * 1024, maxRecordsPerSubmission: 5000 };
      },
      provServer.url,
    );
    configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify(raw));
    env = {
      ...process.env,
      DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      QUEUE_PREFIX: 'chaos',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      apis.push({ url: `http://127.0.0.1:${port}`, proc: spawnGateway('api', port) });
    }
    for (let i = 0; i < 2; i++) workers.push(spawnGateway('worker'));
    await Promise.all(apis.map((a) => waitHttp(a.url)));
  }, 120_000);

  afterAll(async () => {
    for (const c of [...apis.map((a) => a.proc), ...workers]) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    redisProc?.kill('SIGKILL');
    await munServer?.close();
    await provServer?.close();
    await dropSchema?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${N} records (+${UPDATES} updates, ${REVOKES} revokes) through kills, a Redis restart and a flush`, async () => {
    const accepted = new Map<string, number>(); // recordId → highest accepted versionNo
    let api = 0;
    const post = async (records: unknown[]) => {
      for (let attempt = 0; ; attempt++) {
        const a = apis[api++ % apis.length]!;
        try {
          const res = await fetch(`${a.url}/v1/submissions`, { method: 'POST', headers: { authorization: 'Bearer demo-canonical-key', 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
          const json = (await res.json()) as { accepted: number; results: Array<{ status: string; recordId: string; versionNo: number }> };
          if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${JSON.stringify(json).slice(0, 200)}`);
          for (const r of json.results) if (r.status === 'accepted') accepted.set(r.recordId, Math.max(accepted.get(r.recordId) ?? 0, r.versionNo));
          return json;
        } catch (e) {
          if (attempt > 20) throw e;
          await sleep(500);
        }
      }
    };
    const rec = (i: number, over: Parameters<typeof penalty>[1] = {}) => penalty(i, { ...over, data: { decisionNo: `灌应急罚〔2026〕C${i}号`, ...over.data } });

    // Chaos runs beside the submissions.
    let chaosDone = false;
    const events: string[] = [];
    const chaos = (async () => {
      const killWorker = async (why: string) => {
        const i = Math.floor(Math.random() * workers.length);
        workers[i]!.kill('SIGKILL');
        events.push(`SIGKILL worker ${i} (${why})`);
        await sleep(700);
        workers[i] = spawnGateway('worker');
      };
      await sleep(3000);
      await killWorker('1st');
      await sleep(3000);
      redisProc!.kill('SIGKILL');
      events.push('Redis killed');
      await sleep(1000);
      await startRedis();
      events.push('Redis restarted (empty: it keeps nothing on disk)');
      await sleep(3000);
      await killWorker('2nd');
      await sleep(3000);
      const r = new Redis(redisPort, '127.0.0.1');
      await r.flushall();
      r.disconnect();
      events.push('Redis FLUSHALL');
      await sleep(3000);
      await killWorker('3rd');
      await sleep(2000);
      await killWorker('4th');
      chaosDone = true;
    })();

    for (let i = 0; i < N; i += 500) {
      const json = await post(Array.from({ length: Math.min(500, N - i) }, (_, k) => rec(i + k)));
      expect(json.accepted).toBe(Math.min(500, N - i));
    }
    // Second versions of some records, while their first versions are in flight or queued.
    for (let i = 0; i < UPDATES; i += 500) {
      await post(Array.from({ length: Math.min(500, UPDATES - i) }, (_, k) => rec((i + k) * 7 % N, { data: { fineAmountWan: '3', penaltyContent: '罚款人民币3万元（复核后变更）' } })));
    }
    // And revokes of others: a revoke must never be overtaken by an older upsert.
    await post(Array.from({ length: REVOKES }, (_, k) => rec(N - 1 - k * 3, { operation: 'revoke' })));
    await chaos;
    expect(chaosDone).toBe(true);

    mun.setFaults({ latencyMs: 0, errorRate: 0, throttleRate: 0, timeoutRate: 0 });
    prov.setFaults({ latencyMs: 0, errorRate: 0, throttleRate: 0, timeoutRate: 0 });
    events.push('faults cleared');
    const t0 = Date.now();
    while ((await openCount()) > 0) {
      if (Date.now() - t0 > TIMEOUT_MS) throw new Error(`${await openCount()} deliveries still open; log:\n${log.slice(-20).join('\n')}`);
      await sleep(500);
    }

    // Compare the store with each platform.
    const summary: Record<string, Record<string, number>> = {};
    for (const [target, sim] of [['municipal', mun], ['provincial', prov]] as const) {
      const rows = await db.query<{ record_id: string; version_no: number; state: string }>(`SELECT record_id, version_no, state FROM deliveries WHERE target = $1`, [target]);
      const byRecord = new Map<string, Array<{ v: number; state: string }>>();
      for (const r of rows.rows) byRecord.set(r.record_id, [...(byRecord.get(r.record_id) ?? []), { v: r.version_no, state: r.state }]);
      const states: Record<string, number> = {};
      for (const r of rows.rows) states[r.state] = (states[r.state] ?? 0) + 1;
      let exactlyOnce = 0;
      let lost = 0;
      let duplicated = 0;
      let outOfOrder = 0;
      for (const [recordId, latestAccepted] of accepted) {
        const ours = byRecord.get(recordId) ?? [];
        const held = sim.record(recordId);
        const history = held?.history.map((h) => h.versionNo ?? 0) ?? [];
        const delivered = ours.filter((o) => o.state === 'delivered').map((o) => o.v).sort((a, b) => a - b);
        // Every version we delivered is in the platform's history exactly once; the history is ordered.
        for (const v of delivered) {
          const n = history.filter((h) => h === v).length;
          if (n === 1) exactlyOnce++;
          else if (n === 0) lost++;
          else duplicated++;
        }
        for (let i = 1; i < history.length; i++) if (history[i]! <= history[i - 1]!) outOfOrder++;
        // The newest accepted version is delivered; every older one is delivered or superseded.
        expect(delivered.at(-1), `${target} ${recordId}`).toBe(latestAccepted);
        for (const o of ours) expect(['delivered', 'superseded'], `${target} ${recordId} v${o.v}`).toContain(o.state);
        expect(held?.versionNo, `${target} holds the newest version of ${recordId}`).toBe(latestAccepted);
      }
      expect(lost).toBe(0);
      expect(duplicated).toBe(0);
      expect(outOfOrder).toBe(0);
      expect(sim.stats().outOfOrder).toBe(0);
      summary[target] = { records: accepted.size, ...states, exactlyOnce, lost, duplicated, outOfOrder, duplicatePushesAbsorbed: sim.stats().duplicates, platformRequests: sim.stats().requests, faults5xx: sim.stats().faults.errors, faults429: sim.stats().faults.rateLimited, faultsTimeout: sim.stats().faults.timeouts };
    }
    const versions = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM record_versions')).rows[0]!.n;
    console.log(`chaos: ${accepted.size} records, ${versions} accepted versions; events: ${events.join('; ')}`);
    for (const [t, s] of Object.entries(summary)) console.log(`chaos ${t}: ${JSON.stringify(s)}`);
  }, TIMEOUT_MS + 120_000);
});
