/**
 * `npm run validate -- --adapter <name> <file>`: what `POST /v1/submissions?dryRun=true` would answer,
 * offline, for integrators. The file goes through the same pipeline (decoding, adapter, validation,
 * scope checks) with nothing stored, so codes and messages are the gateway's own. Prints each
 * normalised record and each error; exits 1 when any record is rejected or the file is refused as a
 * whole, 2 on a usage or configuration problem.
 *
 *   --adapter <name>       department format (canonical-json, park-xml, safety-bureau-json, industry-csv, hr-arrears-json)
 *   --department <id>      department of the config whose data source and scope apply (default: the first using the adapter)
 *   --config <path>        gateway configuration (default: config/example.yaml)
 *   --record-type <type>   as ?recordType= (industry-csv, safety-bureau-json)
 *   --charset <name>       as Content-Type's charset (default: none; CSV is then UTF-8, else GB18030)
 *   --lang zh|en           message language (default zh)
 *   --json                 print the dry-run answer as JSON instead
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { adapters } from '../adapters/registry.ts';
import { ConfigError, DEFAULT_CONFIG_PATH, loadSettings, type Settings } from '../src/config/index.ts';
import { GatewayError, type Lang } from '../src/errors/index.ts';
import { ingest, type RecordResult } from '../src/ingest/index.ts';
import type { Database } from '../src/store/index.ts';

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run validate -- --adapter <${[...adapters.keys()].join('|')}> <file> [--department id] [--config path] [--record-type type] [--charset name] [--lang zh|en] [--json]`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      adapter: { type: 'string' }, department: { type: 'string' }, config: { type: 'string', default: DEFAULT_CONFIG_PATH },
      'record-type': { type: 'string' }, charset: { type: 'string' }, lang: { type: 'string', default: 'zh' }, json: { type: 'boolean', default: false },
    },
  });
}
try {
  args = parse();
} catch (e) {
  usage((e as Error).message);
}
const { values, positionals } = args;
const adapterName = values.adapter ?? usage('--adapter is required');
const adapter = adapters.get(adapterName) ?? usage(`unknown adapter ${adapterName}`);
if (positionals.length !== 1) usage('exactly one file is required');
const file = positionals[0]!;
const lang: Lang = values.lang === 'en' ? 'en' : 'zh';

let settings: Settings;
try {
  settings = loadSettings(values.config, process.env);
} catch (e) {
  if (e instanceof ConfigError) usage(e.message);
  throw e;
}
const department = values.department
  ? settings.config.departments.find((d) => d.id === values.department)
  : settings.config.departments.find((d) => d.adapter === adapterName);
if (!department) usage(values.department ? `no department ${values.department} in ${values.config}` : `no department in ${values.config} uses ${adapterName}; pass --department`);
if (department.adapter !== adapterName) usage(`department ${department.id} uses ${department.adapter}, not ${adapterName}`);

let body: Uint8Array;
try {
  body = readFileSync(file);
} catch (e) {
  usage(`cannot read ${file}: ${(e as Error).message}`);
}

/** A dry run never reaches the store; anything that tries is a bug worth a loud failure. */
const noDatabase = new Proxy({} as Database, {
  get() {
    throw new Error('validate: the dry run touched the database');
  },
});

const contentType = `${adapter.contentTypes[0]}${values.charset ? `; charset=${values.charset}` : ''}`;
const query: Record<string, string> = { dryRun: 'true', ...(values['record-type'] ? { recordType: values['record-type'] } : {}) };

try {
  const { response } = await ingest(
    { db: noDatabase, config: settings.config, adapters, enqueue: async () => undefined },
    { department, body, contentType, query, dryRun: true, lang },
  );
  if (values.json) console.log(JSON.stringify(response, null, 2));
  else {
    console.log(`${adapterName} · ${department.name} (${department.id}) · ${file}`);
    for (const r of response.results) printResult(r);
    console.log(`\n${response.accepted} accepted, ${response.rejected} rejected`);
  }
  process.exit(response.rejected > 0 ? 1 : 0);
} catch (e) {
  if (!(e instanceof GatewayError)) throw e;
  if (values.json) console.log(JSON.stringify({ error: { code: e.code, message: e.localized(lang), ...(e.details === undefined ? {} : { details: e.details }) } }, null, 2));
  else console.log(`${file}: ${e.code} ${e.localized(lang)}`);
  process.exit(1);
}

function printResult(r: RecordResult): void {
  const where = r.sourceRef ? ` ${r.sourceRef}` : '';
  if (r.status === 'rejected') {
    console.log(`\n#${r.index}${where} ✗ rejected`);
    for (const e of r.errors ?? []) console.log(`   ${e.code}  ${e.path || '/'}${e.sourceField ? ` [${e.sourceField}]` : ''}  ${e.message}`);
  } else {
    console.log(`\n#${r.index}${where} ✓ ${r.record?.recordType ?? ''} ${r.recordId ?? ''}`);
    console.log(JSON.stringify(r.record, null, 2).replace(/^/gm, '   '));
  }
  for (const w of r.warnings ?? []) console.log(`   ! ${w.code}  ${w.path || '/'}  ${w.message}`);
}
