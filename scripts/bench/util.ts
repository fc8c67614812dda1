/** Shared pieces of the benchmark sections: child processes, fresh schemas, percentiles, RSS. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgres, migrate, type Database } from '../../src/store/index.ts';
import { freePort, testRawConfig, uniqueName, MUNICIPAL_TOKEN } from '../../test/helpers.ts';
import { buildGateway } from '../build.ts';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Headers of a canonical-JSON submission by the demo county bureau (config/example.yaml). */
export const CANONICAL_POST = { authorization: 'Bearer demo-canonical-key', 'content-type': 'application/json' } as const;

/** Open loop: send(i) for i < n at `rate` per second from t0, whatever the answers do; their promises. */
export async function paced<T>(rate: number, n: number, send: (i: number) => Promise<T>, t0 = performance.now()): Promise<Array<Promise<T>>> {
  const out: Array<Promise<T>> = [];
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    out.push(send(i));
  }
  return out;
}

export function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
}

export { freePort } from '../../test/helpers.ts';

/** Resident set size now and at its peak (VmHWM) of a process, in MB, from /proc. */
export function rssOf(pid: number): { rssMb: number; peakMb: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(s.match(new RegExp(`${k}:\\s+(\\d+)`))?.[1] ?? 0);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return { rssMb: 0, peakMb: 0 };
  }
}

/** utime + stime (and, with `children`, cutime + cstime) of a /proc/<pid>/stat line, in milliseconds (100 ticks/s). */
function statCpuMs(stat: string, children: boolean): number {
  const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  return ticks * (1000 / 100);
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc. */
export function cpuMsOf(pid: number): number {
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'), false);
  } catch {
    return 0;
  }
}

/**
 * CPU time used so far by every PostgreSQL process on this machine (live backends, plus exited
 * ones through the postmaster's children counters), in milliseconds. Compare two readings taken
 * while the connections of interest stay open.
 */
export function postgresCpuMs(): number {
  return processCpuMs('postgres', true);
}

/** CPU time used so far by every process whose command is `comm` (and, with `children`, their exited children), in ms. */
export function processCpuMs(comm: string, children = false): number {
  let ms = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const raw = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (raw.startsWith(`${d} (${comm})`)) ms += statCpuMs(raw, children);
    } catch {
      /* gone */
    }
  }
  return ms;
}

/**
 * The machine's CPU time so far from /proc/stat (clock ticks), all CPUs: busy (steal included), total,
 * and steal: time the hypervisor gave this VM's virtual CPUs to someone else while they had work.
 */
export function machineCpu(): { busy: number; total: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice: guest time is already in user.
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total, steal: f[7] ?? 0 };
}

/** Busy and steal shares of the machine's CPUs between two machineCpu() readings (0–1). */
export function machineShares(a: ReturnType<typeof machineCpu>, b: ReturnType<typeof machineCpu>): { busy: number; steal: number } {
  const total = b.total - a.total;
  return total > 0 ? { busy: (b.busy - a.busy) / total, steal: (b.steal - a.steal) / total } : { busy: 0, steal: 0 };
}

/** Runs `run` n times (k = 0…n-1) and keeps the result with the highest `score`: these shared machines swing from run to run. */
export async function bestOf<T>(n: number, run: (k: number) => Promise<T>, score: (t: T) => number): Promise<T> {
  let best: T | undefined;
  for (let k = 0; k < n; k++) {
    const r = await run(k);
    if (best === undefined || score(r) > score(best)) best = r;
  }
  return best!;
}

export interface Schema {
  db: Database;
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL schema, migrated, with a DATABASE_URL that selects it for child processes. */
export async function freshSchema(): Promise<Schema> {
  const name = uniqueName('bench');
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${name}`);
  await c.end();
  const db = await openPostgres({ url: PG_URL, schema: name, max: 8 });
  await migrate(db);
  return {
    db, name,
    url: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${name}`)}`,
    async drop() {
      await db.close();
      const d = new pg.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`DROP SCHEMA ${name} CASCADE`);
      await d.end();
    },
  };
}

export interface Child {
  proc: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

function track(proc: ChildProcess, what: string): void {
  proc.stderr?.on('data', (d: Buffer) => {
    const line = d.toString().trim();
    if (line && process.env.BENCH_VERBOSE) console.error(`[${what}] ${line.slice(0, 300)}`);
  });
}

async function waitHttp(url: string, path: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}${path}`)).status < 500) return;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  throw new Error(`${url} did not come up`);
}

function stopper(proc: ChildProcess): () => Promise<void> {
  return async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
}

/** The municipal simulator as its own process (`npm run simulator`), so it does not share our event loop. */
export async function spawnSimulator(flags: string[] = []): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'simulators/cli.ts', '--platform', 'municipal', '--port', String(port), '--token', MUNICIPAL_TOKEN, ...flags], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  track(proc, 'simulator');
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(url, '/__sim/stats');
  return { proc, url, stop: stopper(proc) };
}

let built: Promise<string> | undefined;

/** The compiled gateway (`npm run build`, dist/main.js), built once per bench run so it is never stale. */
export function builtGateway(): Promise<string> {
  return (built ??= buildGateway());
}

/**
 * A gateway process as production runs it (`npm start`: plain `node dist/main.js`, no TypeScript
 * loader) on a schema and a fresh queue prefix, pointed at the simulator.
 */
/**
 * The gateway's configuration in every bench: the example config pointed at the simulator, push
 * concurrency 8, patient retries, no nightly or lifecycle runs, limits no bench reaches.
 */
export function benchRawConfig(simUrl: string, patch?: (raw: Record<string, any>) => void): Record<string, any> {
  return testRawConfig(simUrl, (r) => {
    r.targets[0].retry = { attempts: 12, baseMs: 500, capMs: 10_000, jitter: 0.3 };
    r.targets[0].concurrency = 8;
    r.delivery = { sweepIntervalMs: 30_000, leaseMs: 120_000, staleAfterMs: 600_000, jobLockMs: 30_000 };
    r.schedules = { nightly: null };
    r.lifecycle = { schedule: null };
    r.limits = { maxBodyBytes: 20 * 1024 * 1024, maxRecordsPerSubmission: 5000, requestsPerMinute: 10_000_000 };
    patch?.(r);
  });
}

export async function spawnGateway(opts: { role: 'all' | 'api' | 'worker'; schema: Schema; simUrl: string; prefix: string; dir: string; patch?: (raw: Record<string, any>) => void; env?: Record<string, string> }): Promise<Child> {
  const raw = benchRawConfig(opts.simUrl, opts.patch);
  const configPath = join(opts.dir, `config-${opts.role}-${Date.now()}.json`);
  writeFileSync(configPath, JSON.stringify(raw));
  const port = opts.role === 'worker' ? 0 : await freePort();
  const main = await builtGateway();
  // BENCH_GATEWAY_NODE_ARGS: extra Node flags for the gateway processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = process.env.BENCH_GATEWAY_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proc = spawn(process.execPath, [...nodeArgs, main, '--role', opts.role, '--config', configPath], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: opts.schema.url, REDIS_URL, QUEUE_PREFIX: opts.prefix, LOG_LEVEL: 'error', PORT: String(port), HOST: '127.0.0.1', ...opts.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  track(proc, `gateway ${opts.role}`);
  const url = `http://127.0.0.1:${port}`;
  if (opts.role !== 'worker') await waitHttp(url, '/healthz');
  else await sleep(3000);
  return { proc, url, stop: stopper(proc) };
}
