import { randomUUID } from 'node:crypto';
import type { Adapter } from '../../adapters/types.ts';
import { deliveryPolicy, type Config, type DepartmentConfig } from '../config/index.ts';
import { GatewayError, renderIssue, type Lang } from '../errors/index.ts';
import { maskRecord, sha256Hex } from '../model/index.ts';
import { recordColumns, storeSubmission, type Database, type EnqueueRequest, type HoldWithdrawn, type RecordToStore, type StoredOutcome } from '../store/index.ts';
import { asWithdrawn } from '../lifecycle/index.ts';
import { parseContentType } from './decode.ts';
import { analyseInputFor, type RecordResult } from './analyse.ts';
import { inThreadAnalyser, type Analyser } from './analyser.ts';
import { maskIssue } from './redact.ts';
import { todayInShanghai } from '../util/time.ts';

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
  /** Where bodies are parsed and validated (ingest threads for large ones); the API thread when absent. */
  analyser?: Analyser;
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
  const analysis = await (deps.analyser ?? inThreadAnalyser(deps.adapters, deps.config)).analyse(
    analyseInputFor(deps.config, dept, { body: req.body, media, query: req.query, lang: req.lang, today: deps.today?.() ?? todayInShanghai(), withRecords: req.dryRun }),
  );
  const { results, stored: toStore } = analysis;

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
      receivedAt: new Date().toISOString(), raw: req.body, header: analysis.header, recordCount: results.length, rejected,
    },
    toStore,
    deliveryPolicy(deps.config),
    (outcomes) => buildResponse(submissionId, results, outcomes, toStore, req.lang),
    holdWithdrawn,
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

function buildResponse(submissionId: string, results: RecordResult[], outcomes: StoredOutcome[], stored: RecordToStore[], lang: Lang): SubmissionResponse {
  const byIndex = new Map(outcomes.map((o) => [o.index, o]));
  const storedByIndex = new Map(stored.map((s) => [s.index, s]));
  const out = results.map((r) => {
    const { record: _record, ...rest } = r;
    const o = byIndex.get(r.index);
    if (!o) return rest;
    const issues = o.warnings ?? storedByIndex.get(r.index)?.warnings;
    const warnings = issues?.length ? issues.map((w) => renderIssue(maskIssue(w), lang)) : undefined;
    return { ...rest, status: o.status, recordId: o.recordId, version: o.version, versionNo: o.versionNo, ...(warnings ? { warnings } : {}) };
  });
  const count = (s: RecordResult['status']) => out.filter((r) => r.status === s).length;
  return { submissionId, accepted: count('accepted'), rejected: count('rejected'), unchanged: count('unchanged'), results: out };
}

/** A new version of a record a granted repair took down: stored and sent withdrawn, for that reason (store/submissions.ts). */
const holdWithdrawn: HoldWithdrawn = (item, held) => {
  const w = asWithdrawn({ ...item, json: item.json }, { path: '/operation', code: 'HELD_WITHDRAWN', params: { reason: held.reason } });
  return {
    ...item,
    ...w,
    // The columns again, for the withdrawn record.
    columns: recordColumns(w.record),
    lifecycle: { plan: held.plan, timeliness: item.lifecycle?.timeliness ?? null, withdrawReason: held.reason },
  };
};
