// The signing scheme itself (issue 8): canonical query, the README's test vector, and the README's
// Node and curl/openssl recipes run verbatim against a live gateway.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalQuery, percentEncode, sha256Hex, signatureMatches, signRequest, stringToSign } from '../../src/http/security/signing.ts';
import { freshPostgres, startHarness, type Harness } from '../helpers.ts';
import { SIGNED } from './helpers.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(README.indexOf('## Security / request signing'), README.indexOf('\n## ', README.indexOf('## Security / request signing') + 5));

describe('canonical query', () => {
  it.each([
    ['', ''],
    ['?', ''],
    ['?dryRun=true', 'dryRun=true'],
    ['?b=2&a=1', 'a=1&b=2'],
    ['?a=2&a=1&a=10', 'a=1&a=10&a=2'],
    ['?flag', 'flag='],
    ['?q=a+b', 'q=a%20b'],
    ['?q=a%20b', 'q=a%20b'],
    ['?q=%E7%81%8C%E4%BA%91', 'q=%E7%81%8C%E4%BA%91'],
    ['?q=灌云', 'q=%E7%81%8C%E4%BA%91'],
    ["?q=!'()*~-._", 'q=%21%27%28%29%2A~-._'],
    ['?%61=1', 'a=1'],
    ['?B=1&a=1', 'B=1&a=1'],
    ['?q=%2B%26%3D', 'q=%2B%26%3D'],
  ])('%s → %s', (query, canonical) => {
    expect(canonicalQuery(query)).toBe(canonical);
  });

  it('percent-encodes everything but the RFC 3986 unreserved characters', () => {
    expect(percentEncode("AZaz09-._~ !*'()/?#[]@$&+,;=%")).toBe('AZaz09-._~%20%21%2A%27%28%29%2F%3F%23%5B%5D%40%24%26%2B%2C%3B%3D%25');
  });
});

describe('the README test vector', () => {
  const body = '{"records":[]}';
  const url = '/v1/submissions?dryRun=true&note=%E7%81%8C%E4%BA%91+A';
  const expected = '1045bd6044fa9f0b21ea9e38c1bf8bba218581082771ff3a726086cc8c8e53bf';

  it('the library produces it, and the README quotes it', () => {
    const h = signRequest({ secret: SIGNED.secret, department: SIGNED.department, method: 'post', url, body, timestamp: 1767225600, nonce: 'k3J9x0VqT2mZ8bYw' });
    expect(h['x-signature']).toBe(expected);
    expect(SECTION).toContain(expected);
    const text = stringToSign({ method: 'POST', path: '/v1/submissions', query: '?dryRun=true&note=%E7%81%8C%E4%BA%91+A', timestamp: '1767225600', nonce: 'k3J9x0VqT2mZ8bYw', bodySha256: sha256Hex(body) });
    expect(text.split('\n')).toEqual(['POST', '/v1/submissions', 'dryRun=true&note=%E7%81%8C%E4%BA%91%20A', '1767225600', 'k3J9x0VqT2mZ8bYw', sha256Hex(body)]);
    expect(signatureMatches([SIGNED.secret], text, expected)).toBe(true);
    expect(signatureMatches([SIGNED.secret], text, expected.toUpperCase())).toBe(true);
    expect(signatureMatches(['another-secret', SIGNED.secret], text, expected)).toBe(true);
    expect(signatureMatches(['another-secret'], text, expected)).toBe(false);
    expect(signatureMatches([SIGNED.secret], text, expected.slice(0, 62))).toBe(false);
  });

  it('openssl agrees', async () => {
    const script = `BODY_HASH=$(printf '%s' '${body}' | openssl dgst -sha256 -hex | sed 's/^.* //')
printf '%s\\n%s\\n%s\\n%s\\n%s\\n%s' POST /v1/submissions 'dryRun=true&note=%E7%81%8C%E4%BA%91%20A' 1767225600 k3J9x0VqT2mZ8bYw "$BODY_HASH" | openssl dgst -sha256 -hmac '${SIGNED.secret}' -hex | sed 's/^.* //'`;
    const { stdout } = await run('bash', ['-c', script]);
    expect(stdout.trim()).toBe(expected);
  });
});

describe('the README recipes, verbatim, against a live gateway', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  let dir: string;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db);
    dir = mkdtempSync(join(tmpdir(), 'cgw-sign-'));
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const block = (lang: string) => {
    const m = SECTION.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'));
    if (!m) throw new Error(`no ${lang} block in the README's security section`);
    return m[1]!;
  };

  it('the Node example gets 200 with the sample accepted', async () => {
    const file = join(dir, 'sign.mjs');
    writeFileSync(file, block('js'));
    const { stdout } = await run(process.execPath, [file], { cwd: ROOT, env: { ...process.env, GATEWAY: h.gateway.url! } });
    expect(stdout).toMatch(/^200 \{"submissionId":null,"dryRun":true,"accepted":[1-9]/);
  });

  it('the curl/openssl example gets 200 with the sample accepted; sent twice with the same nonce it is refused', async () => {
    const script = block('sh');
    const { stdout } = await run('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, GATEWAY: h.gateway.url! } });
    expect(JSON.parse(stdout)).toMatchObject({ dryRun: true, accepted: expect.any(Number) });
    expect(JSON.parse(stdout).accepted).toBeGreaterThan(0);
    const replay = script.replace('NONCE=$(openssl rand -hex 16)', 'NONCE=fixed-nonce-for-the-replay-test') + '\n' + script.trimEnd().split('\n').slice(-4).join('\n');
    const { stdout: twice } = await run('bash', ['-c', replay], { cwd: ROOT, env: { ...process.env, GATEWAY: h.gateway.url! } });
    expect(twice).toContain('"code":"SIGNATURE_REPLAYED"');
  });
});
