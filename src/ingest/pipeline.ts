import { randomUUID } from 'node:crypto';
import type { AdaptedRecord, Adapter } from '../../adapters/types.ts';
import { deliveryPolicy, type Config, type DepartmentConfig } from '../config/index.ts';
import { GatewayError, renderIssue, type Lang, type RecordIssue, type RenderedIssue } from '../errors/index.ts';
import { maskRecord, sha256Hex, validateRecord, type CanonicalRecord, type ValidationContext } from '../model/index.ts';
import { routeTargets } from '../delivery/routing.ts';
import { storeSubmission, type Database, type EnqueueRequest, type RecordToStore, type StoredOutcome } from '../store/index.ts';
import { decodeBody, fallbackCharset, parseContentType } from './decode.ts';
import { authorityIssues, authorityScope, type AuthorityScope } from './authority-scope.ts';
import { checkBodyLimits } from './limits.ts';
import { maskIssue } from './redact.ts';
import { cleanRendered, cleanText, unsafeTextIssues } from './text-safety.ts';
import { todayInShanghai } from '../util/time.ts';
import { lifecycleOf } from '../lifecycle/index.ts';

export interface RecordResult {
  index: number;
  status: 'accepted' | 'rejected' | 'unchanged';
  recordId?: string;
  version?: string;
  versionNo?: number;
  sourceRef?: string;
  errors?: RenderedIssue[];
  warnings?: RenderedIssue[];
  /** Dry runs only: the normalised record (personal ID numbers masked). */
  record?: CanonicalRecord;
}

export interface SubmissionResponse {
  submissionId: string | null;
  dryRun?: true;
  accepted: number;
  rejected: number;
  unchanged: number;
  results: RecordResult[];
}

export interface IngestRequest {
  department: DepartmentConfig;
  body: Uint8Array;
  contentType: string | undefined;
  query: Record<string, string>;
  idempotencyKey?: string;
  dryRun: boolean;
  lang: Lang;
}

export interface IngestDeps {
  db: Database;
  config: Config;
  adapters: ReadonlyMap<string, Adapter>;
  /** Enqueues delivery jobs after commit; a failure here is logged, and the sweeper enqueues later. */
  enqueue: (jobs: readonly EnqueueRequest[]) => Promise<void>;
  onEnqueueError?: (e: Error) => void;
  /** Injected clock for tests. */
  today?: () => string;
}

export interface IngestOutcome {
  status: 200 | 202;
  response: SubmissionResponse;
  replayed: boolean;
}

/** decode → adapter → validate → store (+ outbox) → enqueue; one result per record, valid ones accepted whatever the others do. */
export async function ingest(deps: IngestDeps, req: IngestRequest): Promise<IngestOutcome> {
  const dept = req.department;
  const adapter = deps.adapters.get(dept.adapter);
  if (!adapter) throw new Error(`department ${dept.id} uses adapter ${dept.adapter}, which is not registered`);
  if (req.body.length === 0) throw new GatewayError('BODY_EMPTY');
  const media = parseContentType(req.contentType);
  if (!adapter.contentTypes.includes(media.type)) {
    throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', { contentType: media.type || '(none)', adapter: adapter.name, expected: adapter.contentTypes.join(', ') });
  }
  const text = decodeBody(req.body, media.charset, fallbackCharset(media.type));
  checkBodyLimits(media.type, text, deps.config.limits);
  const output = runAdapter(adapter, text, { departmentId: dept.id, dataSource: dept.dataSource, defaultRegionCode: dept.defaultRegionCode, query: req.query });
  const limit = deps.config.limits.maxRecordsPerSubmission;
  if (output.records.length > limit) throw new GatewayError('TOO_MANY_RECORDS', { count: output.records.length, limit });

  const ctx: ValidationContext = {
    today: deps.today?.() ?? todayInShanghai(),
    departmentId: dept.id,
    usccExceptions: new Set(deps.config.usccChecksumExceptions),
    scope: { recordTypes: dept.recordTypes, regionPrefixes: dept.regionPrefixes, dataSource: dept.dataSource, defaultRegionCode: dept.defaultRegionCode },
  };
  const results: RecordResult[] = [];
  const toStore: RecordToStore[] = [];
  const lastIndexOfKey = new Map<string, number>();
  const authority = authorityScope(deps.config.departments, dept);
  output.records.forEach((adapted, index) => {
    const r = validateAdapted(adapted, index, ctx, req.lang, authority);
    results.push(r.result);
    if (r.store) {
      toStore.push({ ...r.store, targets: routeTargets(deps.config.routing, r.store.record.recordType, dept.id), lifecycle: lifecycleOf(deps.config, r.store.record, ctx.today) });
      lastIndexOfKey.set(r.store.key, index);
    }
  });
  // The same record twice in one submission: both versions are kept, the later one is delivered.
  for (const s of toStore) {
    const last = lastIndexOfKey.get(s.key)!;
    if (last !== s.index) s.warnings.push({ path: '', code: 'DUPLICATE_IN_SUBMISSION', params: { other: last } });
  }

  if (req.dryRun) {
    const rejected = results.filter((r) => r.status === 'rejected').length;
    for (const r of results) {
      if (r.status !== 'rejected') r.status = 'accepted';
      // Shown to the caller: personal ID numbers masked.
      if (r.record) r.record = maskRecord(r.record);
    }
    return { status: 200, replayed: false, response: { submissionId: null, dryRun: true, accepted: results.length - rejected, rejected, unchanged: 0, results } };
  }

  const submissionId = randomUUID();
  const query = Object.entries(req.query).filter(([k]) => k !== 'dryRun').sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
  const requestHash = sha256Hex(`${media.type}\n${media.charset ?? ''}\n${query}\n${sha256Hex(req.body)}`);
  const rejected = results.length - toStore.length;
  const stored = await storeSubmission(
    deps.db,
    {
      id: submissionId, departmentId: dept.id, idempotencyKey: req.idempotencyKey, requestHash, adapter: adapter.name, contentType: req.contentType,
      receivedAt: new Date().toISOString(), raw: req.body, header: output.header, recordCount: results.length, rejected,
    },
    toStore,
    deliveryPolicy(deps.config),
    (outcomes) => buildResponse(submissionId, results, outcomes, toStore, req.lang),
  );
  if (stored.kind === 'existing') {
    if (stored.requestHash !== requestHash) throw new GatewayError('IDEMPOTENCY_CONFLICT');
    if (!stored.response) throw new GatewayError('IDEMPOTENCY_IN_PROGRESS');
    return { status: 202, replayed: true, response: stored.response };
  }
  if (stored.jobs.length) {
    await deps.enqueue(stored.jobs).catch((e: Error) => deps.onEnqueueError?.(e));
  }
  return { status: 202, replayed: false, response: stored.response };
}

function runAdapter(adapter: Adapter, text: string, ctx: Parameters<Adapter['parse']>[1]) {
  try {
    return adapter.parse(text, ctx);
  } catch (e) {
    if (e instanceof GatewayError) throw e;
    throw new GatewayError('PAYLOAD_SHAPE', { adapter: adapter.name, reason: 'the adapter could not read this payload' });
  }
}

function withSourceField(issue: RecordIssue, fields: Readonly<Record<string, string>> | undefined): RecordIssue {
  if (issue.sourceField || !fields) return issue;
  let p = issue.path;
  while (p) {
    const f = fields[p];
    if (f) return { ...issue, sourceField: f };
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return issue;
}

function validateAdapted(adapted: AdaptedRecord, index: number, ctx: ValidationContext, lang: Lang, authority: AuthorityScope): { result: RecordResult; store?: Omit<RecordToStore, 'targets'> } {
  const render = (i: RecordIssue) => cleanRendered(renderIssue(maskIssue(withSourceField(i, adapted.sourceFields)), lang));
  const base: RecordResult = { index, status: 'rejected', ...(adapted.sourceRef ? { sourceRef: cleanText(adapted.sourceRef) } : {}) };
  if (adapted.record === undefined) {
    const issues = adapted.issues.length ? adapted.issues : [{ path: '', code: 'RECORD_NOT_OBJECT' as const, params: { index } }];
    return { result: { ...base, errors: issues.map(render) } };
  }
  const unsafe = unsafeTextIssues(adapted.record);
  if (unsafe.length > 0) return { result: { ...base, errors: unsafe.map(render) } };
  const v = validateRecord(adapted.record, ctx);
  // A field the adapter could not read is reported once, by the adapter, not again as missing.
  const adapterPaths = new Set(adapted.issues.map((i) => i.path));
  const issues = [...adapted.issues, ...(v.ok ? [] : v.issues.filter((i) => !adapterPaths.has(i.path))), ...authorityIssues(v.ok ? v.record : adapted.record, authority)];
  const warnings = v.warnings.map(render);
  if (!v.ok || issues.length > 0) {
    return { result: { ...base, errors: issues.map(render), ...(warnings.length ? { warnings } : {}) } };
  }
  return {
    result: { ...base, status: 'accepted', recordId: v.recordId, version: v.version, ...(warnings.length ? { warnings } : {}), record: v.record },
    store: { index, recordId: v.recordId, key: v.key, version: v.version, record: v.record, json: v.json, warnings: v.warnings },
  };
}

function buildResponse(submissionId: string, results: RecordResult[], outcomes: StoredOutcome[], stored: RecordToStore[], lang: Lang): SubmissionResponse {
  const byIndex = new Map(outcomes.map((o) => [o.index, o]));
  const storedByIndex = new Map(stored.map((s) => [s.index, s]));
  const out = results.map((r) => {
    const { record: _record, ...rest } = r;
    const o = byIndex.get(r.index);
    if (!o) return rest;
    const s = storedByIndex.get(r.index);
    const warnings = s?.warnings.length ? s.warnings.map((w) => renderIssue(maskIssue(w), lang)) : undefined;
    return { ...rest, status: o.status, recordId: o.recordId, version: o.version, versionNo: o.versionNo, ...(warnings ? { warnings } : {}) };
  });
  const count = (s: RecordResult['status']) => out.filter((r) => r.status === s).length;
  return { submissionId, accepted: count('accepted'), rejected: count('rejected'), unchanged: count('unchanged'), results: out };
}
