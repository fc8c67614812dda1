/** @jsxImportSource hono/jsx */
// The console's pages. Each takes plain data and the Ui; no page reads the database itself.
import type { Config } from '../config/index.ts';
import type { TargetSummary } from '../http/operator-actions.ts';
import { DELIVERY_STATES, MAX_BULK } from '../http/operator-actions.ts';
import { RECORD_TYPES } from '../model/types.ts';
import type { ReconciliationView } from '../reconcile/index.ts';
import type { AuditEntry, DeliveryRow, RecordView, SubmissionView } from '../store/index.ts';
import { recordTypeLabel, stateLabel } from './i18n.ts';
import { Back, Csrf, Json, Layout, State, Table, Time, withQuery, type Ui } from './layout.tsx';
import { isUuid } from '../util/ids.ts';

// ---------------------------------------------------------------------------------------------- login

export function LoginPage(props: { ui: Ui; token: string; username?: string; error?: string; info?: string; next?: string }) {
  const { ui } = props;
  return (
    <html lang={ui.lang === 'en' ? 'en' : 'zh-CN'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${ui.t('login')} · ${ui.t('consoleTitle')}`}</title>
        <style
          dangerouslySetInnerHTML={{
            __html:
              'body{margin:0;font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;background:#17324d;color:#1f2933;font-size:14px}.login{max-width:380px;margin:12vh auto;background:#fff;border-radius:8px;padding:26px 28px;box-shadow:0 8px 30px rgba(0,0,0,.25)}h1{font-size:18px;margin:0 0 4px}.sub{color:#7b8794;font-size:13px;margin:0 0 12px}label{display:block;margin:12px 0 4px;color:#52606d;font-size:13px}input{width:100%;box-sizing:border-box;font:inherit;border:1px solid #c5ced8;border-radius:4px;padding:7px 9px}button{width:100%;margin-top:18px;font:inherit;border:0;background:#1d5fbf;color:#fff;border-radius:4px;padding:8px;cursor:pointer}.err{background:#fde7e7;color:#a32121;border:1px solid #f3b9b9;padding:8px 10px;border-radius:4px;margin:10px 0 0}.info{background:#e3f4e8;color:#1e6b3a;border:1px solid #b9e0c5;padding:8px 10px;border-radius:4px;margin:10px 0 0}.lang{text-align:right;font-size:12px;margin-top:14px}.lang a{color:#1d5fbf;text-decoration:none}',
          }}
        />
      </head>
      <body>
        <form class="login" method="post" action="/admin/login">
          <h1>{ui.t('loginTitle')}</h1>
          <p class="sub">{ui.t('appTitle')}</p>
          {props.error ? (
            <p class="err" role="alert" data-testid="login-error">
              {props.error}
            </p>
          ) : null}
          {props.info ? <p class="info">{props.info}</p> : null}
          <input type="hidden" name="_csrf" value={props.token} />
          {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
          <label for="username">{ui.t('username')}</label>
          <input id="username" name="username" type="text" autocomplete="username" required value={props.username ?? ''} autofocus />
          <label for="password">{ui.t('password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">{ui.t('login')}</button>
          <div class="lang">
            <a href={withQuery(ui.url, { lang: 'zh' })}>中文</a> / <a href={withQuery(ui.url, { lang: 'en' })}>English</a>
          </div>
        </form>
      </body>
    </html>
  );
}

// ------------------------------------------------------------------------------------------- overview

export interface OverviewData {
  targets: TargetSummary[];
  deliveredToday: Map<string, number>;
  lastReconciliation: Map<string, ReconciliationView | undefined>;
  departments: Array<{ id: string; name: string; submissions: number; accepted: number; rejected: number; unchanged: number; late: number }>;
  problems: DeliveryRow[];
}

function TargetActions({ ui, t }: { ui: Ui; t: TargetSummary }) {
  if (!ui.can('operator')) return <span class="muted">—</span>;
  return (
    <div class="actions-row">
      {t.paused ? (
        <form method="post" action={`/admin/targets/${encodeURIComponent(t.id)}/resume`} class="inline">
          <Csrf ui={ui} />
          <Back ui={ui} />
          <button type="submit" class="secondary" data-testid={`resume-${t.id}`}>
            {ui.t('resume')}
          </button>
        </form>
      ) : (
        <form method="post" action={`/admin/targets/${encodeURIComponent(t.id)}/pause`} class="inline">
          <Csrf ui={ui} />
          <Back ui={ui} />
          <input type="text" name="reason" class="reason" placeholder={ui.t('reasonPlaceholder')} required maxlength={1000} />
          <button type="submit" class="danger" data-testid={`pause-${t.id}`}>
            {ui.t('pause')}
          </button>
        </form>
      )}
      {t.circuit && t.circuit.state !== 'closed' ? (
        <form method="post" action={`/admin/targets/${encodeURIComponent(t.id)}/reset-circuit`} class="inline">
          <Csrf ui={ui} />
          <Back ui={ui} />
          <button type="submit" class="secondary">
            {ui.t('resetCircuit')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function OverviewPage({ ui, d }: { ui: Ui; d: OverviewData }) {
  const link = (q: Record<string, string>) => `/admin/deliveries?${new URLSearchParams(q).toString()}`;
  return (
    <Layout ui={ui} title={ui.t('overview')} active="overview">
      <h1>{ui.t('overview')}</h1>
      <h2>{ui.t('targets')}</h2>
      <Table testid="targets" columns={[ui.t('target'), { label: ui.t('deliveredToday'), num: true }, { label: ui.t('backlog'), num: true, title: ui.t('backlogHint') }, { label: ui.t('failed'), num: true }, { label: ui.t('rejected'), num: true }, ui.t('circuit'), ui.t('queue'), ui.t('lastReconciliation'), ui.t('actions')]}>
        {d.targets.map((t) => {
          const rec = d.lastReconciliation.get(t.id);
          const backlog = (t.deliveries.pending ?? 0) + (t.deliveries.in_flight ?? 0);
          return (
            <tr data-target={t.id}>
              <td>
                <strong>{t.name}</strong>
                <div class="small muted">
                  {t.id} · {ui.t(`kind_${t.kind as 'municipal'}`)} · {ui.t(`mode_${t.mode as 'realtime'}`)}
                </div>
              </td>
              <td class="num">{d.deliveredToday.get(t.id) ?? 0}</td>
              <td class="num">
                <a href={link({ target: t.id, state: 'pending' })}>{backlog}</a>
              </td>
              <td class="num">
                <a href={link({ target: t.id, state: 'failed' })} data-testid={`failed-${t.id}`} class={(t.deliveries.failed ?? 0) > 0 ? 'bad' : ''}>
                  {t.deliveries.failed ?? 0}
                </a>
              </td>
              <td class="num">
                <a href={link({ target: t.id, state: 'rejected' })} class={(t.deliveries.rejected ?? 0) > 0 ? 'bad' : ''}>
                  {t.deliveries.rejected ?? 0}
                </a>
              </td>
              <td>{t.circuit ? <State ui={ui} state={t.circuit.state} /> : <span class="muted">—</span>}</td>
              <td class="small">
                {t.paused === undefined ? (
                  <span class="muted">—</span>
                ) : t.paused ? (
                  <span class="badge s-paused">{ui.t('paused')}</span>
                ) : (
                  <span class="badge s-closed">{ui.t('running')}</span>
                )}
                {t.queue ? (
                  <div class="muted nowrap">
                    {ui.t('queueWaiting')} {t.queue.waiting ?? 0} · {ui.t('queueActive')} {t.queue.active ?? 0} · {ui.t('queueDelayed')} {t.queue.delayed ?? 0}
                  </div>
                ) : null}
              </td>
              <td class="small">
                {rec ? (
                  <a href={`/admin/reconciliations/${rec.id}`}>
                    <State ui={ui} state={rec.status} /> <Time ui={ui} iso={rec.finishedAt ?? rec.createdAt} />
                  </a>
                ) : (
                  <span class="muted">{ui.t('never')}</span>
                )}
              </td>
              <td>
                <TargetActions ui={ui} t={t} />
              </td>
            </tr>
          );
        })}
      </Table>

      <div class="grid2">
        <div>
          <h2>{ui.t('departments')}</h2>
          <Table testid="departments" columns={[ui.t('department'), { label: ui.t('submissions'), num: true }, { label: ui.t('acceptedRecords'), num: true }, { label: ui.t('rejectedRecords'), num: true }, { label: ui.t('unchangedRecords'), num: true }, { label: ui.t('lateReports'), num: true }]}>
            {d.departments.map((x) => (
              <tr>
                <td>
                  <a href={link({ department: x.id })}>{x.name}</a>
                  <div class="small muted">{x.id}</div>
                </td>
                <td class="num">{x.submissions}</td>
                <td class="num">{x.accepted}</td>
                <td class="num">{x.rejected}</td>
                <td class="num">{x.unchanged}</td>
                <td class={`num${x.late > 0 ? ' bad' : ''}`}>{x.late}</td>
              </tr>
            ))}
          </Table>
          <p class="note">{ui.t('lateReportsNote')}</p>
        </div>
        <div>
          <h2>
            {ui.t('recentProblems')} <a class="small" href={link({ state: 'failed' })}>{ui.t('allOfThem')}</a>
          </h2>
          <Table testid="problems" columns={[ui.t('id'), ui.t('subject'), ui.t('state'), ui.t('lastError'), ui.t('updatedAt')]} empty={ui.t('noProblems')}>
            {d.problems.map((p) => (
              <tr>
                <td class="mono">
                  <a href={`/admin/records/${p.recordId}`}>#{p.id}</a>
                </td>
                <td>
                  {p.subjectName}
                  <div class="small muted">
                    {recordTypeLabel(ui.lang, p.recordType)} · {p.target}
                  </div>
                </td>
                <td>
                  <State ui={ui} state={p.state} />
                </td>
                <td class="small">
                  <span class="err-code">{p.lastErrorCode ?? ''}</span>
                </td>
                <td class="small">
                  <Time ui={ui} iso={p.updatedAt} />
                </td>
              </tr>
            ))}
          </Table>
        </div>
      </div>
    </Layout>
  );
}

// ----------------------------------------------------------------------------------------- deliveries

export interface DeliveriesData {
  items: DeliveryRow[];
  nextBefore: number | null;
  filter: Record<string, string>;
  errorCodes: string[];
  config: Config;
}

function Select(props: { ui: Ui; name: string; value: string | undefined; options: Array<[string, string]> }) {
  return (
    <select name={props.name}>
      <option value="">{props.ui.t('any')}</option>
      {props.options.map(([v, label]) => (
        <option value={v} selected={props.value === v}>
          {label}
        </option>
      ))}
    </select>
  );
}

export function RetryButton({ ui, id, testid }: { ui: Ui; id: number; testid?: string }) {
  return (
    <form method="post" action={`/admin/deliveries/${id}/retry`} class="inline">
      <Csrf ui={ui} />
      <Back ui={ui} />
      <button type="submit" data-testid={testid ?? `retry-${id}`}>
        {ui.t('retry')}
      </button>
    </form>
  );
}

export function DeliveriesPage({ ui, d }: { ui: Ui; d: DeliveriesData }) {
  const f = d.filter;
  // What a bulk retry would act on: a retryable state, or (state unset → failed) a target or error code.
  const bulkAllowed = f.state ? ['failed', 'rejected', 'discarded'].includes(f.state) : !!(f.target || f.errorCode);
  return (
    <Layout ui={ui} title={ui.t('deliveries')} active="deliveries">
      <h1>{ui.t('deliveries')}</h1>
      <form method="get" action="/admin/deliveries" class="card" data-testid="filters">
        <div class="filters">
          <label class="q">
            {ui.t('search')}
            <input type="search" name="q" value={f.q ?? ''} placeholder={ui.t('searchPlaceholder')} maxlength={200} />
          </label>
          <label>
            {ui.t('target')}
            <Select ui={ui} name="target" value={f.target} options={d.config.targets.map((t) => [t.id, t.name])} />
          </label>
          <label>
            {ui.t('state')}
            <Select ui={ui} name="state" value={f.state} options={DELIVERY_STATES.map((s) => [s, stateLabel(ui.lang, s)])} />
          </label>
          <label>
            {ui.t('errorCode')}
            <input type="text" name="errorCode" value={f.errorCode ?? ''} list="error-codes" maxlength={80} />
            <datalist id="error-codes">
              {d.errorCodes.map((c) => (
                <option value={c} />
              ))}
            </datalist>
          </label>
          <label>
            {ui.t('department')}
            <Select ui={ui} name="department" value={f.department} options={d.config.departments.map((x) => [x.id, x.name])} />
          </label>
          <label>
            {ui.t('recordType')}
            <Select ui={ui} name="type" value={f.type} options={RECORD_TYPES.map((t) => [t, recordTypeLabel(ui.lang, t)])} />
          </label>
          <label>
            {ui.t('dateFrom')}
            <input type="date" name="from" value={f.from ?? ''} />
          </label>
          <label>
            {ui.t('dateTo')}
            <input type="date" name="to" value={f.to ?? ''} />
          </label>
          <div class="btns">
            <button type="submit" data-testid="apply-filter">
              {ui.t('apply')}
            </button>
            <a href="/admin/deliveries">
              <button type="button" class="secondary">
                {ui.t('reset')}
              </button>
            </a>
            <a href={`/admin/deliveries.csv?${new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')).toString()}`} data-testid="export-csv">
              {ui.t('exportCsv')}
            </a>
          </div>
        </div>
        {ui.can('operator') && !bulkAllowed ? <p class="note">{ui.t('bulkRetryNeedsFilter')}</p> : null}
      </form>
      {ui.can('operator') && bulkAllowed ? (
        <form method="post" action="/admin/deliveries/retry" class="card bulk" data-testid="bulk-retry">
          <Csrf ui={ui} />
          <Back ui={ui} />
          {(['q', 'target', 'state', 'errorCode', 'department', 'type', 'from', 'to'] as const).map((k) => (f[k] ? <input type="hidden" name={`filter.${k}`} value={f[k]} /> : null))}
          <strong>{ui.t('bulkRetry')}</strong>
          <span class="hint">{ui.t('bulkRetryHint', { max: MAX_BULK })}</span>
          <input type="text" name="reason" class="reason" style="width:260px" placeholder={ui.t('reasonPlaceholder')} required maxlength={1000} />
          <button type="submit" data-testid="bulk-retry-submit">
            {ui.t('bulkRetry')}
          </button>
        </form>
      ) : null}

      <Table testid="deliveries" columns={[ui.t('id'), ui.t('subject'), ui.t('recordType'), ui.t('department'), ui.t('target'), ui.t('state'), { label: ui.t('attempts'), num: true }, ui.t('lastError'), ui.t('updatedAt'), ui.t('actions')]} empty={ui.t('noDeliveries')}>
        {d.items.map((x) => (
          <tr data-delivery={String(x.id)} data-state={x.state}>
            <td class="mono">
              <a href={`/admin/records/${x.recordId}`}>#{x.id}</a>
              <div class="small muted">v{x.versionNo}</div>
            </td>
            <td>
              <a href={`/admin/records/${x.recordId}`}>{x.subjectName}</a>
              <div class="small muted mono">{x.subjectUscc ?? ''}</div>
              {x.docNo ? <div class="small muted">{x.docNo}</div> : null}
            </td>
            <td class="small">{recordTypeLabel(ui.lang, x.recordType)}</td>
            <td class="small">{deptName(d.config, x.departmentId)}</td>
            <td class="small">{x.target}</td>
            <td>
              <State ui={ui} state={x.state} />
            </td>
            <td class="num">{x.attempts}</td>
            <td class="small" style="max-width:320px">
              {x.lastErrorCode ? <div class="err-code">{x.lastErrorCode}</div> : null}
              {x.lastError ? <div class="muted wrap">{x.lastError.slice(0, 240)}</div> : null}
            </td>
            <td class="small">
              <Time ui={ui} iso={x.updatedAt} />
            </td>
            <td>
              <div class="actions-row">
                {ui.can('operator') && ['failed', 'rejected', 'discarded'].includes(x.state) ? <RetryButton ui={ui} id={x.id} /> : null}
                <a href={`/admin/records/${x.recordId}`} class="small">
                  {ui.t('details')}
                </a>
              </div>
            </td>
          </tr>
        ))}
      </Table>
      <div class="pager">
        {ui.url.searchParams.get('before') ? <a href={withQuery(ui.url, { before: undefined, done: undefined, n: undefined })}>{ui.t('firstPage')}</a> : null}
        {d.nextBefore ? (
          <a href={withQuery(ui.url, { before: String(d.nextBefore), done: undefined, n: undefined })} data-testid="next-page">
            {ui.t('nextPage')} →
          </a>
        ) : null}
      </div>
    </Layout>
  );
}

const deptName = (config: Config, id: string) => config.departments.find((x) => x.id === id)?.name ?? id;

// --------------------------------------------------------------------------------------------- record

export function RecordPage({ ui, r, config }: { ui: Ui; r: RecordView; config: Config }) {
  const lastVersion = Math.max(0, ...r.deliveries.map((d) => d.versionNo));
  return (
    <Layout ui={ui} title={`${ui.t('record')} ${r.subjectName}`} active="deliveries">
      <h1>
        {r.subjectName} <span class="muted small">{recordTypeLabel(ui.lang, r.recordType)}</span>
      </h1>
      <div class="card">
        <dl class="kv" data-testid="record-summary">
          <dt>{ui.t('recordId')}</dt>
          <dd class="mono">{r.recordId}</dd>
          <dt>{ui.t('recordKey')}</dt>
          <dd class="mono">{r.recordKey}</dd>
          <dt>{ui.t('department')}</dt>
          <dd>
            {deptName(config, r.departmentId)} <span class="muted small">{r.departmentId}</span>
          </dd>
          <dt>{ui.t('subject')}</dt>
          <dd>
            {r.subjectName} <span class="mono small muted">{r.subjectUscc ?? ''}</span>
          </dd>
          <dt>{ui.t('operation')}</dt>
          <dd>{r.operation}</dd>
          <dt>{ui.t('currentVersion')}</dt>
          <dd>
            v{r.currentVersionNo} <span class="mono small muted">{r.currentVersion.slice(0, 16)}</span>
          </dd>
          <dt>{ui.t('createdAt')}</dt>
          <dd>
            <Time ui={ui} iso={r.createdAt} /> · {ui.t('updatedAt')} <Time ui={ui} iso={r.updatedAt} />
          </dd>
          {r.lifecycle ? <Lifecycle ui={ui} l={r.lifecycle} /> : null}
        </dl>
      </div>

      <h2>{ui.t('deliveriesOfRecord')}</h2>
      <Table testid="record-deliveries" columns={[ui.t('id'), ui.t('target'), ui.t('version'), ui.t('state'), { label: ui.t('attempts'), num: true }, ui.t('lastError'), ui.t('receipt'), ui.t('deliveredAt'), ui.t('actions')]}>
        {r.deliveries.map((x) => (
          <tr data-delivery={String(x.id)} data-state={x.state}>
            <td class="mono">#{x.id}</td>
            <td>{x.target}</td>
            <td>
              v{x.versionNo}
              {x.versionNo < lastVersion ? <span class="small muted"> ↑</span> : null}
            </td>
            <td>
              <State ui={ui} state={x.state} />
            </td>
            <td class="num">{x.attempts}</td>
            <td class="small" style="max-width:320px">
              {x.lastErrorCode ? <div class="err-code">{x.lastErrorCode}</div> : null}
              {x.lastError ? <div class="muted wrap">{x.lastError}</div> : null}
            </td>
            <td class="mono small">{x.receiptId ?? '—'}</td>
            <td class="small">
              <Time ui={ui} iso={x.deliveredAt} />
            </td>
            <td>
              {ui.can('operator') ? (
                <div class="actions-row">
                  {['failed', 'rejected', 'discarded'].includes(x.state) ? <RetryButton ui={ui} id={x.id} /> : null}
                  {['pending', 'failed', 'rejected'].includes(x.state) ? (
                    <form method="post" action={`/admin/deliveries/${x.id}/discard`} class="inline">
                      <Csrf ui={ui} />
                      <Back ui={ui} />
                      <input type="text" name="reason" class="reason" placeholder={ui.t('reasonPlaceholder')} required maxlength={1000} />
                      <button type="submit" class="danger" data-testid={`discard-${x.id}`}>
                        {ui.t('discard')}
                      </button>
                    </form>
                  ) : null}
                </div>
              ) : (
                <span class="muted">—</span>
              )}
            </td>
          </tr>
        ))}
      </Table>

      <h2>{ui.t('attemptsTitle')}</h2>
      <Table testid="attempts" columns={[ui.t('startedAt'), ui.t('target'), ui.t('batch'), { label: ui.t('duration'), num: true }, { label: ui.t('httpStatus'), num: true }, ui.t('outcome'), ui.t('response')]} empty={ui.t('noAttempts')}>
        {r.attempts.map((a) => (
          <tr>
            <td class="small">
              <Time ui={ui} iso={a.startedAt} />
            </td>
            <td>{a.target}</td>
            <td class="mono small">{a.batchId.slice(0, 24)}</td>
            <td class="num">{a.durationMs} ms</td>
            <td class="num">{a.httpStatus ?? '—'}</td>
            <td>
              <span class={`badge s-${outcomeClass(a.outcome)}`}>{stateLabel(ui.lang, a.outcome)}</span>
            </td>
            <td class="small" style="max-width:420px">
              {a.errorCode ? <div class="err-code">{a.errorCode}</div> : null}
              {a.message ? <div class="wrap">{a.message}</div> : null}
            </td>
          </tr>
        ))}
      </Table>

      <div class="grid2">
        <div>
          <h2>{ui.t('versions')}</h2>
          <Table testid="versions" columns={[ui.t('version'), ui.t('operation'), ui.t('submission'), ui.t('createdAt'), ui.t('warnings')]}>
            {r.versions.map((v) => (
              <tr>
                <td>
                  v{v.versionNo} <span class="mono small muted">{v.version.slice(0, 12)}</span>
                </td>
                <td>{v.operation}</td>
                <td class="small">
                  <a href={`/admin/submissions/${v.submissionId}`} data-testid="raw-link">
                    {ui.t('rawSubmission')}
                  </a>
                </td>
                <td class="small">
                  <Time ui={ui} iso={v.createdAt} />
                </td>
                <td class="small">{Array.isArray(v.warnings) ? v.warnings.length : 0}</td>
              </tr>
            ))}
          </Table>
        </div>
        <div>
          <h2>{ui.t('canonicalRecord')}</h2>
          <Json value={r.record} />
        </div>
      </div>
    </Layout>
  );
}

function Lifecycle({ ui, l }: { ui: Ui; l: RecordView['lifecycle'] }) {
  return (
    <>
      <dt>{ui.t('lifecycle')}</dt>
      <dd>
        <span class={`badge s-${l.state === 'active' ? 'delivered' : 'superseded'}`}>{stateLabel(ui.lang, l.state)}</span>
        {l.objectionPending ? <span class="badge s-pending"> {ui.t('objectionPending')}</span> : null}
        {l.publicityEnd ? ` · ${ui.t('publicityEnd')} ${l.publicityEnd}` : ''}
        {l.rule ? <span class="small muted"> ({l.rule})</span> : null}
        {l.withdrawnReason ? <div class="small muted">{`${ui.t('withdrawn')}: ${l.withdrawnReason}`}</div> : null}
      </dd>
      {l.reportDelayWorkingDays !== null ? (
        <>
          <dt>{ui.t('reportDelay')}</dt>
          <dd>
            {ui.t('reportDelayValue', { n: l.reportDelayWorkingDays })}{' '}
            {l.reportedLate ? <span class="badge s-failed">{ui.t('late')}</span> : <span class="badge s-delivered">{ui.t('onTime')}</span>}
          </dd>
        </>
      ) : null}
    </>
  );
}

function outcomeClass(outcome: string): string {
  if (outcome === 'ok' || outcome === 'delivered' || outcome === 'accepted') return 'delivered';
  if (outcome === 'rejected' || outcome === 'partial') return 'rejected';
  return 'failed';
}

// ----------------------------------------------------------------------------------------- submission

export function SubmissionPage(props: { ui: Ui; s: SubmissionView; raw: { text: string | null; size: number; truncatedAt: number | null }; config: Config }) {
  const { ui, s, raw } = props;
  return (
    <Layout ui={ui} title={`${ui.t('submission')} ${s.submissionId.slice(0, 8)}`} active="deliveries">
      <h1>
        {ui.t('submission')} <span class="mono small muted">{s.submissionId}</span>
      </h1>
      <div class="card">
        <dl class="kv">
          <dt>{ui.t('department')}</dt>
          <dd>
            {deptName(props.config, s.departmentId)} <span class="muted small">{s.departmentId}</span>
          </dd>
          <dt>{ui.t('adapter')}</dt>
          <dd>{s.adapter}</dd>
          <dt>{ui.t('contentType')}</dt>
          <dd class="mono">{s.contentType ?? '—'}</dd>
          <dt>{ui.t('receivedAt')}</dt>
          <dd>
            <Time ui={ui} iso={s.receivedAt} />
          </dd>
          <dt>{ui.t('recordCount')}</dt>
          <dd>
            {s.recordCount} · {ui.t('accepted')} {s.accepted} · {ui.t('rejected')} {s.rejected} · {ui.t('unchangedRecords')} {s.unchanged}
          </dd>
          {s.header ? (
            <>
              <dt>{ui.t('header')}</dt>
              <dd class="mono small">{JSON.stringify(s.header)}</dd>
            </>
          ) : null}
        </dl>
      </div>
      <h2>{ui.t('rawBody')}</h2>
      {raw.truncatedAt ? <p class="note">{ui.t('rawTruncated', { n: raw.truncatedAt })}</p> : null}
      {raw.text === null ? <p class="muted">{ui.t('rawMissing')}</p> : <pre class="raw" data-testid="raw">{raw.text}</pre>}
      <h2>{ui.t('answer')}</h2>
      <Json value={s.response} />
    </Layout>
  );
}

// ------------------------------------------------------------------------------------ reconciliations

function Counts({ ui, counts }: { ui: Ui; counts: ReconciliationView['counts'] }) {
  if (!counts) return <span class="muted">—</span>;
  const c = counts as unknown as Record<string, number>;
  return (
    <span class="small nowrap">
      {(['missing', 'stale', 'revoked', 'ahead', 'unknown'] as const).map((k, i) => (
        <>
          {i > 0 ? ' · ' : ''}
          <span class={(c[k] ?? 0) > 0 ? 'bad' : ''}>
            {ui.t(`cat_${k}`)} {c[k] ?? 0}
          </span>
        </>
      ))}
    </span>
  );
}

const triggerLabel = (ui: Ui, t: string) => (ui.lang === 'en' ? t : ({ schedule: '定时', operator: '运维发起', api: '接口' } as Record<string, string>)[t] ?? t);

export function ReconciliationsPage({ ui, runs, config, target }: { ui: Ui; runs: ReconciliationView[]; config: Config; target?: string }) {
  return (
    <Layout ui={ui} title={ui.t('reconciliations')} active="reconciliations">
      <h1>{ui.t('reconciliations')}</h1>
      <div class="card actions-row" style="align-items:center">
        <form method="get" action="/admin/reconciliations" class="inline">
          <Select ui={ui} name="target" value={target} options={config.targets.map((t) => [t.id, t.name])} />
          <button type="submit" class="secondary">
            {ui.t('apply')}
          </button>
        </form>
        {ui.can('operator')
          ? config.targets.map((t) => (
              <form method="post" action="/admin/reconciliations" class="inline">
                <Csrf ui={ui} />
                <Back ui={ui} />
                <input type="hidden" name="target" value={t.id} />
                <button type="submit">
                  {ui.t('runNow')} · {t.name}
                </button>
              </form>
            ))
          : null}
      </div>
      <Table testid="reconciliations" columns={[ui.t('createdAt'), ui.t('target'), ui.t('trigger'), ui.t('requestedBy'), ui.t('status'), { label: ui.t('duration'), num: true }, ui.t('counts'), ui.t('error')]} empty={ui.t('noReconciliations')}>
        {runs.map((r) => (
          <tr>
            <td class="small">
              <a href={`/admin/reconciliations/${r.id}`}>
                <Time ui={ui} iso={r.createdAt} />
              </a>
            </td>
            <td>{r.target}</td>
            <td class="small">{triggerLabel(ui, r.trigger)}</td>
            <td class="small">{r.requestedBy ?? '—'}</td>
            <td>
              <State ui={ui} state={r.status} />
            </td>
            <td class="num">{r.durationMs === null ? '—' : `${r.durationMs} ms`}</td>
            <td>
              <Counts ui={ui} counts={r.counts} />
            </td>
            <td class="small wrap">{r.error ?? ''}</td>
          </tr>
        ))}
      </Table>
    </Layout>
  );
}

export interface ReconciliationDetail extends ReconciliationView {
  items: Array<{ category: string; recordId: string; platformVersion: string | null; expectedVersionNo: number | null; action: string | null }>;
}

export function ReconciliationPage({ ui, r, category, offset, limit }: { ui: Ui; r: ReconciliationDetail; category?: string; offset: number; limit: number }) {
  return (
    <Layout ui={ui} title={ui.t('reconciliations')} active="reconciliations">
      <h1>
        {ui.t('reconciliations')} <span class="mono small muted">{r.id}</span>
      </h1>
      <div class="card">
        <dl class="kv">
          <dt>{ui.t('target')}</dt>
          <dd>{r.target}</dd>
          <dt>{ui.t('status')}</dt>
          <dd>
            <State ui={ui} state={r.status} />
          </dd>
          <dt>{ui.t('trigger')}</dt>
          <dd>
            {triggerLabel(ui, r.trigger)} {r.requestedBy ? `· ${r.requestedBy}` : ''}
          </dd>
          <dt>{ui.t('createdAt')}</dt>
          <dd>
            <Time ui={ui} iso={r.createdAt} /> → <Time ui={ui} iso={r.finishedAt} /> {r.durationMs !== null ? `(${r.durationMs} ms)` : ''}
          </dd>
          <dt>{ui.t('counts')}</dt>
          <dd>
            <Counts ui={ui} counts={r.counts} />
          </dd>
          {r.error ? (
            <>
              <dt>{ui.t('error')}</dt>
              <dd class="err-code">{r.error}</dd>
            </>
          ) : null}
        </dl>
      </div>
      <div class="actions-row" style="margin-bottom:10px">
        <a href={withQuery(ui.url, { category: undefined, offset: undefined })}>{ui.t('any')}</a>
        {(['missing', 'stale', 'revoked', 'ahead', 'unknown'] as const).map((k) => (
          <a href={withQuery(ui.url, { category: k, offset: undefined })} style={category === k ? 'font-weight:600' : ''}>
            {ui.t(`cat_${k}`)}
          </a>
        ))}
      </div>
      <Table columns={[ui.t('category'), ui.t('recordId'), ui.t('platformVersion'), ui.t('expectedVersion'), ui.t('action')]} empty={ui.t('noItems')}>
        {r.items.map((i) => (
          <tr>
            <td>{ui.t(`cat_${i.category as 'missing'}`)}</td>
            <td class="mono">{isUuid(i.recordId) ? <a href={`/admin/records/${i.recordId}`}>{i.recordId}</a> : i.recordId}</td>
            <td class="mono small">{i.platformVersion?.slice(0, 16) ?? '—'}</td>
            <td>{i.expectedVersionNo === null ? '—' : `v${i.expectedVersionNo}`}</td>
            <td class="small">{i.action ?? '—'}</td>
          </tr>
        ))}
      </Table>
      <div class="pager">
        {offset > 0 ? <a href={withQuery(ui.url, { offset: String(Math.max(0, offset - limit)) })}>←</a> : null}
        {r.items.length === limit ? <a href={withQuery(ui.url, { offset: String(offset + limit) })}>{ui.t('nextPage')} →</a> : null}
      </div>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------- audit

export function AuditPage(props: { ui: Ui; entries: AuditEntry[]; verify: { ok: boolean; entries: number; firstBadSeq: number | null; problem: string | null }; actor?: string; action?: string; nextBefore: number | null }) {
  const { ui, verify } = props;
  return (
    <Layout ui={ui} title={ui.t('audit')} active="audit">
      <h1>{ui.t('audit')}</h1>
      <div class={`flash ${verify.ok ? '' : 'err'}`} data-testid="chain">
        {verify.ok ? ui.t('chainOk', { n: verify.entries }) : ui.t('chainBad', { seq: verify.firstBadSeq ?? '?', problem: verify.problem ?? '' })}
      </div>
      <form method="get" action="/admin/audit" class="card inline" style="display:flex;gap:8px">
        <input type="text" name="actor" value={props.actor ?? ''} placeholder={ui.t('actor')} maxlength={100} />
        <input type="text" name="action" value={props.action ?? ''} placeholder={ui.t('auditAction')} maxlength={100} />
        <button type="submit" class="secondary">
          {ui.t('apply')}
        </button>
      </form>
      <Table testid="audit" columns={[{ label: ui.t('seq'), num: true }, ui.t('at'), ui.t('actor'), ui.t('auditAction'), ui.t('subject'), ui.t('reason'), ui.t('details'), ui.t('hash')]} empty={ui.t('noAudit')}>
        {props.entries.map((e) => (
          <tr data-seq={String(e.seq)} data-action={e.action}>
            <td class="num">{e.seq}</td>
            <td class="small">
              <Time ui={ui} iso={e.at} />
            </td>
            <td>
              {e.actor} <span class="small muted">{e.role}</span>
            </td>
            <td class="mono">{e.action}</td>
            <td class="mono small wrap" style="max-width:260px">
              {e.subject}
            </td>
            <td class="small">{e.reason ?? ''}</td>
            <td class="mono small wrap" style="max-width:300px">
              {e.details ? JSON.stringify(e.details).slice(0, 300) : ''}
            </td>
            <td class="mono small muted" title={e.hash}>
              {e.hash.slice(0, 10)}
            </td>
          </tr>
        ))}
      </Table>
      <div class="pager">
        {props.nextBefore ? <a href={withQuery(ui.url, { before: String(props.nextBefore) })}>{ui.t('nextPage')} →</a> : null}
      </div>
    </Layout>
  );
}
