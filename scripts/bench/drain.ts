/** Bench 5: a backlog of pending deliveries (a platform outage has ended): time to drain, and the worker's peak memory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { dropRedisPrefix, uniqueName } from '../../test/helpers.ts';
import { penalty } from '../../test/records.ts';
import { CANONICAL_POST, freshSchema, rssOf, sleep, spawnGateway, spawnSimulator } from './util.ts';

export interface DrainResult {
  records: number;
  ingestSeconds: number;
  drainSeconds: number;
  recordsPerSecond: number;
  workerPeakRssMb: number;
}

export async function benchDrain(opts: { records: number }): Promise<DrainResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cgw-bench-drain-'));
  const schema = await freshSchema();
  const sim = await spawnSimulator();
  const prefix = uniqueName('cgwbench');
  // The outage: only the API runs while the backlog builds up.
  const api = await spawnGateway({ role: 'api', schema, simUrl: sim.url, prefix, dir });
  let worker: Awaited<ReturnType<typeof spawnGateway>> | undefined;
  try {
    const pool = new Pool(api.url, { connections: 4 });
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      [0, 1].map(async () => {
        while (next < opts.records) {
          const start = next;
          next += 500;
          const records = Array.from({ length: Math.min(500, opts.records - start) }, (_, k) => penalty(start + k, { data: { decisionNo: `灌应急罚〔2026〕DR${start + k}号` } }));
          const res = await pool.request({ method: 'POST', path: '/v1/submissions', headers: CANONICAL_POST, body: JSON.stringify({ records }) });
          const text = await res.body.text();
          if (res.statusCode !== 202) throw new Error(`ingest failed: ${res.statusCode} ${text.slice(0, 200)}`);
        }
      }),
    );
    const ingestSeconds = (performance.now() - t0) / 1000;
    await pool.close();
    const pending = (await schema.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE is_open AND state = 'pending'`)).rows[0]!.n;
    if (pending !== opts.records) throw new Error(`expected ${opts.records} pending deliveries, found ${pending}`);

    // The platform is back: start the worker and time the drain.
    const t1 = performance.now();
    worker = await spawnGateway({ role: 'worker', schema, simUrl: sim.url, prefix, dir });
    let peak = 0;
    for (;;) {
      peak = Math.max(peak, rssOf(worker.proc.pid!).rssMb);
      const n = (await schema.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state = 'delivered'`)).rows[0]!.n;
      if (n >= opts.records) break;
      await sleep(500);
    }
    // First push to last acknowledgement (worker start-up excluded), from the store's own timestamps.
    const span = await schema.db.query<{ s: number }>(`SELECT extract(epoch FROM (SELECT max(delivered_at) FROM deliveries) - (SELECT min(started_at) FROM push_attempts))::float8 AS s`);
    const drainSeconds = span.rows[0]?.s ?? (performance.now() - t1) / 1000;
    peak = Math.max(peak, rssOf(worker.proc.pid!).peakMb);
    return { records: opts.records, ingestSeconds, drainSeconds, recordsPerSecond: opts.records / drainSeconds, workerPeakRssMb: peak };
  } finally {
    await worker?.stop();
    await api.stop();
    await sim.stop();
    await dropRedisPrefix(prefix);
    await schema.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
