/**
 * `npm run demo`: the gateway (embedded PGlite, Redis at REDIS_URL), a municipal platform simulator,
 * the shipped samples posted over HTTP, a wait until every accepted record is delivered or
 * definitively rejected, and a summary. `npm run demo -- --serve` leaves it all running.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deleteKeysWithPrefix } from '../src/util/redis.ts';
import { DEFAULT_CONFIG_PATH, loadSettings } from '../src/config/index.ts';
import { startGateway, StartupError } from '../src/gateway.ts';
import { deliveryCounts, openDeliveryCount, submissionTotals } from '../src/store/index.ts';
import { createLogger } from '../src/util/logger.ts';
import { signRequest } from '../src/http/security/signing.ts';
import { createMunicipalSimulator } from '../simulators/municipal.ts';
import { createProvincialSimulator } from '../simulators/provincial.ts';

const { values } = parseArgs({ options: { serve: { type: 'boolean', default: false }, 'timeout-s': { type: 'string', default: '120' } } });
const serve = values.serve;

/** The demo departments' public API keys (README); env overrides as in config/example.yaml. */
const DEMO_KEYS: Record<string, string> = {
  'county-safety-bureau': process.env.COUNTY_SAFETY_BUREAU_API_KEY ?? 'demo-canonical-key',
  'chemical-park': process.env.CHEMICAL_PARK_API_KEY ?? 'demo-park-key',
  'county-safety-bureau-signed': process.env.COUNTY_SAFETY_BUREAU_SIGNED_API_KEY ?? 'demo-signed-key',
  'donghai-safety-bureau': process.env.DONGHAI_SAFETY_BUREAU_API_KEY ?? 'demo-bureau-key',
  'guannan-housing-bureau': process.env.GUANNAN_HOUSING_BUREAU_API_KEY ?? 'demo-industry-key',
  'haizhou-hr-bureau': process.env.HAIZHOU_HR_BUREAU_API_KEY ?? 'demo-hr-key',
};
const SIGNING_SECRETS: Record<string, string> = {
  'county-safety-bureau-signed': process.env.COUNTY_SAFETY_BUREAU_SIGNING_SECRET ?? 'demo-signing-secret-county-safety-bureau-signed',
};
const CONTENT_TYPES: Record<string, string> = { '.json': 'application/json', '.xml': 'application/xml', '.csv': 'text/csv' };

const samplesDir = new URL('../samples/', import.meta.url);
const dataDir = serve ? join(process.cwd(), 'data', 'demo') : mkdtempSync(join(tmpdir(), 'cgw-demo-'));
const token = process.env.MUNICIPAL_TOKEN ?? 'demo-municipal-token';

const sim = createMunicipalSimulator({ token, seed: 1 });
const simServer = await sim.listen(serve ? Number(process.env.SIMULATOR_PORT ?? 9101) : 0);
const provincialSecret = process.env.PROVINCIAL_SECRET ?? 'demo-provincial-secret';
const psim = createProvincialSimulator({ secret: provincialSecret, seed: 1, receiptDelayMs: 200 });
const psimServer = await psim.listen(serve ? Number(process.env.PROVINCIAL_SIMULATOR_PORT ?? 9102) : 0);
const prefix = serve ? 'cgw-demo' : `cgw-demo-${process.pid}`;
const env = { ...process.env, MUNICIPAL_BASE_URL: simServer.url, PROVINCIAL_BASE_URL: psimServer.url, DATA_DIR: dataDir, QUEUE_PREFIX: prefix, DATABASE_URL: '' };
const settings = loadSettings(DEFAULT_CONFIG_PATH, env);
// The demo sweeps often so a lost job shows up quickly; production keeps the configured interval.
const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
let gw;
try {
  gw = await startGateway({ ...settings, env: { ...settings.env, port: serve ? settings.env.port : 0, host: '127.0.0.1' } }, { logger });
} catch (e) {
  await simServer.close();
  await psimServer.close();
  if (e instanceof StartupError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
const base = gw.url!;
console.log(`gateway   ${base}   (PGlite at ${dataDir}, Redis ${settings.env.redisUrl}, queue prefix ${prefix})`);
console.log(`simulator ${simServer.url}   (municipal platform)`);
console.log(`simulator ${psimServer.url}   (provincial platform)`);
console.log('');

interface Posted {
  department: string;
  file: string;
  status: number;
  accepted: number;
  rejected: number;
  unchanged: number;
  error?: string;
}
const posted: Posted[] = [];
for (const department of readdirSync(samplesDir).sort()) {
  const key = DEMO_KEYS[department];
  if (!key) continue;
  for (const file of readdirSync(new URL(`${department}/`, samplesDir)).sort()) {
    const ext = file.slice(file.lastIndexOf('.'));
    // A CSV named *-charset-gbk.csv declares its charset; other CSV files declare none (UTF-8, else GB18030 is detected).
    const contentType = file.endsWith('-charset-gbk.csv') ? 'text/csv; charset=gbk' : CONTENT_TYPES[ext];
    if (!contentType) continue;
    const bytes = readFileSync(new URL(`${department}/${file}`, samplesDir));
    // The signing department signs every request (README "Security / request signing").
    const secret = SIGNING_SECRETS[department];
    const signature = secret ? signRequest({ secret, department, method: 'POST', url: '/v1/submissions', body: bytes }) : {};
    const res = await fetch(`${base}/v1/submissions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': contentType, ...signature }, body: bytes });
    const json = (await res.json()) as { accepted?: number; rejected?: number; unchanged?: number; error?: { code: string; message: string }; results?: Array<{ status: string; errors?: Array<{ code: string; path: string }> }> };
    posted.push({ department, file, status: res.status, accepted: json.accepted ?? 0, rejected: json.rejected ?? 0, unchanged: json.unchanged ?? 0, error: json.error ? `${json.error.code}: ${json.error.message}` : undefined });
    const codes = (json.results ?? []).flatMap((r) => (r.errors ?? []).map((e) => e.code));
    console.log(`POST ${department}/${file} → ${res.status} ${json.error ? json.error.code : `accepted ${json.accepted}, rejected ${json.rejected}, unchanged ${json.unchanged}`}${codes.length ? `  [${codes.join(', ')}]` : ''}`);
    if (secret) {
      const replay = await fetch(`${base}/v1/submissions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': contentType, ...signature }, body: bytes });
      const r = (await replay.json()) as { error?: { code: string } };
      console.log(`POST ${department}/${file} again with the same signature → ${replay.status} ${r.error?.code ?? ''} (a replay is refused)`);
    }
  }
}

const timeoutMs = Number(values['timeout-s']) * 1000;
const t0 = Date.now();
let open = await openDeliveryCount(gw.db);
while (open > 0 && Date.now() - t0 < timeoutMs) {
  await new Promise((r) => setTimeout(r, 200));
  open = await openDeliveryCount(gw.db);
}

console.log('');
console.log('Per department (records)');
const depTotals = await submissionTotals(gw.db);
const byDept = new Map(depTotals.map((d) => [d.departmentId, d]));
const rows1 = settings.config.departments.map((d) => {
  const t = byDept.get(d.id);
  const refused = posted.filter((p) => p.department === d.id && p.status >= 400).length;
  return [d.id, d.adapter, String(t?.submissions ?? 0), String(t?.accepted ?? 0), String(t?.rejected ?? 0), String(t?.unchanged ?? 0), String(refused)];
});
table(['department', 'format', 'submissions', 'accepted', 'rejected', 'unchanged', 'requests refused'], rows1);

console.log('');
console.log('Per target (record versions)');
const counts = await deliveryCounts(gw.db);
const rows2 = settings.config.targets.map((t) => {
  const n = (s: string) => String(counts.find((c) => c.target === t.id && c.state === s)?.count ?? 0);
  return [t.id, n('delivered'), n('rejected'), n('failed'), n('superseded'), String(Number(n('pending')) + Number(n('in_flight')))];
});
table(['target', 'delivered', 'rejected', 'failed', 'superseded', 'still open'], rows2);
console.log('');
console.log(`municipal simulator holds ${sim.records().length} records, provincial simulator ${psim.records().length} (duplicate pushes absorbed: ${sim.stats().duplicates} + ${psim.stats().duplicates})`);

if (open > 0) {
  console.error(`\n${open} deliveries still open after ${values['timeout-s']} s`);
}

if (serve) {
  console.log(`
Running. Try:
  curl -s ${base}/v1/records -H 'Authorization: Bearer demo-canonical-key' | head -c 600
  curl -s -X POST ${base}/v1/submissions -H 'Authorization: Bearer demo-canonical-key' \\
       -H 'Content-Type: application/json' --data-binary @samples/county-safety-bureau/01-penalties.json
  curl -s ${simServer.url}/__sim/records | head -c 600
Ctrl-C stops everything.`);
  const stop = async () => {
    await gw.close();
    await simServer.close();
    await psimServer.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} else {
  await gw.close();
  await simServer.close();
  await psimServer.close();
  await deleteKeysWithPrefix(settings.env.redisUrl, prefix);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(open > 0 ? 1 : 0);
}

function table(head: string[], rows: string[][]): void {
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const cols = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join('  ');
  console.log(line(head));
  console.log(cols.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
