import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { GatewayError, renderMessage, type Lang } from '../errors/index.ts';
import type { Logger } from '../util/logger.ts';
import type { AppEnv } from './env.ts';

export function langOf(header: string | undefined): Lang {
  return header && /^\s*en\b/i.test(header) ? 'en' : 'zh';
}

/** The one error envelope. A 5xx never carries the internal message; the log has it under the request id. */
export function errorResponse(c: Context<AppEnv>, err: unknown, logger: Logger): Response {
  const requestId = c.get('requestId') ?? '';
  const lang = c.get('lang') ?? langOf(c.req.header('accept-language'));
  let ge: GatewayError;
  if (err instanceof GatewayError) ge = err;
  else if (err instanceof HTTPException && err.status === 413) ge = new GatewayError('BODY_TOO_LARGE', { limit: '' });
  else if (err instanceof HTTPException && err.status < 500) ge = new GatewayError('QUERY_INVALID', { param: 'request', reason: err.message });
  else {
    logger.error({ requestId, err: (err as Error)?.stack ?? String(err) }, 'unhandled error');
    ge = new GatewayError('INTERNAL');
  }
  const body: Record<string, unknown> = { code: ge.code, message: renderMessage(ge.code, ge.params, lang), requestId };
  if (ge.details !== undefined && ge.status < 500) body.details = ge.details;
  const headers: Record<string, string> = {};
  if (ge.code === 'RATE_LIMITED' && ge.params.retryAfter) headers['retry-after'] = String(ge.params.retryAfter);
  return c.json({ error: body }, ge.status as 400, headers);
}
