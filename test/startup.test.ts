import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cgw-start-'));

function start(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, env: { ...process.env, PORT: '0', DATA_DIR: dir, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stderr: r.stderr.trim(), stdout: r.stdout.trim() };
}

describe('npm start fails fast with one line naming what it could not reach', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Redis unreachable', () => {
    const r = start([], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cannot reach Redis at 127\.0\.0\.1:1\b/);
  });

  it('PostgreSQL unreachable', () => {
    const r = start([], { DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/test' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cannot reach PostgreSQL at 127\.0\.0\.1:1\/test\b/);
    expect(r.stderr).not.toContain('secret');
  });

  it('an invalid config lists every problem', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ departments: [{ id: 'Bad Id', name: 'x', adapter: 'nope', dataSource: { name: 'x', uscc: 'y' }, recordTypes: [] }], targets: [], routing: [] }));
    const r = start(['--config', file], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('configuration invalid');
    for (const p of ['/departments/0/id', '/departments/0/adapter', '/departments/0/dataSource/uscc', '/departments/0/recordTypes', '/targets']) expect(r.stderr).toContain(p);
  });

  it('routing to an unknown target and a missing secret are reported together', () => {
    const file = join(dir, 'bad2.json');
    writeFileSync(
      file,
      JSON.stringify({
        departments: [{ id: 'd1', name: 'x', adapter: 'canonical-json', dataSource: { name: 'x', uscc: '11320723MB1234567K' }, recordTypes: ['administrative-penalty'], apiKeys: [{ id: 'k', sha256: 'a'.repeat(64) }] }],
        targets: [{ id: 'mu', kind: 'municipal', baseUrl: 'http://127.0.0.1:9', token: { env: 'NO_SUCH_TOKEN_VAR' } }],
        routing: [{ recordTypes: ['administrative-penalty'], targets: ['nowhere'] }],
      }),
    );
    const r = start(['--config', file], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NO_SUCH_TOKEN_VAR is not set');
    expect(r.stderr).toContain('unknown target nowhere');
  });

  it('a bad DATABASE_POOL_SIZE is named, with the other environment problems', () => {
    const r = start([], { DATABASE_POOL_SIZE: '0', PORT: 'x' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('DATABASE_POOL_SIZE must be a whole number from 1 to 100, got 0');
    expect(r.stderr).toContain('PORT must be a port number, got x');
  });

  it('--role must be all, api or worker', () => {
    const r = start(['--role', 'both'], {});
    expect(r.code).toBe(2);
  });
});
