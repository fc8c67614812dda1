/** Runs one reconciliation in its own process so its peak memory is its own; prints JSON. */
import { parseConfig } from '../../src/config/index.ts';
import { createConnector } from '../../src/platforms/index.ts';
import { createReconciliation, runReconciliation } from '../../src/reconcile/index.ts';
import { openPostgres } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testRawConfig } from '../../test/helpers.ts';

const [, , simUrl, schema] = process.argv;
const db = await openPostgres({ url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema, max: 4 });
const { config } = parseConfig(testRawConfig(simUrl!, (r) => (r.targets[0].timeoutMs = 60_000)), {});
const target = config.targets[0]!;
const connector = createConnector(target);
const id = await createReconciliation(db, target.id, 'api');
const t0 = performance.now();
const counts = await runReconciliation({ db, logger: silentLogger, batchSizeOf: () => 100, enqueue: async () => undefined }, id, target.id, connector);
const ms = performance.now() - t0;
await connector.close();
await db.close();
console.log(JSON.stringify({ ms, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), counts }));
