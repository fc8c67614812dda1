// The pure half of ingest: body bytes in, per-record results and storable records out (decode →
// size checks → adapter → validation → authority scope). Runs in the API thread for small bodies and
// in an ingest thread for large ones (./analyser.ts); its input and output are plain data for that.
import type { AdaptedRecord, Adapter } from '../../adapters/types.ts';
import type { Config, DepartmentConfig, Limits } from '../config/index.ts';
import { routeTargets } from '../delivery/routing.ts';
import { asWithdrawn, endedOnArrival, lifecycleOf } from '../lifecycle/index.ts';
import { GatewayError, renderIssue, type Lang, type RecordIssue, type RenderedIssue } from '../errors/index.ts';
import { validateRecord, type CanonicalRecord, type ValidationContext } from '../model/index.ts';
import type { RecordToStore } from '../store/index.ts';
import { recordColumns, type RecordColumns } from '../store/record-columns.ts';
import { authorityIssues, authorityScope, type AuthorityScope } from './authority-scope.ts';
import { decodeBody, fallbackCharset, type MediaType } from './decode.ts';
import { checkBodyLimits, type BodyLimits } from './limits.ts';
import { maskIssue } from './redact.ts';
import { cleanRendered, cleanText, unsafeTextIssues } from './text-safety.ts';

export interface RecordResult {
  index: number;
  status: 'accepted' | 'rejected' | 'unchanged';
  recordId?: string;
  version?: string;
  versionNo?: number;
  sourceRef?: string;
  errors?: RenderedIssue[];
  warnings?: RenderedIssue[];
  /** Dry runs only (AnalyseInput.withRecords): the normalised record (personal ID numbers masked). */
  record?: CanonicalRecord;
}

export interface AnalyseInput {
  /** A registered adapter's name. */
  adapter: string;
  body: Uint8Array;
  media: MediaType;
  limits: BodyLimits & Pick<Limits, 'maxRecordsPerSubmission'>;
  parse: Parameters<Adapter['parse']>[1];
  ctx: ValidationContext;
  authority: AuthorityScope;
  lang: Lang;
  /** Dry runs: each accepted result carries its normalised record (otherwise it would only cross threads to be dropped). */
  withRecords?: boolean;
}

/**
 * A department's submission as analysis takes it: the department's adapter, scope, data source and
 * authority, the gateway's checksum exceptions and grade bands, the day it is judged on.
 */
export function analyseInputFor(
  config: Pick<Config, 'departments' | 'limits' | 'usccChecksumExceptions' | 'gradeBands'>,
  dept: DepartmentConfig,
  req: { body: Uint8Array; media: MediaType; query: Record<string, string>; lang: Lang; today: string; withRecords?: boolean },
): AnalyseInput {
  return {
    adapter: dept.adapter,
    body: req.body,
    media: req.media,
    limits: config.limits,
    parse: { departmentId: dept.id, dataSource: dept.dataSource, defaultRegionCode: dept.defaultRegionCode, query: req.query },
    ctx: {
      today: req.today,
      departmentId: dept.id,
      usccExceptions: new Set(config.usccChecksumExceptions),
      gradeBands: config.gradeBands,
      scope: { recordTypes: dept.recordTypes, regionPrefixes: dept.regionPrefixes, dataSource: dept.dataSource, defaultRegionCode: dept.defaultRegionCode },
    },
    authority: authorityScope(config.departments, dept),
    lang: req.lang,
    ...(req.withRecords ? { withRecords: true } : {}),
  };
}

/** The configuration analysis reads beyond the input: where records go and when they end (plain data; an ingest thread gets it once). */
export type IngestSettings = Pick<Config, 'routing' | 'lifecycle' | 'timeliness'>;

/** An accepted record as analysis hands it to the store: its canonical JSON, and its columns computed here, once (in an ingest thread, that is where). */
export type AnalysedRecord = RecordToStore & { columns: RecordColumns; json: string | Uint8Array };

export interface Analysis {
  header?: Record<string, string>;
  /** One per record in submission order; accepted ones carry the normalised record. */
  results: RecordResult[];
  /** The accepted records, routed, with their lifecycle and their records-table columns. */
  stored: AnalysedRecord[];
}

export function analyse(adapters: ReadonlyMap<string, Adapter>, settings: IngestSettings, input: AnalyseInput): Analysis {
  const adapter = adapters.get(input.adapter);
  if (!adapter) throw new Error(`adapter ${input.adapter} is not registered`);
  const text = decodeBody(input.body, input.media.charset, fallbackCharset(input.media.type));
  checkBodyLimits(input.media.type, text, input.limits);
  const output = runAdapter(adapter, text, input.parse);
  const limit = input.limits.maxRecordsPerSubmission;
  if (output.records.length > limit) throw new GatewayError('TOO_MANY_RECORDS', { count: output.records.length, limit });
  const results: RecordResult[] = [];
  const stored: AnalysedRecord[] = [];
  const lastIndexOfKey = new Map<string, number>();
  const { departmentId } = input.parse;
  output.records.forEach((adapted, index) => {
    const r = validateAdapted(adapted, index, input, settings);
    results.push(r.result);
    if (r.store) {
      stored.push({ ...r.store, targets: routeTargets(settings.routing, r.store.record.recordType, departmentId) });
      lastIndexOfKey.set(r.store.key, index);
    }
  });
  // The same record twice in one submission: both versions are kept, the later one is delivered.
  for (const s of stored) {
    const last = lastIndexOfKey.get(s.key)!;
    if (last !== s.index) s.warnings.push({ path: '', code: 'DUPLICATE_IN_SUBMISSION', params: { other: last } });
  }
  return { ...(output.header ? { header: cleanHeader(output.header) } : {}), results, stored };
}

/**
 * A package header's fields as stored with the submission: a character PostgreSQL's jsonb cannot hold
 * (U+0000, an unpaired surrogate) or another control character becomes U+FFFD, as in error texts, so
 * a damaged header never fails the submission's records (it is information, not a record).
 */
function cleanHeader(header: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(header).map(([k, v]) => [cleanText(k), cleanText(v)]));
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

/** Issues as the caller reads them: named by the department's field, masked, in its language (module level: see keepNames in scripts/build.ts). */
function rendered(issues: readonly RecordIssue[], adapted: AdaptedRecord, lang: Lang): RenderedIssue[] {
  return issues.length === 0 ? [] : issues.map((i) => cleanRendered(renderIssue(maskIssue(withSourceField(i, adapted.sourceFields)), lang)));
}

function validateAdapted(adapted: AdaptedRecord, index: number, input: AnalyseInput, settings: IngestSettings): { result: RecordResult; store?: Omit<AnalysedRecord, 'targets'> } {
  const { ctx, lang, authority } = input;
  const base: RecordResult = { index, status: 'rejected', ...(adapted.sourceRef ? { sourceRef: cleanText(adapted.sourceRef) } : {}) };
  if (adapted.record === undefined) {
    const issues = adapted.issues.length ? adapted.issues : [{ path: '', code: 'RECORD_NOT_OBJECT' as const, params: { index } }];
    return { result: { ...base, errors: rendered(issues, adapted, lang) } };
  }
  const unsafe = unsafeTextIssues(adapted.record);
  if (unsafe.length > 0) return { result: { ...base, errors: rendered(unsafe, adapted, lang) } };
  const v = validateRecord(adapted.record, ctx);
  // A field the adapter could not read is reported once, by the adapter, not again as missing.
  const adapterPaths = new Set(adapted.issues.map((i) => i.path));
  const issues = [...adapted.issues, ...(v.ok ? [] : v.issues.filter((i) => !adapterPaths.has(i.path))), ...authorityIssues(v.ok ? v.record : adapted.record, authority)];
  if (!v.ok || issues.length > 0) {
    const warnings = rendered(v.warnings, adapted, lang);
    return { result: { ...base, errors: rendered(issues, adapted, lang), ...(warnings.length ? { warnings } : {}) } };
  }
  const lifecycle = lifecycleOf(settings, v.record, ctx.today);
  const ended = endedOnArrival(v.record, lifecycle, ctx.today);
  const a = ended ? asWithdrawn(v, { path: '/operation', code: 'ENDED_ON_ARRIVAL', params: { rule: ended.rule, end: ended.end } }) : v;
  if (ended) lifecycle.withdrawReason = ended.reason;
  const warnings = rendered(a.warnings, adapted, lang);
  return {
    result: { ...base, status: 'accepted', recordId: v.recordId, version: a.version, ...(warnings.length ? { warnings } : {}), ...(input.withRecords ? { record: a.record } : {}) },
    store: { index, recordId: v.recordId, key: v.key, version: a.version, record: a.record, json: a.json, columns: recordColumns(a.record), warnings: a.warnings, lifecycle },
  };
}
