/**
 * Bench 6: reconciliation of N records against the municipal simulator. The store is seeded in SQL
 * (records delivered there) and the simulator through its own API, with 0.1% of the records left out
 * of the platform so the run has something to find; the run itself is a separate process.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { Pool } from 'undici';
import { MUNICIPAL_TOKEN } from '../../test/helpers.ts';
import { freshSchema, ROOT, spawnSimulator } from './util.ts';

const run = promisify(execFile);

export interface ReconcileResult {
  records: number;
  seconds: number;
  peakRssMb: number;
  missingFound: number;
  missingExpected: number;
  simulatorPeakNote: string;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

export async function benchReconcile(opts: { records: number }): Promise<ReconcileResult> {
  const n = opts.records;
  const schema = await freshSchema();
  const sim = await spawnSimulator(['--max-batch', '5000']);
  try {
    // The gateway's side: N records with one delivered version each, generated in SQL.
    await schema.db.query(
      `INSERT INTO records (id, record_key, record_type, department_id, subject_name, subject_id, current_version_no, current_version, operation)
       SELECT md5('r' || i)::uuid, 'k' || i, 'commendation', 'bench', '企业' || i, 'S' || i, 1, md5('v' || i), 'upsert' FROM generate_series(1, $1) AS i`,
      [n],
    );
    await schema.db.query(
      `INSERT INTO record_versions (record_id, version_no, version, operation, body, submission_id, result_index)
       SELECT md5('r' || i)::uuid, 1, md5('v' || i), 'upsert', '{}'::json, '00000000-0000-0000-0000-000000000000', 0 FROM generate_series(1, $1) AS i`,
      [n],
    );
    await schema.db.query(
      `INSERT INTO deliveries (record_id, version_no, target, state, created_at, delivered_at)
       SELECT md5('r' || i)::uuid, 1, 'municipal', 'delivered', now() - interval '1 hour', now() FROM generate_series(1, $1) AS i`,
      [n],
    );
    await schema.db.query('ANALYZE');
    // The platform's side: the same records, minus every 1000th.
    const pool = new Pool(sim.url, { connections: 4 });
    let missing = 0;
    for (let start = 1; start <= n; start += 5000) {
      const records = [];
      for (let i = start; i < Math.min(start + 5000, n + 1); i++) {
        if (i % 1000 === 0) {
          missing++;
          continue;
        }
        records.push({ recordId: uuidOf(md5(`r${i}`)), version: md5(`v${i}`), versionNo: 1, recordType: 'commendation', operation: 'upsert', subject: { name: `企业${i}` }, data: {} });
      }
      const res = await pool.request({ method: 'POST', path: '/api/v1/credit-records', headers: { authorization: `Bearer ${MUNICIPAL_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ batchId: `seed-${start}`, records }) });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`seeding the simulator failed: ${res.statusCode} ${text.slice(0, 200)}`);
    }
    await pool.close();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/bench/reconcile-child.ts', sim.url, schema.name], { cwd: ROOT, maxBuffer: 1 << 20, timeout: 30 * 60_000 });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as { ms: number; peakRssMb: number; counts: { missing: number } };
    return { records: n, seconds: out.ms / 1000, peakRssMb: out.peakRssMb, missingFound: out.counts.missing, missingExpected: missing, simulatorPeakNote: 'simulator in its own process' };
  } finally {
    await sim.stop();
    await schema.drop();
  }
}
