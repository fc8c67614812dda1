/** @jsxImportSource hono/jsx */
// The operators' console: /admin (server-rendered pages, plain forms) and /admin/queues (bull-board),
// behind one login. See session.ts for the cookie and CSRF scheme.
import { randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { OperatorRole } from '../config/index.ts';
import { GatewayError, renderMessage, type ErrorCode, type Lang } from '../errors/index.ts';
import type { AppDeps } from '../http/app.ts';
import type { AppEnv } from '../http/env.ts';
import { deliveryFilterOf, operatorActions, reasonOf, TARGET_ACTIONS, type Actor, type TargetAction } from '../http/operator-actions.ts';
import { hasRole, type OperatorPrincipal } from '../http/operator-auth.ts';
import { maskRecordView, maskSubmissionView } from '../http/security/index.ts';
import { idNumbersOf, maskIdsDeep, maskIdsInText } from '../http/security/redact.ts';
import { deliveriesCsv } from '../http/deliveries-csv.ts';
import { getReconciliation, listReconciliations } from '../reconcile/index.ts';
import { auditOnly, getRecord, getSubmission, listAudit, listDeliveries, submissionTotals, verifyAudit, type DeliveryRow } from '../store/index.ts';
import { addDays, startOfDay, todayIn } from './i18n.ts';
import { makeUi, Problem, type Ui } from './layout.tsx';
import { AuditPage, DeliveriesPage, LoginPage, OverviewPage, ReconciliationPage, ReconciliationsPage, RecordPage, SubmissionPage } from './pages.tsx';
import { deliveredSince, knownErrorCodes, lateReportsByDepartment, rawSubmission, versionBodiesOfSubmission } from './queries.ts';
import { verifyPassword } from './password.ts';
import { bullBoards, QUEUES_BASE } from './queues.ts';
import { COOKIE_PATH, createSessionCodec, LANG_COOKIE, LOGIN_COOKIE, passwordVersion, SESSION_COOKIE, type SessionPayload } from './session.ts';
import { memoryStores, redisStores, type ConsoleStores } from './stores.ts';
import { isUuid } from '../util/ids.ts';

type Form = Record<string, string | File | (string | File)[]>;
type ConsoleEnv = {
  Variables: AppEnv['Variables'] & { session: SessionPayload | undefined; form: Form; consoleLang: Lang; sessionProblem: string | undefined };
};
type C = Context<ConsoleEnv>;

export interface ConsoleOptions {
  /** Clock for sessions (tests). */
  now?: () => number;
  stores?: ConsoleStores;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOGIN_FORM_MAX_AGE = 3600;
const RAW_MAX_BYTES = 256 * 1024;
const STRICT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** A path inside the console to go back to; anything else (another site, a scheme) becomes /admin. */
function safeBack(v: unknown): string {
  if (typeof v !== 'string' || v.length > 2000) return '/admin';
  return /^\/admin(?:[/?][^\s\\]*)?$/.test(v) && !v.startsWith('//') ? v : '/admin';
}

function withDone(back: string, done: string, n: string | number): string {
  const u = new URL(back, 'http://x');
  u.searchParams.set('done', done);
  u.searchParams.set('n', String(n));
  u.searchParams.delete('lang');
  return `${u.pathname}?${u.searchParams.toString()}`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function clientAddress(c: C): string {
  try {
    return getConnInfo(c as unknown as Context).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A page with its doctype (standards mode). */
async function render(c: C, el: Child, status = 200): Promise<Response> {
  return c.html(`<!DOCTYPE html>${String(await el)}`, status as 200);
}

export function consoleRoutes(deps: AppDeps, opts: ConsoleOptions = {}): Hono<AppEnv> {
  const r = new Hono<ConsoleEnv>({ strict: false });
  const cfg = deps.config.console ?? { sessionTtlMinutes: 480, loginThrottle: { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMinutes: 15 } };
  const secret = cfg.sessionSecret ? Buffer.from(cfg.sessionSecret.reveal(), 'utf8') : randomBytes(32);
  const codec = createSessionCodec(secret, opts.now);
  const stores = opts.stores ?? (deps.redis ? redisStores(deps.redis, deps.keyPrefix ?? 'cgw') : memoryStores(opts.now));
  const actions = operatorActions(deps);
  const tz = deps.config.schedules.timezone;
  const ttlSeconds = cfg.sessionTtlMinutes * 60;
  const throttle = cfg.loginThrottle;
  const operators = new Map(deps.config.operators.filter((o) => o.passwordHash).map((o) => [o.id, o]));
  const boards = deps.queues && deps.queues.length > 0 ? bullBoards(deps.queues) : null;

  const secure = (c: C) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
  const ui = (c: C): Ui => {
    const s = c.get('session');
    return makeUi(c.get('consoleLang'), c.get('operator') ?? null, s ? codec.csrfToken(s.sid) : '', new URL(c.req.url), tz);
  };
  const audit = (op: { id: string; role: string }, action: string, subject: string, extra: { reason?: string; details?: Record<string, unknown> } = {}) =>
    auditOnly(deps.db, { actor: op.id, role: op.role, action, subject, ...extra });

  // ---- every console request: language, security headers, the session if there is one
  const frame: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    const q = c.req.query('lang');
    let lang: Lang = getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'zh';
    if (q === 'en' || q === 'zh') {
      lang = q;
      setCookie(c, LANG_COOKIE, q, { path: COOKIE_PATH, httpOnly: true, sameSite: 'Lax', maxAge: 365 * 86400, secure: secure(c) });
    }
    c.set('consoleLang', lang);
    c.set('lang', lang);

    const read = codec.read(getCookie(c, SESSION_COOKIE));
    if (read.ok) {
      const op = operators.get(read.payload.sub);
      if (!op || passwordVersion(secret, op.passwordHash) !== read.payload.pwv) c.set('sessionProblem', 'stale');
      else if (await stores.isRevoked(read.payload.sid).catch((e: Error) => (deps.logger.warn({ err: e.message }, 'console: revocation check failed'), false))) c.set('sessionProblem', 'revoked');
      else {
        c.set('session', read.payload);
        c.set('operator', { id: op.id, name: op.name, role: op.role });
      }
    } else if (read.why !== 'absent') c.set('sessionProblem', read.why);

    await next();
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'same-origin');
    c.header('x-frame-options', 'DENY');
    if (!c.req.path.startsWith(QUEUES_BASE)) c.header('content-security-policy', STRICT_CSP);
    else c.header('content-security-policy', "frame-ancestors 'none'");
  };
  r.use('/admin/*', frame); // matches /admin itself too
  // Console forms are small; bull-board's JSON bodies too.
  r.use(
    '/admin/*',
    bodyLimit({ maxSize: 256 * 1024, onError: (c) => problem(c as C, 413, ui(c as C).t('errorTitle'), 'BODY_TOO_LARGE', { limit: 256 * 1024 }) }),
  );

  /** bull-board's own client reads JSON errors: the same shape and catalogue codes as the API's. */
  const jsonError = (c: C, status: 401 | 403, code: ErrorCode, message: string) => c.json({ error: { code, message } }, status);

  const page = (c: C, status: number, title: string, message: string, extra: { code?: ErrorCode; backHref?: string } = {}) =>
    render(c, <Problem ui={ui(c)} title={title} message={message} code={extra.code} requestId={c.get('requestId')} backHref={extra.backHref} />, status);

  /** A problem page for a catalogue code: the catalogue's message in the operator's language. */
  const problem = (c: C, status: number, title: string, code: ErrorCode, params: Record<string, unknown> = {}, backHref?: string) =>
    page(c, status, title, renderMessage(code, params, c.get('consoleLang')), { code, backHref });

  const toLogin = (c: C) => {
    const u = new URL(c.req.url);
    const next = safeBack(u.pathname + u.search);
    const why = c.get('sessionProblem');
    if (why) deleteCookie(c, SESSION_COOKIE, { path: COOKIE_PATH });
    const q = new URLSearchParams({ ...(next !== '/admin' ? { next } : {}), ...(why ? { expired: '1' } : {}) }).toString();
    return c.redirect(`/admin/login${q ? `?${q}` : ''}`, 303);
  };

  /** The same host we are served from: the Origin of a state-changing request must be ours. */
  const sameOrigin = (c: C): boolean => {
    const origin = c.req.header('origin');
    if (!origin) return c.req.header('sec-fetch-site') !== 'cross-site';
    try {
      return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
    } catch {
      return false;
    }
  };

  /**
   * Session, then (for a POST) origin and CSRF token, then role. A GET without a session goes to
   * the login page; anything else without one is 401.
   */
  const need = (role: OperatorRole): MiddlewareHandler<ConsoleEnv> => async (c, next) => {
    const op = c.get('operator') as OperatorPrincipal | undefined;
    const session = c.get('session');
    if (!op || !session) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return toLogin(c);
      return page(c, 401, ui(c).t('sessionEnded'), ui(c).t('sessionEnded'), { code: 'AUTH_MISSING', backHref: '/admin/login' });
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (!sameOrigin(c)) return problem(c, 403, ui(c).t('csrfTitle'), 'CSRF_ORIGIN');
      const form = (await c.req.parseBody({ all: false }).catch(() => ({}))) as Form;
      c.set('form', form);
      if (!codec.checkCsrf(session.sid, form._csrf)) {
        deps.logger.warn({ requestId: c.get('requestId'), operator: op.id, path: c.req.path }, 'console: form without a valid CSRF token refused');
        return problem(c, 403, ui(c).t('csrfTitle'), 'CSRF_TOKEN_INVALID', {}, safeBack(str(form.back)));
      }
    }
    if (!hasRole(op, role)) return page(c, 403, ui(c).t('forbidden'), ui(c).t('needRole', { role: ui(c).t(`role_${role}`) }), { code: 'FORBIDDEN_ROLE', backHref: safeBack(str(c.get('form')?.back)) });
    await next();
  };

  const actorOf = (c: C, reason?: string): Actor => {
    const op = c.get('operator');
    return { actor: op.id, role: op.role, ...(reason ? { reason } : {}) };
  };
  const form = (c: C) => c.get('form') ?? {};

  r.onError((err, c) => {
    const back = safeBack(str(c.get('form')?.back));
    if (err instanceof GatewayError) return problem(c, err.status, ui(c).t('errorTitle'), err.code, err.params, back);
    deps.logger.error({ requestId: c.get('requestId'), err: (err as Error)?.stack ?? String(err) }, 'console: unhandled error');
    return problem(c, 500, ui(c).t('errorTitle'), 'INTERNAL', {}, back);
  });

  // ---------------------------------------------------------------------------------------- login
  r.get('/admin/login', (c) => {
    if (c.get('operator')) return c.redirect(safeBack(c.req.query('next')), 303);
    const { cookie, token } = codec.issueLoginNonce();
    setCookie(c, LOGIN_COOKIE, cookie, { path: COOKIE_PATH, httpOnly: true, sameSite: 'Lax', maxAge: LOGIN_FORM_MAX_AGE, secure: secure(c) });
    if (c.get('sessionProblem')) deleteCookie(c, SESSION_COOKIE, { path: COOKIE_PATH });
    const u = ui(c);
    const info = c.req.query('bye') ? u.t('loggedOut') : c.req.query('expired') || c.get('sessionProblem') ? u.t('sessionEnded') : undefined;
    const next = c.req.query('next');
    return render(c, <LoginPage ui={u} token={token} info={info} next={next ? safeBack(next) : undefined} />);
  });

  r.post('/admin/login', async (c) => {
    const u = ui(c);
    if (!sameOrigin(c)) return problem(c, 403, u.t('csrfTitle'), 'CSRF_ORIGIN', {}, '/admin/login');
    const f = (await c.req.parseBody({ all: false }).catch(() => ({}))) as Form;
    const loginCookie = getCookie(c, LOGIN_COOKIE);
    if (!codec.checkLoginToken(loginCookie, f._csrf, LOGIN_FORM_MAX_AGE)) {
      return problem(c, 403, u.t('csrfTitle'), 'CSRF_TOKEN_INVALID', {}, '/admin/login');
    }
    const username = (str(f.username) ?? '').trim().slice(0, 64);
    const password = (str(f.password) ?? '').slice(0, 1024);
    const next = safeBack(str(f.next));
    const address = clientAddress(c);
    const acctKey = `acct:${username.toLowerCase()}`;
    const addrKey = `addr:${address}`;
    const token = codec.loginTokenFor(loginCookie, LOGIN_FORM_MAX_AGE) ?? '';
    const again = (status: number, error: string) => render(c, <LoginPage ui={u} token={token} username={username} error={error} next={next !== '/admin' ? next : undefined} />, status);

    const wait = await stores
      .lockedFor([{ key: acctKey, max: throttle.maxFailuresPerAccount }, { key: addrKey, max: throttle.maxFailuresPerAddress }])
      .catch((e: Error) => (deps.logger.warn({ err: e.message }, 'console: login throttle unavailable'), 0));
    if (wait > 0) {
      deps.metrics.consoleLogins.inc({ result: 'throttled' });
      c.header('retry-after', String(wait));
      return again(429, u.t('loginThrottled', { minutes: Math.max(1, Math.ceil(wait / 60)) }));
    }
    const op = operators.get(username);
    const ok = await verifyPassword(password, op?.passwordHash);
    if (!ok || !op) {
      await stores.fail([acctKey, addrKey], throttle.windowMinutes * 60_000).catch(() => undefined);
      deps.metrics.consoleLogins.inc({ result: 'bad_credentials' });
      // Whatever was typed as the account (someone may type an ID number there) is cleaned and masked before it is kept.
      const account = maskIdsInText(username.replace(/[^\w.@-]/g, '?')).slice(0, 64) || '-';
      deps.logger.info({ requestId: c.get('requestId'), account, address }, 'console: sign-in refused');
      await auditOnly(deps.db, { actor: 'anonymous', role: 'none', action: 'console.login_failed', subject: `operator:${account}`, details: { address, knownAccount: !!op } });
      return again(401, u.t('loginFailed'));
    }
    await stores.reset(acctKey).catch(() => undefined);
    const { value, payload } = codec.issue(op.id, passwordVersion(secret, op.passwordHash), ttlSeconds);
    setCookie(c, SESSION_COOKIE, value, { path: COOKIE_PATH, httpOnly: true, sameSite: 'Lax', maxAge: ttlSeconds, secure: secure(c) });
    deleteCookie(c, LOGIN_COOKIE, { path: COOKIE_PATH });
    deps.metrics.consoleLogins.inc({ result: 'ok' });
    await audit(op, 'console.login', `operator:${op.id}`, { details: { address, expires: new Date(payload.exp * 1000).toISOString() } });
    return c.redirect(next, 303);
  });

  r.post('/admin/logout', need('viewer'), async (c) => {
    const s = c.get('session')!;
    await stores.revoke(s.sid, s.exp).catch((e: Error) => deps.logger.warn({ err: e.message }, 'console: could not record the logout'));
    deleteCookie(c, SESSION_COOKIE, { path: COOKIE_PATH });
    await audit(c.get('operator'), 'console.logout', `operator:${c.get('operator').id}`);
    return c.redirect('/admin/login?bye=1', 303);
  });

  // ------------------------------------------------------------------------------------- overview
  const overview = async (c: C) => {
    const today = todayIn(tz);
    const [targets, delivered, totals, failed, rejected, recs, late] = await Promise.all([
      actions.targets(),
      deliveredSince(deps.db, startOfDay(today, tz)),
      submissionTotals(deps.db),
      listDeliveries(deps.db, { state: 'failed' }, { limit: 8 }),
      listDeliveries(deps.db, { state: 'rejected' }, { limit: 8 }),
      Promise.all(deps.config.targets.map(async (t) => [t.id, (await listReconciliations(deps.db, { target: t.id, limit: 1 }))[0]] as const)),
      lateReportsByDepartment(deps.db),
    ]);
    const departments = deps.config.departments.map((d) => {
      const t = totals.find((x) => x.departmentId === d.id);
      return { id: d.id, name: d.name, submissions: t?.submissions ?? 0, accepted: t?.accepted ?? 0, rejected: t?.rejected ?? 0, unchanged: t?.unchanged ?? 0, late: late.get(d.id) ?? 0 };
    });
    const problems = [...failed.items, ...rejected.items].sort((a, b) => b.id - a.id).slice(0, 10);
    return render(c, <OverviewPage ui={ui(c)} d={{ targets, deliveredToday: delivered, lastReconciliation: new Map(recs), departments, problems }} />);
  };
  r.get('/admin', need('viewer'), overview);

  // ----------------------------------------------------------------------------------- deliveries
  /** The console's filter (dates are calendar days in the console's zone) as the store's filter. */
  const filterFrom = (q: Record<string, string | undefined>) => {
    const shown: Record<string, string> = {};
    for (const k of ['q', 'target', 'state', 'errorCode', 'department', 'type', 'from', 'to'] as const) {
      const v = q[k]?.trim();
      if (v) shown[k] = v.slice(0, 200);
    }
    for (const k of ['from', 'to'] as const) if (shown[k] && !DATE.test(shown[k]!)) throw new GatewayError('QUERY_INVALID', { param: k, reason: 'YYYY-MM-DD' });
    const store = deliveryFilterOf({
      ...shown,
      from: shown.from ? startOfDay(shown.from, tz) : undefined,
      to: shown.to ? startOfDay(addDays(shown.to, 1), tz) : undefined,
    });
    return { shown, store };
  };
  const masked = (items: DeliveryRow[]) => items.map((x) => ({ ...x, lastError: x.lastError ? maskIdsInText(x.lastError) : null }));

  r.get('/admin/deliveries', need('viewer'), async (c) => {
    const q = c.req.query();
    const { shown, store } = filterFrom(q);
    const before = q.before && /^\d{1,18}$/.test(q.before) ? Number(q.before) : undefined;
    const [res, errorCodes] = await Promise.all([listDeliveries(deps.db, store, { limit: 50, beforeId: before }), knownErrorCodes(deps.db)]);
    return render(c, <DeliveriesPage ui={ui(c)} d={{ items: masked(res.items), nextBefore: res.nextBeforeId, filter: shown, errorCodes, config: deps.config }} />);
  });

  r.get('/admin/deliveries.csv', need('viewer'), async (c) => {
    const { store } = filterFrom(c.req.query());
    const out = await deliveriesCsv(deps.db, store, ui(c).lang);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="deliveries.csv"');
    return c.body(out.csv);
  });

  r.post('/admin/deliveries/retry', need('operator'), async (c) => {
    const f = form(c);
    const reason = reasonOf(f.reason, true);
    const q: Record<string, string | undefined> = {};
    for (const k of ['q', 'target', 'state', 'errorCode', 'department', 'type', 'from', 'to']) q[k] = str(f[`filter.${k}`]);
    const res = await actions.retryBulk(filterFrom(q).store, actorOf(c, reason));
    deps.metrics.operatorActions.inc({ action: 'bulk_retry' });
    return c.redirect(withDone(safeBack(str(f.back)), 'retried', res.retried), 303);
  });

  r.post('/admin/deliveries/:id/retry', need('operator'), async (c) => {
    const f = form(c);
    const res = await actions.retryOne(actions.deliveryId(c.req.param('id')), actorOf(c, reasonOf(f.reason, false)));
    deps.metrics.operatorActions.inc({ action: 'retry' });
    return c.redirect(withDone(safeBack(str(f.back)), 'retried', res.retried), 303);
  });

  r.post('/admin/deliveries/:id/discard', need('operator'), async (c) => {
    const f = form(c);
    const id = actions.deliveryId(c.req.param('id'));
    await actions.discard(id, actorOf(c, reasonOf(f.reason, true)));
    deps.metrics.operatorActions.inc({ action: 'discard' });
    return c.redirect(withDone(safeBack(str(f.back)), 'discarded', id), 303);
  });

  r.post('/admin/targets/:id/:action', need('operator'), async (c) => {
    const f = form(c);
    const action = c.req.param('action') as TargetAction;
    if (!(TARGET_ACTIONS as readonly string[]).includes(action)) throw new GatewayError('NOT_FOUND', { what: `action ${action.slice(0, 32)}` });
    const res = await actions.targetAction(c.req.param('id'), action, actorOf(c, reasonOf(f.reason, false)));
    deps.metrics.operatorActions.inc({ action: `target_${action}` });
    return c.redirect(withDone(safeBack(str(f.back)), `target.${action}`, res.target), 303);
  });

  // -------------------------------------------------------------------------- records, submissions
  r.get('/admin/records/:id', need('viewer'), async (c) => {
    const id = c.req.param('id');
    const rec = isUuid(id) ? await getRecord(deps.db, id) : null;
    if (!rec) throw new GatewayError('NOT_FOUND', { what: `record ${id.slice(0, 64)}` });
    return render(c, <RecordPage ui={ui(c)} r={maskRecordView(rec)} config={deps.config} />);
  });

  r.get('/admin/submissions/:id', need('viewer'), async (c) => {
    const id = c.req.param('id');
    const s = isUuid(id) ? await getSubmission(deps.db, id) : null;
    if (!s) throw new GatewayError('NOT_FOUND', { what: `submission ${id.slice(0, 64)}` });
    const [raw, bodies] = await Promise.all([rawSubmission(deps.db, id, RAW_MAX_BYTES), versionBodiesOfSubmission(deps.db, s.response)]);
    let text: string | null = null;
    if (raw?.raw) {
      const charset = /charset=["']?([\w-]+)/i.exec(raw.contentType ?? '')?.[1] ?? 'utf-8';
      let decoded: string;
      try {
        decoded = new TextDecoder(charset).decode(raw.raw);
      } catch {
        decoded = new TextDecoder('utf-8').decode(raw.raw);
      }
      // Every ID number of the records this submission created, and anything shaped like a resident ID.
      text = maskIdsDeep(decoded, bodies.flatMap((b) => idNumbersOf(b)));
    }
    return render(c, <SubmissionPage ui={ui(c)} s={maskSubmissionView(s)} raw={{ text, size: raw?.size ?? 0, truncatedAt: raw && raw.size > RAW_MAX_BYTES ? RAW_MAX_BYTES : null }} config={deps.config} />);
  });

  // ------------------------------------------------------------------------------ reconciliations
  r.get('/admin/reconciliations', need('viewer'), async (c) => {
    const target = c.req.query('target') || undefined;
    const runs = await listReconciliations(deps.db, { target, limit: 100 });
    return render(c, <ReconciliationsPage ui={ui(c)} runs={runs} config={deps.config} target={target} />);
  });

  r.post('/admin/reconciliations', need('operator'), async (c) => {
    const f = form(c);
    await actions.requestReconciliation(str(f.target) ?? '', actorOf(c));
    deps.metrics.operatorActions.inc({ action: 'reconcile' });
    return c.redirect(withDone(safeBack(str(f.back)), 'reconciliation', str(f.target) ?? ''), 303);
  });

  r.get('/admin/reconciliations/:id', need('viewer'), async (c) => {
    const id = c.req.param('id');
    const category = c.req.query('category');
    const cat = category && ['missing', 'stale', 'revoked', 'ahead', 'unknown'].includes(category) ? category : undefined;
    const offset = Math.max(0, Number(c.req.query('offset')) || 0);
    const limit = 200;
    const rec = isUuid(id) ? await getReconciliation(deps.db, id, { category: cat, limit, offset }) : null;
    if (!rec) throw new GatewayError('NOT_FOUND', { what: `reconciliation ${id.slice(0, 64)}` });
    return render(c, <ReconciliationPage ui={ui(c)} r={rec} category={cat} offset={offset} limit={limit} />);
  });

  // ---------------------------------------------------------------------------------------- audit
  r.get('/admin/audit', need('admin'), async (c) => {
    const q = c.req.query();
    const before = q.before && /^\d{1,18}$/.test(q.before) ? Number(q.before) : undefined;
    const actor = q.actor?.trim().slice(0, 100) || undefined;
    const action = q.action?.trim().slice(0, 100) || undefined;
    const [entries, verify] = await Promise.all([listAudit(deps.db, { limit: 100, beforeSeq: before, actor, action }), verifyAudit(deps.db)]);
    const nextBefore = entries.length === 100 ? entries[entries.length - 1]!.seq : null;
    return render(c, <AuditPage ui={ui(c)} entries={entries} verify={verify} actor={actor} action={action} nextBefore={nextBefore} />);
  });

  // ----------------------------------------------------------------------- bull-board (/admin/queues)
  const queues: MiddlewareHandler<ConsoleEnv> = async (c) => {
    const op = c.get('operator');
    if (!op || !c.get('session')) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return toLogin(c);
      return jsonError(c, 401, 'AUTH_MISSING', ui(c).t('sessionEnded'));
    }
    if (!boards) return problem(c, 503, ui(c).t('queues'), 'UNAVAILABLE', { dependency: 'queue' });
    const write = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    if (write) {
      // bull-board's own client sends no CSRF token: its writes must come from this origin (SameSite=Lax keeps the cookie off cross-site requests too).
      if (!sameOrigin(c) || !c.req.header('origin')) return jsonError(c, 403, 'CSRF_ORIGIN', renderMessage('CSRF_ORIGIN', {}, c.get('consoleLang')));
      if (!hasRole(op, 'operator')) return jsonError(c, 403, 'FORBIDDEN_ROLE', ui(c).t('needRole', { role: ui(c).t('role_operator') }));
    }
    const res = await (await boards(!hasRole(op, 'operator'), c.get('consoleLang'))).fetch(c.req.raw, c.env);
    if (write && res.status < 400) {
      deps.metrics.operatorActions.inc({ action: 'queues' });
      await audit(op, `queues.${c.req.method.toLowerCase()}`, `bull-board:${c.req.path.slice(QUEUES_BASE.length).slice(0, 200)}`, { details: { status: res.status } });
    }
    return res;
  };
  r.all(QUEUES_BASE, queues);
  r.all(`${QUEUES_BASE}/*`, queues);

  r.all('/admin/*', (c) => page(c, 404, ui(c).t('notFound'), ui(c).t('notFound'), { code: 'ROUTE_NOT_FOUND', backHref: '/admin' }));
  return r as unknown as Hono<AppEnv>;
}

