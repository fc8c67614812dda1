import { Hono } from 'hono';
import { catalogue, errorCodes, GatewayError } from '../../errors/index.ts';
import { RECORD_TYPES, recordSchema, schemaFiles } from '../../model/index.ts';
import type { AppEnv } from '../env.ts';
import { openApiDocument } from '../openapi.ts';

export function referenceRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get('/v1/schemas', (c) =>
    c.json({
      recordTypes: RECORD_TYPES.map((t) => {
        const s = recordSchema(t);
        return { recordType: t, title: s.title, description: s.description, recordKey: s['x-record-key'], href: `/v1/schemas/${t}` };
      }),
      shared: ['common.schema.json', 'subject.schema.json'].map((f) => ({ id: f, href: `/v1/schemas/${f.replace('.schema.json', '')}` })),
    }),
  );
  r.get('/v1/schemas/:type', (c) => {
    const type = c.req.param('type');
    const s = schemaFiles.get(`${type}.schema.json`);
    if (!s || type === 'config') throw new GatewayError('NOT_FOUND', { what: `schema ${type.slice(0, 64)}` });
    return c.json(s);
  });
  r.get('/v1/errors', (c) =>
    c.json({
      errors: errorCodes.map((code) => {
        const e: { status?: number; zh: string; en: string } = catalogue[code];
        return { code, ...(e.status ? { httpStatus: e.status } : { level: 'record' }), zh: e.zh, en: e.en };
      }),
    }),
  );
  r.get('/openapi.json', (c) => c.json(openApiDocument()));
  return r;
}
