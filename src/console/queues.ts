// bull-board at /admin/queues, behind the console's login. bull-board itself has no notion of
// roles, only a per-queue read-only mode, so each console role gets its own board: viewers a
// read-only one (no action buttons), operators and admins the full one. The console's guard refuses
// every non-GET request from a viewer anyway (the API is reachable without the buttons).
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import { Hono } from 'hono';
import type { Lang } from '../errors/index.ts';

export const QUEUES_BASE = '/admin/queues';

export function bullBoards(queues: readonly Queue[]) {
  const boards = new Map<string, Hono>();
  return (readOnly: boolean, lang: Lang): Hono => {
    const key = `${readOnly}:${lang}`;
    let app = boards.get(key);
    if (!app) {
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
      app = new Hono({ strict: false });
      app.route(QUEUES_BASE, adapter.registerPlugin());
      boards.set(key, app);
    }
    return app;
  };
}
