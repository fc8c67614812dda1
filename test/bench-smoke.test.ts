// The benchmark at tiny sizes (`npm run bench -- --quick`), so it cannot rot unnoticed: it must run to
// the end and print every figure of the sections it ran. Timing is never asserted.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

function runBench(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => resolve({ code, out }));
  });
}

describe('npm run bench -- --quick', () => {
  it('runs validation, formats, the ingest thread hand-off, ingest, delivery and the mixed load (compiled ingest thread) to the end and prints each figure beside its baseline', async () => {
    const { code, out } = await runBench(['--quick', '--only', 'validation,formats,threads,ingest,mixed,drain']);
    expect(code, out.slice(-2000)).toBe(0);
    const rows = out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| measure') && !l.startsWith('|---'));
    const named = (prefix: string) => rows.find((r) => r.startsWith(`| ${prefix}`));
    for (const adapter of ['canonical-json', 'park-xml', 'safety-bureau-json', 'industry-csv', 'hr-arrears-json']) {
      expect(named(`${adapter}: adapter + validation`), adapter).toMatch(/records\/s \| [\d,]+ records\/s bare [\w.-]+ \| [+-]\d+% \|/);
    }
    expect(named('API thread per 200-record body, analysed in an ingest thread')).toMatch(/\| [\d.]+ ms \| [\d.]+ ms analysing it in the API thread \| \d+% \|/);
    // The bare writers with as many statements in flight as the gateway's submissions; the one-at-a-time INSERT beside it.
    expect(named('accepted records/s')).toMatch(/\| [\d,]+ \| [\d,]+ rows\/s multi-row INSERT, 4 in flight as the gateway \| \d+% \| one INSERT at a time: [\d,]+ rows\/s \(\d+%\)/);
    expect(named('accepted records/s against the same rows in the gateway\'s tables')).toMatch(/\| [\d,]+ \| [\d,]+ records\/s bare write of submission, record, version, delivery, 4 in flight \| \d+% \|/);
    // The first ratio's ceiling: the gateway's rows written bare, against the INSERT.
    expect(named('the same rows in the gateway\'s tables, written bare, against the INSERT')).toMatch(/\| [\d,]+ \| [\d,]+ rows\/s multi-row INSERT \| \d+% \|/);
    expect(named('ingest CPU per record')).toMatch(/\d+ µs \/ \d+ µs/);
    // Where that ceiling comes from: PostgreSQL's CPU for each part of those rows.
    expect(named('PostgreSQL CPU per record for the gateway\'s rows written bare')).toMatch(/\| \d+ µs \| \d+ µs for the one-table INSERT \|  \| raw body -?\d+ µs, version -?\d+ µs, delivery -?\d+ µs, record indexes -?\d+ µs/);
    expect(named('delivered records/s')).toMatch(/\| [\d,]+ \| [\d,]+ records\/s undici push \| \d+% \|/);
    expect(named('delivered records/s against a bare outbox loop')).toMatch(/\| [\d,]+ \| [\d,]+ records\/s bare outbox \(claim 100 with their bodies, push, mark delivered\) \| \d+% \| bare CPU per record: bench process \d+ µs, PostgreSQL \d+ µs, simulator \d+ µs/);
    expect(named('delivery CPU per record')).toMatch(/\d+ µs \/ \d+ µs \/ \d+ µs/);
    expect(named('backlog drain')).toMatch(/records\/s/);
    for (const where of ['analysed in the API thread', 'large bodies in an ingest thread']) {
      expect(named(`POST latency, 1 record, beside large submissions, ${where}`), where).toMatch(/p50 [\d.]+ ms, p99 [\d.]+ ms .* \d+ large submissions/);
    }
  }, 300_000);
});
