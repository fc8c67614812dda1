// Shared by the connector tests (municipal, provincial, the provincial round trip): not part of the gateway.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, expect } from 'vitest';
import type { TargetConfig } from '../config/index.ts';
import { PlatformError } from './types.ts';

/** A target as parseConfig would give it, with short timeouts and retries for tests; coalescing off. */
export function testTarget(t: Partial<TargetConfig> & Pick<TargetConfig, 'id' | 'name' | 'kind' | 'baseUrl'>): TargetConfig {
  return {
    mode: 'realtime', batchSize: 100, concurrency: 2, timeoutMs: 500, coalesce: { belowRecords: 0, windowMs: 200 }, retry: { attempts: 3, baseMs: 100, capMs: 1000, jitter: 0.2 },
    circuitBreaker: { failureThreshold: 5, errorRatio: 0.5, window: 20, minSamples: 10, openMs: 1000, maxOpenMs: 60_000 },
    ...t,
  };
}

/** Expects `p` to reject with a PlatformError of `kind` and returns it. */
export async function failure(p: Promise<unknown>, kind: PlatformError['kind']): Promise<PlatformError> {
  const e = await p.then(
    (v) => {
      throw new Error(`expected a ${kind} PlatformError, got ${JSON.stringify(v)}`);
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PlatformError);
  expect((e as PlatformError).kind).toBe(kind);
  return e as PlatformError;
}

/**
 * A local server that accepts connections and never answers, started before and closed after each
 * test of the calling describe block (MockAgent ignores headersTimeout/bodyTimeout). Returns its URL.
 */
export function useSilentServer(): () => string {
  let server: Server;
  let base = '';
  const sockets = new Set<Socket>();
  beforeEach(async () => {
    server = createServer(() => {
      /* never answers */
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return () => base;
}
