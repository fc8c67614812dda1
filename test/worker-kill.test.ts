import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, readEnv } from '../src/config/index.ts';
import { startGateway, type Gateway } from '../src/gateway.ts';
import { silentLogger } from '../src/util/logger.ts';
import { createMunicipalSimulator, type MunicipalSimulator } from '../simulators/municipal.ts';
import type { ListeningServer } from '../simulators/listen.ts';
import { dropRedisPrefix, freshPostgres, MUNICIPAL_TOKEN, PG_URL, REDIS_URL, testRawConfig, uniqueName } from './helpers.ts';
import { body, penalty } from './records.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const RECORDS = 400;

/**
 * The API runs here; delivery workers run as separate `npm start -- --role worker` processes that
 * are SIGKILLed mid-push and started again. Every record version must reach the simulator exactly once.
 */
describe('killing a worker mid-push loses nothing and delivers each version once', () => {
  let pgDrop: () => Promise<void>;
  let api: Gateway;
  let sim: MunicipalSimulator;
  let simServer: ListeningServer;
  let dir: string;
  let configPath: string;
  let dbUrl: string;
  const prefix = uniqueName('cgwkill');
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const pg = await freshPostgres();
    pgDrop = pg.drop;
    const schema = (await pg.db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    dbUrl = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    // Slow platform so that kills land while batches are in flight.
    sim = createMunicipalSimulator({ token: MUNICIPAL_TOKEN, latencyMs: 250, seed: 3 });
    simServer = await sim.listen(0);
    const raw = testRawConfig(simServer.url, (r) => {
      r.targets[0].batchSize = 20;
      r.targets[0].concurrency = 4;
    });
    dir = mkdtempSync(join(tmpdir(), 'cgw-kill-'));
    configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify(raw));
    const { config, warnings } = parseConfig(raw, {});
    api = await startGateway({ config, warnings, configPath, env: { ...readEnv({ REDIS_URL }), queuePrefix: prefix, port: 0, host: '127.0.0.1' } }, { db: pg.db, role: 'api', logger: silentLogger, port: 0 });
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await api?.close();
    await simServer?.close();
    await dropRedisPrefix(prefix);
    await pgDrop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'worker', '--config', configPath], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: dbUrl, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[worker ${child.pid}] ${d}`));
    children.push(child);
    return child;
  }

  async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
    const t0 = Date.now();
    while (!(await cond())) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const settled = async () => (await api.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state IN ('delivered', 'rejected', 'failed')`)).rows[0]!.n;

  it('SIGKILL twice during pushes, restart, and every version arrives exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < RECORDS; i += 100) {
      const batch = Array.from({ length: 100 }, (_, k) => penalty(i + k, { data: { decisionNo: `灌应急罚〔2026〕K${i + k}号` } }));
      const res = await fetch(`${api.url}/v1/submissions`, { method: 'POST', headers: { authorization: 'Bearer demo-canonical-key', 'content-type': 'application/json' }, body: body(batch) });
      const json = (await res.json()) as { accepted: number; results: Array<{ recordId: string }> };
      expect(json.accepted).toBe(100);
      ids.push(...json.results.map((r) => r.recordId));
    }

    for (let round = 1; round <= 2; round++) {
      const w = startWorker();
      const before = sim.stats().batches;
      // Kill while a batch is certainly in flight: the simulator holds each for 250 ms.
      await waitFor(() => sim.stats().batches >= before + 3 * round, 30_000, 'pushes to start');
      await new Promise((r) => setTimeout(r, 100));
      w.kill('SIGKILL');
      await new Promise((r) => w.once('exit', r));
    }
    const midway = await settled();
    expect(midway).toBeLessThan(RECORDS);

    startWorker();
    await waitFor(async () => (await settled()) >= RECORDS, 90_000, 'all deliveries to settle');

    const states = await api.db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM deliveries GROUP BY state');
    expect(states.rows).toEqual([{ state: 'delivered', n: RECORDS }]);
    const held = sim.records();
    expect(held.length).toBe(RECORDS);
    expect(new Set(held.map((r) => r.recordId))).toEqual(new Set(ids));
    // Exactly once per record version at the platform, never out of order.
    for (const r of held) expect(r.history.length).toBe(1);
    expect(sim.stats().outOfOrder).toBe(0);
    const stats = sim.stats();
    console.log(`worker-kill: ${RECORDS} records, ${stats.batches} batches pushed, ${stats.duplicates} duplicate records re-sent after kills and absorbed by (recordId, version), ${held.length} stored`);
  });

  it('SIGTERM lets a worker finish the batch it is pushing, hand back nothing half-done, and exit 0', async () => {
    // Only the worker started here may push: stop the previous test's.
    for (const c of children) if (c.exitCode === null && c.signalCode === null) {
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await gone;
    }
    const res = await fetch(`${api.url}/v1/submissions`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-canonical-key', 'content-type': 'application/json' },
      body: body(Array.from({ length: 60 }, (_, k) => penalty(k, { data: { decisionNo: `灌应急罚〔2026〕T${k}号` } }))),
    });
    expect(((await res.json()) as { accepted: number }).accepted).toBe(60);
    const w = startWorker();
    const before = sim.stats().batches;
    await waitFor(() => sim.stats().batches > before, 30_000, 'a push to start');
    w.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => w.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    // Whatever it had taken is finished (delivered) or back in the queue's hands (pending), never stuck in flight.
    const inFlight = await api.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state = 'in_flight'`);
    expect(inFlight.rows[0]!.n).toBe(0);
    startWorker();
    await waitFor(async () => (await settled()) >= RECORDS + 60, 60_000, 'the rest to be delivered');
    for (const r of sim.records()) expect(r.history.length).toBe(1);
  });
});
