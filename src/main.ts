import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_CONFIG_PATH, loadSettings } from './config/index.ts';
import { startGateway, StartupError, type Role } from './gateway.ts';
import { createLogger } from './util/logger.ts';

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: DEFAULT_CONFIG_PATH },
    role: { type: 'string', default: 'all' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('usage: npm start -- [--config <file>] [--role all|api|worker]\nenv: PORT, DATABASE_URL (unset: PGlite under ./data), DATABASE_POOL_SIZE, REDIS_URL, LOG_LEVEL, QUEUE_PREFIX');
  process.exit(0);
}
const role = values.role as Role;
if (!['all', 'api', 'worker'].includes(role)) {
  console.error(`--role must be all, api or worker (got ${values.role})`);
  process.exit(2);
}

try {
  const settings = loadSettings(values.config);
  const logger = createLogger(settings.env.logLevel);
  const gw = await startGateway(settings, { role, logger });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    gw.close().then(
      () => process.exit(0),
      (e: Error) => {
        logger.error({ err: e.message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  if (e instanceof ConfigError || e instanceof StartupError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
