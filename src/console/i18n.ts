// Console wording: Chinese first (the operators'), English beside it. One table, [zh, en].
import type { Lang } from '../errors/index.ts';

const M = {
  appTitle: ['安全生产信用信息交换网关', 'Work-safety credit exchange gateway'],
  consoleTitle: ['运维控制台', 'Operator console'],
  overview: ['概览', 'Overview'],
  deliveries: ['投递', 'Deliveries'],
  reconciliations: ['对账', 'Reconciliation'],
  audit: ['审计日志', 'Audit log'],
  queues: ['队列', 'Queues'],
  logout: ['退出', 'Sign out'],
  login: ['登录', 'Sign in'],
  loginTitle: ['登录运维控制台', 'Sign in to the operator console'],
  username: ['账号', 'Account'],
  password: ['口令', 'Password'],
  loginFailed: ['账号或口令错误', 'Wrong account or password'],
  loginThrottled: ['登录失败次数过多，请 {minutes} 分钟后再试', 'Too many failed sign-ins; try again in {minutes} min'],
  loggedOut: ['已退出登录', 'Signed out'],
  sessionEnded: ['会话已过期或无效，请重新登录', 'Your session expired or is invalid; sign in again'],
  role_viewer: ['观察员', 'viewer'],
  role_operator: ['运维员', 'operator'],
  role_admin: ['管理员', 'admin'],

  targets: ['目标平台', 'Target platforms'],
  target: ['目标平台', 'Target'],
  deliveredToday: ['今日送达', 'Delivered today'],
  backlog: ['积压', 'Backlog'],
  backlogHint: ['待投递 + 投递中', 'pending + in flight'],
  failed: ['失败', 'Failed'],
  rejected: ['被拒收', 'Rejected'],
  circuit: ['熔断', 'Circuit'],
  queue: ['队列', 'Queue'],
  paused: ['已暂停', 'Paused'],
  running: ['运行中', 'Running'],
  lastReconciliation: ['最近对账', 'Last reconciliation'],
  never: ['从未', 'never'],
  actions: ['操作', 'Actions'],
  pause: ['暂停', 'Pause'],
  resume: ['恢复', 'Resume'],
  resetCircuit: ['重置熔断', 'Reset circuit'],
  reasonPlaceholder: ['原因（必填）', 'Reason (required)'],
  reasonOptional: ['原因（可选）', 'Reason (optional)'],
  departments: ['报送部门', 'Departments'],
  department: ['部门', 'Department'],
  submissions: ['报送次数', 'Submissions'],
  acceptedRecords: ['接收记录', 'Accepted records'],
  rejectedRecords: ['退回记录', 'Rejected records'],
  unchangedRecords: ['未变化', 'Unchanged'],
  lateReports: ['逾期报送', 'Late reports'],
  lateReportsNote: ['逾期报送：决定日期后超过规定工作日才报送的记录数（按配置的节假日日历计算）。', 'Late reports: records reported more working days after the decision than allowed (holiday calendar from the configuration).'],
  queueWaiting: ['等待', 'waiting'],
  queueActive: ['处理中', 'active'],
  queueDelayed: ['延迟', 'delayed'],
  kind_municipal: ['市级平台', 'municipal'],
  kind_provincial: ['省级平台', 'provincial'],
  mode_realtime: ['实时', 'real time'],
  mode_batch: ['批量', 'batch'],
  lifecycle: ['生命周期', 'Lifecycle'],
  publicityEnd: ['公示截止', 'Publicity ends'],
  reportDelay: ['报送时效', 'Reporting delay'],
  reportDelayValue: ['决定后第 {n} 个工作日报送', 'reported {n} working days after the decision'],
  late: ['逾期', 'late'],
  onTime: ['按时', 'on time'],
  objectionPending: ['异议处理中', 'objection pending'],
  withdrawn: ['已撤下', 'withdrawn'],
  auditAction: ['动作', 'Action'],
  exportCsv: ['导出 CSV（至多 1 万条）', 'Export CSV (up to 10,000)'],
  recentProblems: ['最近失败与被拒收的投递', 'Recent failed and rejected deliveries'],
  noProblems: ['没有失败或被拒收的投递', 'No failed or rejected deliveries'],
  allOfThem: ['查看全部', 'See all'],

  filters: ['筛选', 'Filter'],
  search: ['搜索', 'Search'],
  searchPlaceholder: ['统一社会信用代码 / 记录 ID / 文书号 / 主体名称', 'USCC / record id / 文书号 (document no.) / subject name'],
  any: ['全部', 'any'],
  state: ['状态', 'State'],
  errorCode: ['错误码', 'Error code'],
  recordType: ['记录类型', 'Record type'],
  dateFrom: ['更新自', 'Updated from'],
  dateTo: ['更新至', 'Updated to'],
  apply: ['查询', 'Apply'],
  reset: ['清除', 'Clear'],
  id: ['编号', 'ID'],
  subject: ['主体', 'Subject'],
  attempts: ['尝试', 'Attempts'],
  lastError: ['最近错误', 'Last error'],
  updatedAt: ['更新时间', 'Updated'],
  retry: ['重试', 'Retry'],
  discard: ['丢弃', 'Discard'],
  details: ['详情', 'Details'],
  nextPage: ['下一页', 'Next page'],
  firstPage: ['第一页', 'First page'],
  noDeliveries: ['没有符合条件的投递', 'No deliveries match'],
  bulkRetry: ['批量重试', 'Bulk retry'],
  bulkRetryHint: ['重试符合当前筛选条件的全部投递（状态未选时为“失败”，最多 {max} 条）', 'Retry every delivery the current filter selects (failed when no state is chosen; at most {max})'],
  bulkRetryNeedsFilter: ['批量重试：请先筛选可重试的状态（失败、被拒收、已丢弃），或按目标平台、错误码筛选', 'Bulk retry: filter by a retryable state (failed, rejected, discarded), or by target or error code, first'],
  confirmBulk: ['确定按当前筛选批量重试？', 'Retry everything this filter selects?'],
  confirmDiscard: ['丢弃后该投递不再推送，确定？', 'A discarded delivery is never pushed; discard it?'],

  record: ['记录', 'Record'],
  recordId: ['记录 ID', 'Record id'],
  recordKey: ['业务键', 'Record key'],
  operation: ['操作类型', 'Operation'],
  currentVersion: ['当前版本', 'Current version'],
  createdAt: ['创建时间', 'Created'],
  versions: ['版本', 'Versions'],
  version: ['版本', 'Version'],
  submission: ['报送', 'Submission'],
  rawSubmission: ['原始报文', 'Raw submission'],
  warnings: ['警告', 'Warnings'],
  canonicalRecord: ['规范化记录（个人证件号已脱敏）', 'Canonical record (personal ID numbers masked)'],
  attemptsTitle: ['推送记录（每次尝试及平台应答）', 'Push attempts (each try and the platform’s answer)'],
  startedAt: ['开始时间', 'Started'],
  batch: ['批次', 'Batch'],
  duration: ['耗时', 'Duration'],
  httpStatus: ['HTTP 状态', 'HTTP status'],
  outcome: ['结果', 'Outcome'],
  response: ['应答 / 错误信息', 'Response / error'],
  noAttempts: ['尚无推送记录', 'No push attempts yet'],
  receipt: ['回执', 'Receipt'],
  deliveredAt: ['送达时间', 'Delivered at'],
  deliveriesOfRecord: ['各平台投递', 'Deliveries per platform'],

  adapter: ['格式', 'Format'],
  contentType: ['内容类型', 'Content type'],
  receivedAt: ['接收时间', 'Received'],
  recordCount: ['记录数', 'Records'],
  accepted: ['接收', 'Accepted'],
  header: ['报文头', 'Header'],
  answer: ['网关应答（已脱敏）', 'Gateway answer (masked)'],
  rawBody: ['原始报文（证件号已脱敏）', 'Raw body (ID numbers masked)'],
  rawTruncated: ['原始报文过长，仅显示前 {n} 字节', 'Raw body truncated to the first {n} bytes'],
  rawMissing: ['未保存原始报文', 'No raw body stored'],

  runNow: ['立即对账', 'Reconcile now'],
  trigger: ['触发方式', 'Trigger'],
  requestedBy: ['发起人', 'Requested by'],
  status: ['状态', 'Status'],
  finishedAt: ['完成时间', 'Finished'],
  counts: ['差异', 'Differences'],
  error: ['错误', 'Error'],
  noReconciliations: ['尚无对账记录', 'No reconciliation runs yet'],
  category: ['类别', 'Category'],
  platformVersion: ['平台版本', 'Platform version'],
  expectedVersion: ['应有版本', 'Expected version'],
  action: ['处理', 'Action'],
  noItems: ['没有差异', 'No differences'],
  cat_missing: ['平台缺失', 'missing'],
  cat_stale: ['平台版本过旧', 'stale'],
  cat_revoked: ['应撤销未撤销', 'revoked'],
  cat_ahead: ['平台版本超前', 'ahead'],
  cat_unknown: ['平台有、本网关无', 'unknown'],

  chainOk: ['哈希链校验通过：共 {n} 条记录，未发现篡改', 'Hash chain verified: {n} entries, no tampering found'],
  chainBad: ['哈希链校验失败：第 {seq} 条起异常（{problem}）', 'Hash chain broken at entry {seq} ({problem})'],
  seq: ['序号', 'Seq'],
  at: ['时间', 'At'],
  actor: ['操作人', 'Actor'],
  role: ['角色', 'Role'],
  reason: ['原因', 'Reason'],
  hash: ['哈希', 'Hash'],
  noAudit: ['没有审计记录', 'No audit entries'],

  forbidden: ['无权执行此操作', 'Not allowed'],
  needRole: ['此操作需要“{role}”或更高角色', 'This needs the “{role}” role or higher'],
  csrfTitle: ['请求被拒绝：缺少有效的防伪令牌', 'Request refused: missing or invalid anti-forgery token'],
  notFound: ['页面不存在', 'Page not found'],
  errorTitle: ['操作未完成', 'The action did not complete'],
  back: ['返回', 'Back'],
  home: ['回到概览', 'Back to the overview'],
  requestId: ['请求编号', 'Request id'],

  done_retried: ['已重新排队 {n} 条投递', '{n} deliveries queued again'],
  done_discarded: ['已丢弃该投递', 'Delivery discarded'],
  'done_target.pause': ['已暂停目标平台 {n}', 'Target {n} paused'],
  'done_target.resume': ['已恢复目标平台 {n}', 'Target {n} resumed'],
  'done_target.reset-circuit': ['已重置目标平台 {n} 的熔断', 'Circuit of target {n} reset'],
  done_reconciliation: ['已排队对账任务', 'Reconciliation queued'],
  done_login: ['欢迎，{n}', 'Welcome, {n}'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof M;

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const tpl = M[key][lang === 'en' ? 1 : 0];
  return tpl.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] !== undefined ? String(params[k]) : `{${k}}`));
}

export function isMessageKey(k: string): k is MessageKey {
  return Object.prototype.hasOwnProperty.call(M, k);
}

const STATE: Record<string, readonly [string, string]> = {
  pending: ['待投递', 'pending'],
  in_flight: ['投递中', 'in flight'],
  delivered: ['已送达', 'delivered'],
  rejected: ['被拒收', 'rejected'],
  failed: ['失败', 'failed'],
  superseded: ['已被新版本取代', 'superseded'],
  discarded: ['已丢弃', 'discarded'],
  // reconciliation runs
  queued: ['排队中', 'queued'],
  running: ['进行中', 'running'],
  done: ['已完成', 'done'],
  // push attempt outcomes
  ok: ['成功', 'ok'],
  partial: ['部分拒收', 'partly rejected'],
  transient: ['临时故障', 'transient'],
  rate_limited: ['限流', 'rate limited'],
  config: ['配置错误', 'configuration'],
  permanent: ['永久错误', 'permanent'],
  // lifecycle
  active: ['公示中', 'active'],
  expired: ['已到期', 'expired'],
  // circuits
  closed: ['正常', 'closed'],
  open: ['熔断中', 'open'],
  half_open: ['半开（试探）', 'half-open'],
};

export const stateLabel = (lang: Lang, s: string): string => STATE[s]?.[lang === 'en' ? 1 : 0] ?? s;

const RECORD_TYPE: Record<string, readonly [string, string]> = {
  'administrative-penalty': ['行政处罚', 'administrative penalty'],
  'administrative-license': ['行政许可', 'administrative licence'],
  'safety-commitment': ['安全生产承诺', 'safety commitment'],
  'punishment-list-entry': ['惩戒名单', 'punishment list entry'],
  'incentive-list-entry': ['激励名单', 'incentive list entry'],
  'credit-grade': ['信用评价等级', 'credit grade'],
  accident: ['生产安全事故', 'accident'],
  commendation: ['表彰奖励', 'commendation'],
  'wage-arrears': ['拖欠工资', 'wage arrears'],
  'annual-credit-report': ['年度信用报告', 'annual credit report'],
  objection: ['异议申诉', 'objection'],
  'repair-request': ['信用修复申请', 'credit repair request'],
};

export const recordTypeLabel = (lang: Lang, t: string): string => RECORD_TYPE[t]?.[lang === 'en' ? 1 : 0] ?? t;

/** `YYYY-MM-DD HH:mm:ss` in the console's time zone. */
export function formatTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(d);
}

/** The instant a calendar day starts in a time zone, as ISO (for updated_at ranges). */
export function startOfDay(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcGuess = Date.UTC(y, m - 1, d);
  // Offset of the zone at that instant: format the UTC instant in the zone and compare.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(utcGuess));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asIfUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(utcGuess - (asIfUtc - utcGuess)).toISOString();
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
