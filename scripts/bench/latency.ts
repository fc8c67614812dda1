/** Bench 4 and 7: single-record POST latency at a steady 200 requests/s, and the gateway's memory idle and under that load. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { dropRedisPrefix, uniqueName } from '../../test/helpers.ts';
import { penalty } from '../../test/records.ts';
import { openDeliveryCount } from '../../src/store/index.ts';
import { CANONICAL_POST, cpuMsOf, freshSchema, machineCpu, machineShares, paced, pct, postgresCpuMs, processCpuMs, rssOf, sleep, spawnGateway, spawnSimulator } from './util.ts';

export interface LatencyResult {
  rate: number;
  sent: number;
  ok: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  idleRssMb: number;
  loadedPeakRssMb: number;
  /** From the last answer until every delivery was acknowledged (NaN: not within 60 s). */
  drainedAfterMs: number;
  /** CPU per request (ms) over the load, by process: gateway (API and worker), PostgreSQL, Redis, simulator, load generator. */
  cpuPerRequestMs: { gateway: number; postgres: number; redis: number; simulator: number; load: number };
  /** Busy share of the machine's CPUs over the load (0–1), from /proc/stat, the hypervisor's steal included. */
  machineBusy: number;
  /** The share the hypervisor took (steal: the virtual CPUs had work and did not run). */
  machineSteal: number;
}

/** Open-loop load: a request every 1000/rate ms whatever the answers do, so queueing shows in the latency. */
export async function benchLatency(opts: { rate: number; seconds: number; topology: 'one-process' | 'api-and-worker' }): Promise<LatencyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cgw-bench-lat-'));
  const schema = await freshSchema();
  const sim = await spawnSimulator();
  const prefix = uniqueName('cgwbench');
  // One process (API and delivery workers on one event loop), or the deployment of docker-compose:
  // an API process and a worker process.
  const split = opts.topology === 'api-and-worker';
  const gw = await spawnGateway({ role: split ? 'api' : 'all', schema, simUrl: sim.url, prefix, dir });
  const worker = split ? await spawnGateway({ role: 'worker', schema, simUrl: sim.url, prefix, dir }) : null;
  try {
    await sleep(3000);
    const idle = rssOf(gw.proc.pid!);
    const pool = new Pool(gw.url, { connections: 64 });
    const body = (i: number) => JSON.stringify({ records: [penalty(i, { data: { decisionNo: `灌应急罚〔2026〕LAT${i}号` } })] });
    // Warm-up: JIT, then two seconds at the measured rate, so the gateway's connection pools (PostgreSQL
    // backends, each with its prepared statements and catalog caches) have grown to what that load
    // needs (sequential warm-up requests open one connection; the first second of load then opened the
    // rest and read up to 430 ms on this machine kind).
    const post = (i: number) => pool.request({ method: 'POST', path: '/v1/submissions', headers: CANONICAL_POST, body: body(i) });
    for (let i = 0; i < 100; i++) await (await post(1_000_000 + i)).body.text();
    await Promise.all(await paced(opts.rate, opts.rate * 2, (i) => post(2_000_000 + i).then((r) => r.body.text())));
    await sleep(500);
    const latencies: number[] = [];
    let ok = 0;
    let errors = 0;
    const total = opts.rate * opts.seconds;
    const t0 = performance.now();
    let peak = idle.peakMb;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(gw.proc.pid!).rssMb)), 250);
    const cpuNow = () => ({
      gateway: cpuMsOf(gw.proc.pid!) + (worker ? cpuMsOf(worker.proc.pid!) : 0), postgres: postgresCpuMs(), redis: processCpuMs('redis-server'), simulator: cpuMsOf(sim.proc.pid!),
      load: (({ user, system }) => (user + system) / 1000)(process.cpuUsage()), machine: machineCpu(),
    });
    const cpu0 = cpuNow();
    // BENCH_LATENCY_TRACE=file: each request's start (ms into the load) and latency, for finding stalls,
    // and the load's start as a Unix time in ms, to line them up with other samples (/proc/stat).
    const trace: Array<[number, number]> | undefined = process.env.BENCH_LATENCY_TRACE ? [] : undefined;
    const inflight = await paced(opts.rate, total, (i) => {
      const start = performance.now();
      return post(i).then(async (res) => {
        await res.body.text();
        latencies.push(performance.now() - start);
        trace?.push([Math.round(start - t0), Math.round(performance.now() - start)]);
        if (res.statusCode === 202) ok++;
        else errors++;
      }, () => {
        errors++;
      });
    }, t0);
    await Promise.all(inflight);
    const secs = (performance.now() - t0) / 1000;
    if (trace) writeFileSync(`${process.env.BENCH_LATENCY_TRACE}.${opts.topology}.json`, JSON.stringify({ startedAtEpochMs: Math.round(performance.timeOrigin + t0), requests: trace.sort((a, b) => a[0] - b[0]) }));
    const cpu1 = cpuNow();
    const per = (k: 'gateway' | 'postgres' | 'redis' | 'simulator' | 'load') => (cpu1[k] - cpu0[k]) / total;
    const cpuPerRequestMs = { gateway: per('gateway'), postgres: per('postgres'), redis: per('redis'), simulator: per('simulator'), load: per('load') };
    const { busy: machineBusy, steal: machineSteal } = machineShares(cpu0.machine, cpu1.machine);
    // The workers must keep up: time from the last answer until every delivery is acknowledged.
    const tEnd = performance.now();
    let backlog = -1;
    for (let i = 0; i < 600; i++) {
      backlog = await openDeliveryCount(schema.db);
      if (backlog === 0) break;
      await sleep(100);
    }
    const drainedAfterMs = backlog === 0 ? performance.now() - tEnd : Number.NaN;
    clearInterval(sampler);
    await pool.close();
    return { rate: total / secs, sent: total, ok, errors, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), max: pct(latencies, 100), idleRssMb: idle.rssMb, loadedPeakRssMb: peak, drainedAfterMs, cpuPerRequestMs, machineBusy, machineSteal };
  } finally {
    await gw.stop();
    await worker?.stop();
    await sim.stop();
    await dropRedisPrefix(prefix);
    await schema.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs benchLatency in a fresh child process (scripts/bench/latency-child.ts) and returns its result. */
export async function benchLatencyIsolated(opts: { seconds: number; topology: 'one-process' | 'api-and-worker' }): Promise<LatencyResult> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/bench/latency-child.ts', opts.topology, String(opts.seconds)], {
    cwd: new URL('../..', import.meta.url).pathname,
    maxBuffer: 1 << 20,
  });
  const line = stdout.trim().split('\n').at(-1)!;
  return JSON.parse(line, (_k, v: unknown) => (v === null ? Number.NaN : v)) as LatencyResult;
}
