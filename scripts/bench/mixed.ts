/**
 * Bench 8: single-record POSTs while large submissions arrive (one department's 2,000-record package
 * after another), the gateway analysing large bodies in its API thread (INGEST_THREADS=0) or in an
 * ingest thread (the default). What a small department waits for behind a large one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { dropRedisPrefix, uniqueName } from '../../test/helpers.ts';
import { penalty } from '../../test/records.ts';
import { CANONICAL_POST, cpuMsOf, freshSchema, paced, pct, sleep, spawnGateway, spawnSimulator } from './util.ts';

export interface MixedResult {
  p50: number;
  p99: number;
  max: number;
  small: number;
  large: number;
  /** Records per second of the large submissions over the run. */
  largeRate: number;
  /** Gateway CPU (ms) per large-submission record, API process with its threads. */
  cpuPerLargeRecordMs: number;
}

export async function benchMixed(opts: { threads: number; seconds: number; rate: number; largeRecords: number }): Promise<MixedResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cgw-bench-mixed-'));
  const schema = await freshSchema();
  const sim = await spawnSimulator();
  const prefix = uniqueName('cgwbench');
  const gw = await spawnGateway({ role: 'api', schema, simUrl: sim.url, prefix, dir, env: { INGEST_THREADS: String(opts.threads) } });
  const pool = new Pool(gw.url, { connections: 32 });
  const tag = uniqueName('M');
  const small = (i: number) => JSON.stringify({ records: [penalty(i, { data: { decisionNo: `灌应急罚〔2026〕${tag}S${i}号` } })] });
  const large = (k: number) => JSON.stringify({ records: Array.from({ length: opts.largeRecords }, (_, i) => penalty(i, { data: { decisionNo: `灌应急罚〔2026〕${tag}L${k}x${i}号` } })) });
  const post = async (body: string) => {
    const res = await pool.request({ method: 'POST', path: '/v1/submissions', headers: CANONICAL_POST, body });
    await res.body.text();
    if (res.statusCode !== 202) throw new Error(`HTTP ${res.statusCode}`);
  };
  try {
    // Warm-up: both paths, JIT and connections (and the ingest thread started).
    for (let i = 0; i < 3; i++) await post(large(1_000_000 + i));
    await Promise.all(await paced(opts.rate, opts.rate * 2, (i) => post(small(1_000_000 + i))));
    await sleep(500);
    let done = false;
    let largeCount = 0;
    const cpu0 = cpuMsOf(gw.proc.pid!);
    const t0 = performance.now();
    // One large submission after another for the whole run, prepared ahead (the load generator's own work).
    const bodies = Array.from({ length: 8 }, (_, k) => large(k));
    const loader = (async () => {
      for (let k = 0; !done; k++) {
        if (k >= bodies.length) bodies.push(large(k));
        await post(bodies[k]!);
        largeCount++;
      }
    })();
    const latencies: number[] = [];
    const smalls = await paced(opts.rate, opts.rate * opts.seconds, (i) => {
      const s = performance.now();
      return post(small(i)).then(() => void latencies.push(performance.now() - s));
    }, t0);
    await Promise.all(smalls);
    done = true;
    await loader;
    const secs = (performance.now() - t0) / 1000;
    const cpu = cpuMsOf(gw.proc.pid!) - cpu0;
    return {
      p50: pct(latencies, 50), p99: pct(latencies, 99), max: pct(latencies, 100), small: latencies.length, large: largeCount,
      largeRate: (largeCount * opts.largeRecords) / secs, cpuPerLargeRecordMs: cpu / (largeCount * opts.largeRecords + latencies.length),
    };
  } finally {
    await pool.close();
    await gw.stop();
    await sim.stop();
    await dropRedisPrefix(prefix);
    await schema.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
