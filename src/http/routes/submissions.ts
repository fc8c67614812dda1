import { Hono } from 'hono';
import { GatewayError } from '../../errors/index.ts';
import { ingest } from '../../ingest/index.ts';
import { getSubmission } from '../../store/index.ts';
import type { AppDeps } from '../app.ts';
import { requireKey, type Keyring } from '../auth.ts';
import { maskSubmissionView } from '../security/redact.ts';
import type { AppEnv } from '../env.ts';
import { isUuid } from '../../util/ids.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function submissionRoutes(deps: AppDeps, keyring: Keyring): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  r.post('/v1/submissions', requireKey(keyring, 'submit'), async (c) => {
    const principal = c.get('principal');
    const idempotencyKey = c.req.header('idempotency-key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) throw new GatewayError('IDEMPOTENCY_KEY_INVALID');
    const dryRunParam = c.req.query('dryRun');
    if (dryRunParam !== undefined && !['true', 'false', '1', '0'].includes(dryRunParam)) throw new GatewayError('QUERY_INVALID', { param: 'dryRun', reason: 'true | false' });
    const body = new Uint8Array(await c.req.arrayBuffer());
    const dept = principal.department.id;
    try {
      const out = await ingest(
        { db: deps.db, config: deps.config, adapters: deps.adapters, analyser: deps.analyser, enqueue: deps.enqueue, today: deps.today, onEnqueueError: (e) => deps.logger.warn({ err: e.message }, 'enqueue failed; the sweeper will enqueue these deliveries') },
        { department: principal.department, body, contentType: c.req.header('content-type'), query: c.req.query(), idempotencyKey, dryRun: dryRunParam === 'true' || dryRunParam === '1', lang: c.get('lang') },
      );
      const res = out.response;
      deps.metrics.submissions.inc({ department: dept, status: String(out.status) });
      if (!out.replayed) {
        if (res.accepted) deps.metrics.records.inc({ department: dept, result: 'accepted' }, res.accepted);
        if (res.rejected) deps.metrics.records.inc({ department: dept, result: 'rejected' }, res.rejected);
        if (res.unchanged) deps.metrics.records.inc({ department: dept, result: 'unchanged' }, res.unchanged);
        for (const x of res.results) for (const e of x.errors ?? []) deps.metrics.validationErrors.inc({ code: e.code });
      }
      deps.logger.info({ requestId: c.get('requestId'), department: dept, submissionId: res.submissionId, accepted: res.accepted, rejected: res.rejected, unchanged: res.unchanged, replayed: out.replayed, dryRun: dryRunParam === 'true' }, 'submission');
      if (out.replayed) c.header('idempotent-replayed', 'true');
      return c.json(res, out.status);
    } catch (e) {
      if (e instanceof GatewayError) deps.metrics.submissions.inc({ department: dept, status: String(e.status) });
      throw e;
    }
  });

  r.get('/v1/submissions/:id', requireKey(keyring, 'read'), async (c) => {
    const id = c.req.param('id');
    const s = isUuid(id) ? await getSubmission(deps.db, id) : null;
    // Another department's submission is reported as absent, not forbidden: ids say nothing.
    if (!s || s.departmentId !== c.get('principal').department.id) throw new GatewayError('NOT_FOUND', { what: `submission ${id.slice(0, 64)}` });
    return c.json(maskSubmissionView(s));
  });
  return r;
}
