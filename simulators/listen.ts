import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface ListeningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

type FetchFn = (req: Request, env: never) => Response | Promise<Response>;

/**
 * Serves `fetch` on host:port (0 = a free port). `close()` stops accepting, destroys every open
 * socket (including requests parked by a timeout fault) and calls `onClose` so the simulator can
 * release its pending timers.
 */
export function listenApp(fetch: FetchFn, port: number, host = '127.0.0.1', onClose?: () => void): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    let server: Server;
    const onError = (err: Error): void => reject(err);
    server = serve({ fetch: fetch as never, port, hostname: host }, (info: AddressInfo) => {
      server.off('error', onError);
      const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      let closing: Promise<void> | undefined;
      resolve({
        port: info.port,
        url: `http://${urlHost}:${info.port}`,
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            onClose?.();
          });
          return closing;
        },
      });
    }) as Server;
    server.once('error', onError);
  });
}

/**
 * The listeners of one simulator: `listen` opens another, `closeAll` closes them all and releases
 * the simulator's parked requests once.
 */
export function listenerSet(fetch: FetchFn, releaseAll: () => void) {
  const servers = new Set<ListeningServer>();
  return {
    async listen(port: number, host?: string): Promise<ListeningServer> {
      const server = await listenApp(fetch, port, host, releaseAll);
      servers.add(server);
      return {
        ...server,
        close: async () => {
          servers.delete(server);
          await server.close();
        },
      };
    },
    async closeAll(): Promise<void> {
      await Promise.all([...servers].map((s) => s.close()));
      servers.clear();
      releaseAll();
    },
  };
}
