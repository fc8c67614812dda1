// bull-board at /admin/queues, behind the console's login. bull-board itself has no notion of
// roles, only a per-queue read-only mode, so each console role gets its own board: viewers a
// read-only one (no action buttons), operators and admins the full one. The console's guard refuses
// every non-GET request from a viewer anyway (the API is reachable without the buttons).
//
// bull-board (its API, UI package and their dependencies) is imported on the first /admin/queues
// request rather than at start: loaded eagerly it was ~12 MB of an idle gateway's RSS, for a page
// operators open now and then.
import type { Queue } from 'bullmq';
import { Hono } from 'hono';
import type { Lang } from '../errors/index.ts';

export const QUEUES_BASE = '/admin/queues';

/** A board per (read-only, language), built on first use; `fetch` it like any Hono app. */
export function bullBoards(queues: readonly Queue[]) {
  const boards = new Map<string, Promise<Hono>>();
  return (readOnly: boolean, lang: Lang): Promise<Hono> => {
    const key = `${readOnly}:${lang}`;
    let app = boards.get(key);
    if (!app) {
      app = buildBoard(queues, readOnly, lang);
      // A failed import is not remembered: the next request tries again.
      app.catch(() => boards.delete(key));
      boards.set(key, app);
    }
    return app;
  };
}

async function buildBoard(queues: readonly Queue[], readOnly: boolean, lang: Lang): Promise<Hono> {
  const [{ createBullBoard }, { BullMQAdapter }, { HonoAdapter }, { serveStatic }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/hono'),
    import('@hono/node-server/serve-static'),
  ]);
  const adapter = new HonoAdapter(serveStatic).setBasePath(QUEUES_BASE);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: readOnly, allowRetries: !readOnly })),
    serverAdapter: adapter,
    options: {
      uiConfig: {
        boardTitle: lang === 'en' ? 'Delivery queues' : '投递队列',
        locale: { lng: lang === 'en' ? 'en-US' : 'zh-CN' },
        hideDocsLink: true,
        miscLinks: [{ text: lang === 'en' ? 'Back to the console' : '返回运维控制台', url: '/admin' }],
      },
    },
  });
  const app = new Hono({ strict: false });
  app.route(QUEUES_BASE, adapter.registerPlugin());
  return app;
}
