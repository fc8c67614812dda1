/**
 * Runs a platform simulator: `npm run simulator -- --platform municipal|provincial --port 9101 [flags]`.
 * Adding a platform is one entry in PLATFORMS.
 */
import { parseArgs } from 'node:util';
import { createMunicipalSimulator } from './municipal.ts';
import { createProvincialSimulator } from './provincial.ts';
import type { ListeningServer } from './listen.ts';

const USAGE = `usage: npm run simulator -- --platform municipal|provincial --port N [--host H]
  [--token T (municipal)] [--secret S] [--receipt-delay-ms N] [--signature-algorithm hmac-sha256|hmac-sm3] (provincial)
  [--latency-ms N] [--error-rate F] [--rate-limit N] [--throttle-rate F] [--timeout-rate F] [--drop-rate F] [--hang-ms N]
  [--max-batch N] [--seed N]`;

const OPTIONS = {
  platform: { type: 'string' },
  port: { type: 'string', default: '0' },
  host: { type: 'string', default: '127.0.0.1' },
  token: { type: 'string' },
  secret: { type: 'string' },
  'receipt-delay-ms': { type: 'string' },
  'signature-algorithm': { type: 'string' },
  'latency-ms': { type: 'string' },
  'error-rate': { type: 'string' },
  'rate-limit': { type: 'string' },
  'throttle-rate': { type: 'string' },
  'timeout-rate': { type: 'string' },
  'drop-rate': { type: 'string' },
  'hang-ms': { type: 'string' },
  'max-batch': { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

class UsageError extends Error {}

function num(flags: Flags, name: keyof Flags): number | undefined {
  const raw = flags[name];
  if (raw === undefined || typeof raw !== 'string') return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  return v;
}

function signatureAlgorithm(v: string | boolean | undefined): 'hmac-sha256' | 'hmac-sm3' | undefined {
  if (v === undefined) return undefined;
  if (v === 'hmac-sha256' || v === 'hmac-sm3') return v;
  throw new UsageError(`--signature-algorithm must be hmac-sha256 or hmac-sm3, got "${String(v)}"`);
}

/** The platform faults every simulator takes, from their flags (--latency-ms, --error-rate, …). */
function platformFaults(flags: Flags) {
  return {
    latencyMs: num(flags, 'latency-ms'),
    errorRate: num(flags, 'error-rate'),
    rateLimit: num(flags, 'rate-limit'),
    throttleRate: num(flags, 'throttle-rate'),
    timeoutRate: num(flags, 'timeout-rate'),
    dropRate: num(flags, 'drop-rate'),
    hangMs: num(flags, 'hang-ms'),
    maxBatch: num(flags, 'max-batch'),
    seed: num(flags, 'seed'),
  };
}

interface Started {
  server: ListeningServer;
  describe: string;
}

type Starter = (flags: Flags, port: number, host: string) => Promise<Started>;

const PLATFORMS: Record<string, Starter> = {
  async municipal(flags, port, host) {
    const token = flags.token ?? process.env.MUNICIPAL_TOKEN ?? 'demo-municipal-token';
    const sim = createMunicipalSimulator({ token, ...platformFaults(flags) });
    const server = await sim.listen(port, host);
    return { server, describe: `faults ${JSON.stringify(sim.faults())}` };
  },
  async provincial(flags, port, host) {
    const secret = flags.secret ?? process.env.PROVINCIAL_SECRET ?? 'demo-provincial-secret';
    const sim = createProvincialSimulator({
      secret,
      ...platformFaults(flags),
      receiptDelayMs: num(flags, 'receipt-delay-ms'),
      signatureAlgorithm: signatureAlgorithm(flags['signature-algorithm']),
    });
    const server = await sim.listen(port, host);
    return { server, describe: `faults ${JSON.stringify(sim.faults())}` };
  },
};

async function main(): Promise<number> {
  let flags: Flags;
  try {
    flags = parseArgs({ options: OPTIONS, strict: true, allowPositionals: false }).values as Flags;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const platform = flags.platform;
  if (!platform) {
    console.error(`--platform is required\n${USAGE}`);
    return 2;
  }
  const start = PLATFORMS[platform];
  if (!start) {
    const known = Object.keys(PLATFORMS).join(', ');
    console.error(`error: unknown platform "${platform}" (available: ${known})`);
    return 2;
  }
  let started: Started;
  try {
    const port = num(flags, 'port') ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be an integer 0..65535');
    started = await start(flags, port, flags.host ?? '127.0.0.1');
  } catch (err) {
    console.error(`error: ${(err as Error).message}${err instanceof UsageError || err instanceof RangeError ? `\n${USAGE}` : ''}`);
    return 2;
  }
  console.log(`${platform} simulator listening on ${started.server.url} (${started.describe})`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      started.server.close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

process.exitCode = await main();
