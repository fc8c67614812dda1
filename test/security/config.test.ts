// Security configuration at load (issue 8): at most two active keys per department (a third is
// refused, never silently dropped), signing secrets from the environment (demoDefault with a
// warning), secrets never printed, limits and window defaults.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, hashApiKey, parseConfig } from '../../src/config/index.ts';
import { testRawConfig } from '../helpers.ts';

const raw = (patch: (r: Record<string, any>) => void = () => undefined) => testRawConfig('http://127.0.0.1:1', patch);
const dept = (r: Record<string, any>, id: string) => r.departments.find((d: { id: string }) => d.id === id);
const problemsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('config: department keys', () => {
  it('two active keys are fine; a third (two apiKeys + apiKeyEnv) is refused at load, naming the department', () => {
    const two = raw((r) => dept(r, 'county-safety-bureau').apiKeys.push({ id: 'next', sha256: hashApiKey('next-key'), scopes: ['submit'] }));
    expect(parseConfig(two, {}).config.departments[0]!.apiKeys).toHaveLength(2);
    const problems = problemsOf(() => parseConfig(two, { COUNTY_SAFETY_BUREAU_API_KEY: 'third-key' }));
    expect(problems).toEqual([expect.stringMatching(/county-safety-bureau.*3 API keys.*at most two/)]);
  });

  it('three apiKeys entries are refused by the schema', () => {
    const three = raw((r) => dept(r, 'chemical-park').apiKeys.push({ id: 'b', sha256: hashApiKey('b') }, { id: 'c', sha256: hashApiKey('c') }));
    expect(problemsOf(() => parseConfig(three, {})).join('\n')).toMatch(/apiKeys must NOT have more than 2 items/);
  });

  it('the same key twice is refused; a plaintext key in place of a digest is refused', () => {
    const dup = raw((r) => dept(r, 'chemical-park').apiKeys.push({ id: 'again', sha256: dept(r, 'chemical-park').apiKeys[0].sha256 }));
    expect(problemsOf(() => parseConfig(dup, {})).join('\n')).toMatch(/configured twice/);
    const plain = raw((r) => (dept(r, 'chemical-park').apiKeys[0].sha256 = 'demo-park-key'));
    expect(problemsOf(() => parseConfig(plain, {})).join('\n')).toMatch(/sha256 must match pattern/);
  });

  it('an expired key loads with a warning (and is refused at use)', () => {
    const r = raw((x) => dept(x, 'chemical-park').apiKeys.push({ id: 'old', sha256: hashApiKey('old'), expiresAt: '2020-01-01T00:00:00Z' }));
    const { warnings, config } = parseConfig(r, {});
    expect(warnings.join('\n')).toMatch(/chemical-park.*old expired/);
    expect(config.departments[1]!.apiKeys[1]!.expiresAt).toBe('2020-01-01T00:00:00Z');
    expect(problemsOf(() => parseConfig(raw((x) => dept(x, 'chemical-park').apiKeys.push({ id: 'old', sha256: hashApiKey('old'), expiresAt: 'next tuesday' })), {})).join('\n')).toMatch(/date-time/);
  });
});

describe('config: signing secrets', () => {
  const SIGNING_ENV = 'COUNTY_SAFETY_BUREAU_SIGNING_SECRET';
  const real = 'a-real-signing-secret-from-the-vault-0123456789';

  it('the demo default is used with a warning when the variable is unset; the variable wins when set', () => {
    const demo = parseConfig(raw(), {});
    expect(demo.warnings.join('\n')).toMatch(new RegExp(`${SIGNING_ENV} is unset; using the demo default`));
    const fromEnv = parseConfig(raw(), { [SIGNING_ENV]: real });
    expect(fromEnv.warnings.join('\n')).not.toContain(SIGNING_ENV);
    expect(fromEnv.config.departments[2]!.signing!.secrets[0]!.reveal()).toBe(real);
  });

  it('no variable and no demo default → refused; a secret under 32 bytes → refused; two departments sharing a secret → refused', () => {
    const noDefault = raw((r) => delete dept(r, 'county-safety-bureau-signed').signing.secret.demoDefault);
    expect(problemsOf(() => parseConfig(noDefault, {})).join('\n')).toMatch(new RegExp(`${SIGNING_ENV} is not set`));
    expect(problemsOf(() => parseConfig(noDefault, { [SIGNING_ENV]: 'short' })).join('\n')).toMatch(/shorter than 32 bytes/);
    const shared = raw((r) => (dept(r, 'chemical-park').signing = { secret: { env: 'PARK_SIGNING_SECRET' } }));
    expect(problemsOf(() => parseConfig(shared, { [SIGNING_ENV]: real, PARK_SIGNING_SECRET: real })).join('\n')).toMatch(/share a signing secret/);
  });

  it('a secret never prints: JSON, util.inspect, String()', () => {
    const { config } = parseConfig(raw(), { [SIGNING_ENV]: real });
    expect(JSON.stringify(config)).not.toContain(real);
    expect(inspect(config, { depth: 20 })).not.toContain(real);
    const s = config.departments[2]!.signing!.secrets[0]!;
    expect(`${s}`).toBe('[secret]');
  });
});

describe('config: limits and window', () => {
  it('defaults: limits, requests per minute, ±300 s', () => {
    const { config } = parseConfig(raw(), {});
    expect(config.limits).toMatchObject({ maxXmlDepth: 16, maxXmlElements: 500_000, maxJsonDepth: 32, maxCsvRows: 10_001, maxCsvColumns: 200, requestsPerMinute: 600 });
    expect(config.security.signatureToleranceSeconds).toBe(300);
  });

  it('out-of-range values are refused', () => {
    expect(problemsOf(() => parseConfig(raw((r) => (r.security = { signatureToleranceSeconds: 86_400 })), {})).join('\n')).toMatch(/signatureToleranceSeconds/);
    expect(problemsOf(() => parseConfig(raw((r) => (r.limits = { maxXmlDepth: 1 })), {})).join('\n')).toMatch(/maxXmlDepth/);
    expect(problemsOf(() => parseConfig(raw((r) => (dept(r, 'chemical-park').requestsPerMinute = 0)), {})).join('\n')).toMatch(/requestsPerMinute/);
  });
});
