/** @jsxImportSource hono/jsx */
// Page frame, navigation and small shared pieces of the console. Plain HTML forms, no script.
import type { Child } from 'hono/jsx';
import type { Lang } from '../errors/index.ts';
import type { OperatorRole } from '../config/index.ts';
import type { OperatorPrincipal } from '../http/operator-auth.ts';
import { isMessageKey, stateLabel, translate, type MessageKey } from './i18n.ts';

export interface Ui {
  lang: Lang;
  t: (k: MessageKey, p?: Record<string, string | number>) => string;
  op: OperatorPrincipal | null;
  csrf: string;
  url: URL;
  tz: string;
  can(role: OperatorRole): boolean;
}

const RANK: Record<OperatorRole, number> = { viewer: 1, operator: 2, admin: 3 };

export function makeUi(lang: Lang, op: OperatorPrincipal | null, csrf: string, url: URL, tz: string): Ui {
  return {
    lang, op, csrf, url, tz,
    t: (k, p) => translate(lang, k, p),
    can: (role) => !!op && RANK[op.role] >= RANK[role],
  };
}

/** The current URL with some query parameters replaced (undefined removes). */
export function withQuery(url: URL, patch: Record<string, string | undefined>): string {
  const u = new URL(url.pathname + url.search, 'http://x');
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '') u.searchParams.delete(k);
    else u.searchParams.set(k, v);
  }
  const s = u.searchParams.toString();
  return `${u.pathname}${s ? `?${s}` : ''}`;
}

const CSS = `
*{box-sizing:border-box}
html{font-size:14px}
body{margin:0;font-family:-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:#1f2933;background:#f3f5f8;line-height:1.5}
a{color:#1d5fbf;text-decoration:none}a:hover{text-decoration:underline}
header.top{display:flex;align-items:center;gap:24px;background:#17324d;color:#fff;padding:0 20px;height:52px;position:sticky;top:0;z-index:5}
header.top .brand{display:flex;flex-direction:column;line-height:1.2;white-space:nowrap}
header.top .brand strong{font-size:15px}header.top .brand span{font-size:12px;opacity:.75}
header.top nav{display:flex;gap:4px;flex:1}
header.top nav a{color:#dbe6f3;padding:6px 12px;border-radius:4px}
header.top nav a.on,header.top nav a:hover{background:#24496e;color:#fff;text-decoration:none}
header.top .who{display:flex;align-items:center;gap:12px;font-size:13px;white-space:nowrap}
header.top .who a{color:#dbe6f3}header.top .who a.on{color:#fff;font-weight:600}
header.top .who button{background:transparent;border:1px solid #7d95ad;color:#fff;padding:3px 10px}
main{max-width:1440px;margin:0 auto;padding:18px 20px 40px}
h1{font-size:20px;margin:0 0 14px}h2{font-size:16px;margin:22px 0 10px}
.card{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:14px 16px;margin-bottom:16px}
table{width:100%;border-collapse:collapse;background:#fff;font-size:13px}
th,td{text-align:left;padding:7px 8px;border-bottom:1px solid #e6eaef;vertical-align:top}
th{background:#f7f9fb;color:#52606d;font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr:hover td{background:#fafcff}
.tbl{border:1px solid #dde3ea;border-radius:6px;overflow:auto;margin-bottom:16px}
.tbl table{border:0}.tbl tr:last-child td{border-bottom:0}
.muted{color:#7b8794}.small{font-size:12px}.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.nowrap{white-space:nowrap}.wrap{word-break:break-all}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;white-space:nowrap;border:1px solid transparent}
.s-delivered,.s-closed,.s-done,.s-running-ok{background:#e3f4e8;color:#1e6b3a;border-color:#b9e0c5}
.s-pending,.s-queued,.s-in_flight,.s-running,.s-half_open{background:#fff5db;color:#8a5a00;border-color:#f1dc9e}
.s-failed,.s-open{background:#fde7e7;color:#a32121;border-color:#f3b9b9}
.s-rejected{background:#fdeedd;color:#a34d00;border-color:#f4caa0}
.s-superseded,.s-discarded{background:#eef1f4;color:#52606d;border-color:#d5dbe1}
.s-paused{background:#ffe9d6;color:#9a4a00;border-color:#f2c49b}
.flash{padding:10px 14px;border-radius:6px;margin-bottom:14px;background:#e3f4e8;border:1px solid #b9e0c5;color:#1e6b3a}
.flash.err{background:#fde7e7;border-color:#f3b9b9;color:#a32121}
.flash.warn{background:#fff5db;border-color:#f1dc9e;color:#8a5a00}
form.inline{display:inline-flex;gap:4px;align-items:center;margin:0}
input,select,button,textarea{font:inherit;font-size:13px}
input[type=text],input[type=search],input[type=date],input[type=password],select,textarea{border:1px solid #c5ced8;border-radius:4px;padding:4px 7px;background:#fff;min-height:28px}
button{border:1px solid #1d5fbf;background:#1d5fbf;color:#fff;border-radius:4px;padding:4px 12px;cursor:pointer;min-height:28px;white-space:nowrap}
button.secondary{background:#fff;color:#1d5fbf}
button.danger{background:#fff;color:#b42318;border-color:#e5a29b}
button:hover{filter:brightness(1.06)}
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px 12px;align-items:end}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#52606d;gap:2px}
.filters .q{grid-column:span 2}
.filters .btns{display:flex;gap:6px}
.kv{display:grid;grid-template-columns:140px 1fr;gap:4px 16px;font-size:13px}
.kv dt{color:#7b8794}.kv dd{margin:0;word-break:break-all}
pre.json{background:#0f1b2a;color:#d7e3f0;padding:12px 14px;border-radius:6px;overflow:auto;max-height:520px;font-size:12px;line-height:1.45;margin:0}
pre.raw{background:#f7f9fb;border:1px solid #dde3ea;padding:12px 14px;border-radius:6px;overflow:auto;max-height:620px;font-size:12px;margin:0;white-space:pre-wrap;word-break:break-all}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px}
.pager{display:flex;gap:12px;justify-content:flex-end;margin:-6px 0 16px}
.login{max-width:380px;margin:9vh auto;background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:26px 28px}
.login h1{font-size:18px}.login label{display:block;margin:12px 0 4px;color:#52606d;font-size:13px}
.login input{width:100%}.login button{width:100%;margin-top:18px;min-height:34px}
.login .lang{text-align:right;font-size:12px;margin-top:14px}
.actions-row{display:flex;gap:6px;flex-wrap:wrap}
.reason{width:150px}
.note{font-size:12px;color:#7b8794;margin:6px 0 0}
.bulk{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-top:10px;padding-top:10px;border-top:1px dashed #dde3ea}
.bulk .hint{font-size:12px;color:#52606d}
.bad{color:#b42318;font-weight:600}
.bulk strong{white-space:nowrap}
.err-code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:#a32121}
@media (max-width:1100px){.grid2{grid-template-columns:1fr}.filters .q{grid-column:span 1}}
`;

export function Layout(props: { ui: Ui; title: string; active?: string; children?: Child }) {
  const { ui } = props;
  const nav: Array<[string, string, MessageKey, OperatorRole]> = [
    ['overview', '/admin', 'overview', 'viewer'],
    ['deliveries', '/admin/deliveries', 'deliveries', 'viewer'],
    ['reconciliations', '/admin/reconciliations', 'reconciliations', 'viewer'],
    ['audit', '/admin/audit', 'audit', 'admin'],
    ['queues', '/admin/queues', 'queues', 'viewer'],
  ];
  return (
    <html lang={ui.lang === 'en' ? 'en' : 'zh-CN'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${ui.t('consoleTitle')}`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <header class="top">
          <div class="brand">
            <strong>{ui.t('appTitle')}</strong>
            <span>{ui.t('consoleTitle')}</span>
          </div>
          {ui.op ? (
            <nav>
              {nav.filter(([, , , role]) => ui.can(role)).map(([id, href, label]) => (
                <a href={href} class={props.active === id ? 'on' : ''}>
                  {ui.t(label)}
                </a>
              ))}
            </nav>
          ) : (
            <nav />
          )}
          <div class="who">
            <LangSwitch ui={ui} />
            {ui.op ? (
              <>
                <span data-testid="who">
                  {ui.lang === 'en' ? `${ui.op.name} (${ui.t(`role_${ui.op.role}`)})` : `${ui.op.name}（${ui.t(`role_${ui.op.role}`)}）`}
                </span>
                <form method="post" action="/admin/logout" class="inline">
                  <Csrf ui={ui} />
                  <button type="submit">{ui.t('logout')}</button>
                </form>
              </>
            ) : null}
          </div>
        </header>
        <main>
          <Flash ui={ui} />
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function LangSwitch({ ui }: { ui: Ui }) {
  return (
    <span>
      <a href={withQuery(ui.url, { lang: 'zh', done: undefined, n: undefined })} class={ui.lang === 'zh' ? 'on' : ''}>
        中文
      </a>
      {' / '}
      <a href={withQuery(ui.url, { lang: 'en', done: undefined, n: undefined })} class={ui.lang === 'en' ? 'on' : ''}>
        English
      </a>
    </span>
  );
}

/** A confirmation after a redirect: only known message keys, the count/name escaped. */
function Flash({ ui }: { ui: Ui }) {
  const done = ui.url.searchParams.get('done');
  if (!done) return null;
  const key = `done_${done}`;
  if (!isMessageKey(key)) return null;
  return (
    <div class="flash" role="status" data-testid="flash">
      {ui.t(key, { n: (ui.url.searchParams.get('n') ?? '').slice(0, 80) })}
    </div>
  );
}

export function Csrf({ ui }: { ui: Ui }) {
  return <input type="hidden" name="_csrf" value={ui.csrf} />;
}

/** Where to come back to after an action: this page, without the previous confirmation. */
export function Back({ ui, to }: { ui: Ui; to?: string }) {
  return <input type="hidden" name="back" value={to ?? withQuery(ui.url, { done: undefined, n: undefined, lang: undefined })} />;
}

export function State({ ui, state }: { ui: Ui; state: string }) {
  return <span class={`badge s-${state}`}>{stateLabel(ui.lang, state)}</span>;
}

export function Time({ ui, iso }: { ui: Ui; iso: string | null | undefined }) {
  return <span class="nowrap">{formatTimeUi(ui, iso)}</span>;
}

function formatTimeUi(ui: Ui, iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: ui.tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(d);
}

export function Json({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

/** A whole page for a refusal or an error (403 CSRF, 403 role, 404, a failed action). */
export function Problem(props: { ui: Ui; title: string; message: string; code?: string; requestId?: string; backHref?: string }) {
  const { ui } = props;
  return (
    <Layout ui={ui} title={props.title}>
      <div class="card" data-testid="problem">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        {props.code ? (
          <p class="small muted">
            <span class="err-code">{props.code}</span>
            {props.requestId ? ` · ${ui.t('requestId')} ${props.requestId}` : ''}
          </p>
        ) : null}
        <p>
          {props.backHref ? (
            <>
              <a href={props.backHref}>{ui.t('back')}</a>
              {' · '}
            </>
          ) : null}
          <a href="/admin">{ui.t('home')}</a>
        </p>
      </div>
    </Layout>
  );
}

const flatten = (x: unknown): unknown[] => (Array.isArray(x) ? x.flatMap(flatten) : [x]);

/** A column of a console table: its heading, right-aligned numbers, a hover hint. */
export type Column = Child | { label: Child; num?: boolean; title?: string };

/**
 * The console's table: headings, then the rows given as children, or, when there are none and `empty`
 * is set, one line saying so across every column.
 */
export function Table(props: { testid?: string; columns: readonly Column[]; empty?: string; children?: Child }) {
  const rows = flatten(props.children).filter((x) => x !== null && x !== undefined && x !== false);
  return (
    <div class="tbl">
      <table data-testid={props.testid}>
        <thead>
          <tr>
            {props.columns.map((c) =>
              c !== null && typeof c === 'object' && 'label' in c ? (
                <th class={c.num ? 'num' : undefined} title={c.title}>
                  {c.label}
                </th>
              ) : (
                <th>{c}</th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && props.empty !== undefined ? (
            <tr>
              <td colspan={props.columns.length} class="muted">
                {props.empty}
              </td>
            </tr>
          ) : (
            props.children
          )}
        </tbody>
      </table>
    </div>
  );
}
