// The compiled gateway (`npm run build`, what `npm start` and the Docker image run with plain `node`,
// no TypeScript loader) starts against PostgreSQL and Redis and serves: the files it reads at run
// time (schemas/, config/, src/store/migrations/) are found from the bundle, the console's JSX
// renders, and bull-board (imported on first use) loads.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway } from '../scripts/build.ts';
import { DEMO_KEYS, dropRedisPrefix, freePort, PG_URL, REDIS_URL, testRawConfig, uniqueName } from './helpers.ts';
import { penalty } from './records.ts';

const ROOT = new URL('..', import.meta.url).pathname;
// Not dist/: a bench or `npm start` may be using that one. Inside the package so the bundle finds the package root and node_modules.
const OUT = `test-artifacts/build-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'cgw-build-'));
const schema = uniqueName('tbuild');
const prefix = uniqueName('cgwtest');

async function sql<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

describe('the compiled gateway (dist/main.js) runs under plain node', () => {
  let main = '';
  let proc: ChildProcess | undefined;
  let base = '';
  let stderr = '';

  beforeAll(async () => {
    const t0 = performance.now();
    main = await buildGateway(OUT);
    expect(performance.now() - t0).toBeLessThan(10_000);
    await sql(`CREATE SCHEMA ${schema}`);
  });

  afterAll(async () => {
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    rmSync(join(ROOT, OUT), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dropRedisPrefix(prefix);
  });

  it('--help', () => {
    return new Promise<void>((resolve, reject) => {
      const p = spawn(process.execPath, [main, '--help'], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d));
      p.once('error', reject);
      p.once('exit', (code) => {
        try {
          expect(code).toBe(0);
          expect(out).toContain('usage: npm start');
          resolve();
        } catch (e) {
          reject(e);
        }
      });
    });
  });

  it('starts with --role all on PostgreSQL: migrations applied, a record accepted, console and bull-board served, SIGTERM exits 0', async () => {
    const cfg = join(dir, 'config.json');
    writeFileSync(cfg, JSON.stringify(testRawConfig('http://127.0.0.1:9')));
    const port = await freePort();
    // From another directory, so nothing depends on the working directory either.
    proc = spawn(process.execPath, [main, '--role', 'all', '--config', cfg], {
      cwd: dir,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        DATA_DIR: dir,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr!.on('data', (d: Buffer) => (stderr += d));
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (up) break;
      if (proc.exitCode !== null || i > 200) throw new Error(`gateway did not come up (exit ${proc.exitCode}): ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8').split('\0').filter(Boolean)).toEqual([process.execPath, main, '--role', 'all', '--config', cfg]);

    // Migrations from src/store/migrations/, every one.
    const files = readdirSync(join(ROOT, 'src/store/migrations')).filter((f) => f.endsWith('.sql'));
    const applied = await sql<{ name: string }>(`SELECT name FROM ${schema}.schema_migrations`);
    expect(applied.map((r) => r.name).sort()).toEqual(files.sort());

    // Record schemas from schemas/.
    const s = await fetch(`${base}/v1/schemas/administrative-penalty`);
    expect(s.status).toBe(200);
    expect(((await s.json()) as { $id?: string }).$id).toBeTruthy();

    const post = await fetch(`${base}/v1/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_KEYS.canonical}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records: [penalty(1)] }),
    });
    expect(post.status, await post.clone().text()).toBe(202);

    // The console (hono/jsx) and, after a login, bull-board.
    const login = await fetch(`${base}/admin/login`);
    const html = await login.text();
    expect(login.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const pre = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('cgw_login='))!;
    const res = await fetch(`${base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre, origin: base },
      body: new URLSearchParams({ _csrf: csrf, username: 'ops-operator', password: 'demo-operator-pass' }).toString(),
    });
    expect(res.status).toBe(303);
    const session = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('cgw_session='))!;
    const board = await fetch(`${base}/admin/queues`, { headers: { cookie: session } });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('<div id="root">');
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { cookie: session } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name)).toContain('deliver-municipal');

    const exited = new Promise<number | null>((r) => proc!.once('exit', (code) => r(code)));
    proc.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
  });
});
