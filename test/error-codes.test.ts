// Every code of the error catalogue is produced by at least one test: one table, one entry per code,
// each a minimal input that produces exactly that code, through the validator (`validateRecord`),
// an adapter (adapters/registry.ts) or the HTTP API (a gateway on PostgreSQL + Redis, test/helpers.ts).
// The table's type is `{ [code in ErrorCode]: Producer }` and its keys are compared with `errorCodes`
// at run time, so a code added to src/errors/catalogue.ts without a producer here fails CI.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAdapter } from '../adapters/registry.ts';
import type { AdapterContext } from '../adapters/types.ts';
import { hashApiKey } from '../src/config/index.ts';
import { catalogue, errorCodes, GatewayError, type CatalogueEntry, type ErrorCode, type RecordIssue } from '../src/errors/index.ts';
import { signRequest } from '../src/http/security/signing.ts';
import { ajvIssues } from '../src/model/ajv-issues.ts';
import { ajv } from '../src/model/schemas.ts';
import { validateRecord, type ValidationContext } from '../src/model/validate.ts';
import type { RecordType } from '../src/model/types.ts';
import { context as corpusContext, CORPUS } from '../src/model/corpus/index.ts';
import { freshPostgres, startHarness, type Harness } from './helpers.ts';
import { body, licence, penalty } from './records.ts';

// ---- inputs ---------------------------------------------------------------------------------

/** The validation context of the corpus: today 2026-11-27, department county-safety-bureau (3207, every type). */
const ctx: ValidationContext = corpusContext;
const ADAPTER_CONTEXT: AdapterContext = { departmentId: 'county-safety-bureau', dataSource: ctx.scope!.dataSource, defaultRegionCode: '320723', query: {} };

type Over = Record<string, unknown>;

/** A copy of `input` with `data` fields replaced (`undefined` removes one). */
function withData(input: Record<string, unknown>, over: Over): Record<string, unknown> {
  const rec = structuredClone(input);
  const data = { ...(rec.data as Over), ...over };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete data[k];
  return { ...rec, data };
}

/** The first valid corpus record of a department-keyed type, with `data` fields replaced. */
function corpus(type: RecordType, over: Over = {}): Record<string, unknown> {
  const c = CORPUS.find((x) => x.type === type);
  if (!c) throw new Error(`no corpus for ${type}`);
  return withData(c.valid[0]!.input, over);
}

const pen = (data: Over = {}, subject: Over = {}) => withData({ ...penalty(0), subject: { ...(penalty(0).subject as Over), ...subject } }, data);
const PARK = { name: '灌云县化工园区管理委员会', uscc: '11320723MB7654321G' };
const KEYS = { reader: 'error-codes-read-only-key', expired: 'error-codes-expired-key', limited: 'error-codes-rate-limited-key', csv: 'error-codes-csv-key' } as const;
const SIGNED = { department: 'county-safety-bureau-signed', key: 'demo-signed-key', secret: 'demo-signing-secret-county-safety-bureau-signed' } as const;
const OPS = { viewer: 'demo-viewer-token', operator: 'demo-operator-token' } as const;

// ---- producers ------------------------------------------------------------------------------

interface Reply {
  status: number;
  json: any;
}

/** The gateways a request-level producer may use: `main` (see `patch`) and `broken` (started on first use). */
interface Env {
  main: Harness;
  broken(): Promise<Harness>;
  deliveredDeliveryId(): Promise<number>;
}

type Producer =
  /** validateRecord(input, ctx) gives exactly `issues` (or, with `warnings`, accepts the record with exactly those warnings). */
  | { record: unknown; ctx?: ValidationContext; issues: Array<[string, ErrorCode]>; warnings?: true }
  /** The adapter's parse throws a GatewayError with the code. */
  | { adapter: string; text: string }
  /** A request: the answer's HTTP status (the catalogue's) and `error.code`. */
  | { http: (env: Env) => Promise<Reply> }
  /** A submission answered 202: the first result's errors (or warnings) are exactly `issues`. */
  | { submission: (env: Env) => Promise<Reply>; issues: Array<[string, ErrorCode]>; warnings?: true }
  /** A console form: the page's HTTP status (the catalogue's) and the code it shows. */
  | { consolePage: (env: Env) => Promise<{ status: number; html: string }> }
  /**
   * No request can produce the code today, but the function that would is called directly and must
   * answer with it (thrown GatewayError or returned issue). `why` says what keeps requests from it.
   */
  | { direct: () => unknown; why: string }
  /** Nothing produces the code: `why` says so. The test asserts the list of these, so it stays short. */
  | { unreachable: string };

async function call(h: Harness, path: string, init: { method?: string; key?: string | null; token?: string; headers?: Record<string, string>; body?: string | Uint8Array; contentType?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  else if (init.key !== null) headers.authorization = `Bearer ${init.key ?? 'demo-canonical-key'}`;
  if (init.body !== undefined) headers['content-type'] ??= init.contentType ?? 'application/json';
  const res = await fetch(`${h.gateway.url}${path}`, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { unparsed: text.slice(0, 200) };
  }
  return { status: res.status, json };
}

/** A console form post (urlencoded), without a session or the form's token unless given. */
async function consolePost(h: Harness, path: string, form: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string }> {
  const res = await fetch(`${h.gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

function signed(h: Harness, path: string, over: { timestamp?: number; headers?: Record<string, string>; nonce?: string } = {}): Promise<Reply> {
  const sig = signRequest({ secret: SIGNED.secret, department: SIGNED.department, method: 'GET', url: path, timestamp: over.timestamp, nonce: over.nonce });
  return call(h, path, { key: SIGNED.key, headers: { ...sig, ...over.headers } });
}

const submit = (h: Harness, records: unknown[], init: { key?: string; headers?: Record<string, string> } = {}) => call(h, '/v1/submissions', { ...init, body: body(records) });
let seq = 0;
/** A valid penalty with a decision number of its own (each submission makes a new record). */
const freshPenalty = (data: Over = {}) => pen({ decisionNo: `灌应急罚〔2026〕E${++seq}-${randomUUID().slice(0, 8)}号`, ...data });

// ---- the table ------------------------------------------------------------------------------

const PRODUCERS: { readonly [C in ErrorCode]: Producer } = {
  // ---- request level: authentication and authorisation
  AUTH_MISSING: { http: ({ main }) => call(main, '/v1/records', { key: null }) },
  AUTH_INVALID: { http: ({ main }) => call(main, '/v1/records', { key: 'no-such-key' }) },
  DEPARTMENT_UNKNOWN: { http: ({ main }) => call(main, '/v1/records', { headers: { 'x-department': 'no-such-department' } }) },
  AUTH_EXPIRED: { http: ({ main }) => call(main, '/v1/records', { key: KEYS.expired }) },
  SIGNATURE_REQUIRED: { http: ({ main }) => call(main, '/v1/records', { key: SIGNED.key }) },
  SIGNATURE_INVALID: { http: ({ main }) => signed(main, '/v1/records', { headers: { 'x-signature': 'not-hex' } }) },
  SIGNATURE_EXPIRED: { http: ({ main }) => signed(main, '/v1/records', { timestamp: 1_000_000_000 }) },
  SIGNATURE_REPLAYED: {
    http: async ({ main }) => {
      const nonce = `replay-${randomUUID()}`;
      const timestamp = Math.floor(Date.now() / 1000);
      const first = await signed(main, '/v1/records', { nonce, timestamp });
      expect(first.status).toBe(200);
      return signed(main, '/v1/records', { nonce, timestamp });
    },
  },
  FORBIDDEN_SCOPE: { http: ({ main }) => submit(main, [freshPenalty()], { key: KEYS.reader }) },
  FORBIDDEN_ROLE: { http: ({ main }) => call(main, '/v1/deliveries/1/retry', { token: OPS.viewer, body: '{}' }) },
  CSRF_ORIGIN: { consolePage: ({ main }) => consolePost(main, '/admin/login', 'username=admin&password=x', { origin: 'https://elsewhere.example' }) },
  CSRF_TOKEN_INVALID: { consolePage: ({ main }) => consolePost(main, '/admin/login', 'username=admin&password=x') },
  RATE_LIMITED: {
    http: async ({ main }) => {
      // The department may make one request a minute.
      expect((await call(main, '/v1/records', { key: KEYS.limited })).status).toBe(200);
      return call(main, '/v1/records', { key: KEYS.limited });
    },
  },

  // ---- request level: operator actions
  REASON_REQUIRED: { http: ({ main }) => call(main, '/v1/deliveries/1/discard', { token: OPS.operator, body: '{}' }) },
  DELIVERY_NOT_RETRYABLE: { http: async (env) => call(env.main, `/v1/deliveries/${await env.deliveredDeliveryId()}/retry`, { token: OPS.operator, body: '{}' }) },
  DELIVERY_NOT_DISCARDABLE: { http: async (env) => call(env.main, `/v1/deliveries/${await env.deliveredDeliveryId()}/discard`, { token: OPS.operator, body: '{"reason":"error-codes test"}' }) },

  // ---- request level: body
  BODY_EMPTY: { http: ({ main }) => call(main, '/v1/submissions', { body: '' }) },
  BODY_TOO_LARGE: { http: ({ main }) => call(main, '/v1/submissions', { body: body([{ pad: 'x'.repeat(70_000) }]) }) },
  NESTING_TOO_DEEP: { http: ({ main }) => call(main, '/v1/submissions', { body: `{"records":${'['.repeat(40)}${']'.repeat(40)}}` }) },
  TOO_MANY_ELEMENTS: {
    http: ({ main }) => call(main, '/v1/submissions', { key: 'demo-park-key', contentType: 'application/xml', body: `<DataPackage><Body>${'<XZCF/>'.repeat(150)}</Body></DataPackage>` }),
  },
  CSV_TOO_MANY_ROWS: { http: ({ main }) => call(main, '/v1/submissions', { key: KEYS.csv, contentType: 'text/csv', body: 'a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n' }) },
  CSV_TOO_MANY_COLUMNS: { http: ({ main }) => call(main, '/v1/submissions', { key: KEYS.csv, contentType: 'text/csv', body: `${Array.from({ length: 11 }, (_, i) => `c${i}`).join(',')}\n` }) },
  TOO_MANY_RECORDS: { http: ({ main }) => call(main, '/v1/submissions', { body: body(Array.from({ length: 21 }, () => ({}))) }) },
  UNSUPPORTED_MEDIA_TYPE: { http: ({ main }) => call(main, '/v1/submissions', { body: '{"records":[]}', contentType: 'text/plain' }) },
  ENCODING_INVALID: { http: ({ main }) => call(main, '/v1/submissions', { body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), contentType: 'application/json; charset=utf-8' }) },
  CHARSET_UNSUPPORTED: { http: ({ main }) => call(main, '/v1/submissions', { body: '{"records":[]}', contentType: 'application/json; charset=klingon' }) },
  MALFORMED_JSON: { adapter: 'canonical-json', text: '{"records": [' },
  MALFORMED_XML: { adapter: 'park-xml', text: '<DataPackage><Body>' },
  MALFORMED_CSV: { adapter: 'industry-csv', text: '企业名称,处罚决定书文号\n"连云港恒瑞化工有限公司,灌应急罚〔2026〕1号\n' },
  PAYLOAD_SHAPE: { adapter: 'canonical-json', text: '[]' },

  // ---- request level: idempotency, queries, routes, availability
  IDEMPOTENCY_KEY_INVALID: { http: ({ main }) => submit(main, [freshPenalty()], { headers: { 'idempotency-key': 'k'.repeat(201) } }) },
  IDEMPOTENCY_CONFLICT: {
    http: async ({ main }) => {
      const key = `conflict-${randomUUID()}`;
      expect((await submit(main, [freshPenalty()], { headers: { 'idempotency-key': key } })).status).toBe(202);
      return submit(main, [freshPenalty()], { headers: { 'idempotency-key': key } });
    },
  },
  IDEMPOTENCY_IN_PROGRESS: {
    // The store writes a submission and its answer in one transaction, so a twin request only ever
    // sees a committed answer. The row of a twin still being processed is made by taking the answer
    // away from a stored submission; the same request with the same key must then be told to wait.
    http: async ({ main }) => {
      const key = `in-progress-${randomUUID()}`;
      const records = [freshPenalty()];
      expect((await submit(main, records, { headers: { 'idempotency-key': key } })).status).toBe(202);
      await main.gateway.db.query('UPDATE submissions SET answer = NULL, response = NULL WHERE idempotency_key = $1', [key]);
      return submit(main, records, { headers: { 'idempotency-key': key } });
    },
  },
  QUERY_INVALID: { http: ({ main }) => call(main, '/v1/records?limit=abc') },
  NOT_FOUND: { http: ({ main }) => call(main, `/v1/records/${randomUUID()}`) },
  ROUTE_NOT_FOUND: { http: ({ main }) => call(main, '/v1/no-such-route') },
  METHOD_NOT_ALLOWED: { http: ({ main }) => call(main, '/v1/submissions', { method: 'DELETE' }) },
  UNAVAILABLE: {
    // Replay protection fails closed: with Redis gone a signed request cannot spend its nonce.
    http: async (env) => {
      const h = await env.broken();
      h.gateway.redis.disconnect();
      return signed(h, '/v1/records');
    },
  },
  INTERNAL: {
    // The broken gateway's clock throws: an unexpected failure inside the pipeline.
    http: async (env) => submit(await env.broken(), [freshPenalty()]),
  },

  // ---- record level: structure
  REQUIRED: { record: pen({ decisionNo: undefined }), issues: [['/data/decisionNo', 'REQUIRED']] },
  TYPE_MISMATCH: { record: pen({ fineAmountWan: 2 }), issues: [['/data/fineAmountWan', 'TYPE_MISMATCH']] },
  ENUM: { record: pen({ status: 'CLOSED' }), issues: [['/data/status', 'ENUM']] },
  MAX_LENGTH: { record: pen({ decisionNo: '文'.repeat(129) }), issues: [['/data/decisionNo', 'MAX_LENGTH']] },
  MIN_LENGTH: {
    direct: () => {
      const validate = ajv.compile({ type: 'string', minLength: 2 });
      expect(validate('x')).toBe(false);
      return ajvIssues(validate.errors);
    },
    why: 'every minLength / minItems in schemas/ is 1, and a value shorter than 1 is empty, which is REQUIRED; only a schema with minLength ≥ 2 would produce it through the Ajv mapping (src/model/ajv-issues.ts)',
  },
  UNKNOWN_FIELD: { record: pen({ penaltyAmount: '2' }), issues: [['/data/penaltyAmount', 'UNKNOWN_FIELD']] },
  FORMAT: { record: corpus('objection', { targetRecordId: '灌应急罚〔2026〕1号' }), issues: [['/data/targetRecordId', 'FORMAT']] },
  RECORD_NOT_OBJECT: { record: 42, issues: [['', 'RECORD_NOT_OBJECT']] },
  RECORD_TYPE_UNKNOWN: { record: { ...pen(), recordType: 'parking-ticket' }, issues: [['/recordType', 'RECORD_TYPE_UNKNOWN']] },
  INVALID_CHARACTER: {
    submission: ({ main }) => submit(main, [freshPenalty({ violationFacts: '未如实记录\u0000培训情况' })]),
    issues: [['/data/violationFacts', 'INVALID_CHARACTER']],
  },
  OPERATION_INVALID: { record: { ...pen(), operation: 'delete' }, issues: [['/operation', 'OPERATION_INVALID']] },

  // ---- record level: identifiers
  USCC_FORMAT: { record: pen({}, { uscc: '91320723MA1XYW123' }), issues: [['/subject/uscc', 'USCC_FORMAT']] },
  USCC_CHECKSUM: { record: pen({}, { uscc: '91320723MA1XYW1237' }), issues: [['/subject/uscc', 'USCC_CHECKSUM']] },
  FINE_AMOUNT_SUSPICIOUS: { record: pen({ fineAmountWan: '2000', penaltyContent: '罚款人民币2000万元' }), issues: [['/data/fineAmountWan', 'FINE_AMOUNT_SUSPICIOUS']], warnings: true },
  FINE_AMOUNT_CONTENT_MISMATCH: { record: pen({ fineAmountWan: '0.3', penaltyContent: '罚款人民币2,000元' }), issues: [['/data/fineAmountWan', 'FINE_AMOUNT_CONTENT_MISMATCH']], warnings: true },
  ORG_CODE_INVALID: { record: pen({}, { orgCode: '60003734-2' }), issues: [['/subject/orgCode', 'ORG_CODE_INVALID']] },
  REG_NO_INVALID: { record: pen({}, { regNo: '110108000000017' }), issues: [['/subject/regNo', 'REG_NO_INVALID']] },
  ID_NUMBER_INVALID: {
    record: pen({}, { category: 'NATURAL_PERSON', name: '张伟', uscc: undefined, legalRep: undefined, idType: '身份证', idNo: '320723197805120035' }),
    issues: [['/subject/idNo', 'ID_NUMBER_INVALID']],
  },
  ID_NUMBER_REQUIRED: { record: pen({}, { category: 'NATURAL_PERSON', name: '张伟', uscc: undefined, legalRep: undefined }), issues: [['/subject/idType', 'ID_NUMBER_REQUIRED']] },
  SUBJECT_ID_REQUIRED: { record: pen({}, { uscc: undefined }), issues: [['/subject/uscc', 'SUBJECT_ID_REQUIRED']] },
  LEGAL_REP_REQUIRED: { record: pen({}, { legalRep: undefined }), issues: [['/subject/legalRep', 'LEGAL_REP_REQUIRED']] },
  EXCEL_DAMAGED: { record: pen({}, { uscc: '9.13207E+17' }), issues: [['/subject/uscc', 'EXCEL_DAMAGED']] },
  REGION_CODE_INVALID: { record: pen({ regionCode: '320799' }), issues: [['/data/regionCode', 'REGION_CODE_INVALID']] },

  // ---- record level: values
  DATE_FORMAT: { record: pen({ decisionDate: '2026-02-30' }), issues: [['/data/decisionDate', 'DATE_FORMAT']] },
  DATE_IN_FUTURE: { record: pen({ decisionDate: '2026-11-28' }), issues: [['/data/decisionDate', 'DATE_IN_FUTURE']] },
  DATE_TOO_EARLY: { record: pen({ decisionDate: '1949-09-30' }), issues: [['/data/decisionDate', 'DATE_TOO_EARLY']] },
  DATE_ORDER: { record: pen({ penaltyValidUntil: '2026-03-04' }), issues: [['/data/penaltyValidUntil', 'DATE_ORDER']] },
  AMOUNT_FORMAT: { record: pen({ fineAmountWan: '2.1234567' }), issues: [['/data/fineAmountWan', 'AMOUNT_FORMAT']] },
  FINE_WITHOUT_CATEGORY: { record: pen({ penaltyCategories: ['警告'] }), issues: [['/data/fineAmountWan', 'FINE_WITHOUT_CATEGORY']] },
  FINE_MISSING: { record: pen({ fineAmountWan: undefined }), issues: [['/data/fineAmountWan', 'FINE_MISSING']] },
  CONFISCATION_WITHOUT_CATEGORY: { record: pen({ confiscationAmountWan: '1' }), issues: [['/data/confiscationAmountWan', 'CONFISCATION_WITHOUT_CATEGORY']] },
  PENALTY_CATEGORY_UNKNOWN: { record: pen({ penaltyCategories: ['罚款', '通报表扬'] }), issues: [['/data/penaltyCategories/1', 'PENALTY_CATEGORY_UNKNOWN']] },
  LICENCE_CATEGORY_UNKNOWN: { record: withData(licence(0), { licenceCategory: '特别' }), issues: [['/data/licenceCategory', 'LICENCE_CATEGORY_UNKNOWN']] },
  NUMBER_RANGE: { record: corpus('wage-arrears', { workers: 0 }), issues: [['/data/workers', 'NUMBER_RANGE']] },
  AMOUNT_YUAN_FORMAT: { record: corpus('wage-arrears', { amountYuan: '-100' }), issues: [['/data/amountYuan', 'AMOUNT_YUAN_FORMAT']] },
  FIELD_NOT_APPLICABLE: { record: corpus('punishment-list-entry', { listType: 'SERIOUS_DISHONEST_2023' }), issues: [['/data/basisClause', 'FIELD_NOT_APPLICABLE']] },
  ACCIDENT_LEVEL_MISMATCH: { record: corpus('accident', { deaths: 3 }), issues: [['/data/level', 'ACCIDENT_LEVEL_MISMATCH']] },
  INDUSTRY_CODE_INVALID: { record: corpus('accident', { industryCode: 'C05' }), issues: [['/data/industryCode', 'INDUSTRY_CODE_INVALID']] },
  LIST_BASIS_MISMATCH: { record: corpus('punishment-list-entry', { basisClause: '49号第三条(重特大事故)' }), issues: [['/data/basisClause', 'LIST_BASIS_MISMATCH']] },
  INCENTIVE_CONDITION_UNMET: {
    record: (() => {
      const base = corpus('incentive-list-entry');
      return withData(base, { conditions: { ...((base.data as Over).conditions as Over), publicCommitment: false } });
    })(),
    issues: [['/data/conditions/publicCommitment', 'INCENTIVE_CONDITION_UNMET']],
  },
  SCORE_INVALID: { record: corpus('credit-grade', { score: '100.5' }), issues: [['/data/score', 'SCORE_INVALID']] },
  SCORE_GRADE_MISMATCH: { record: corpus('credit-grade', { grade: 'A', score: '89.99' }), issues: [['/data/score', 'SCORE_GRADE_MISMATCH']] },
  REPAIR_COMMITMENT_MISSING: { record: corpus('repair-request', { commitmentSigned: false }), issues: [['/data/commitmentSigned', 'REPAIR_COMMITMENT_MISSING']] },

  // ---- record level: scope
  RECORD_TYPE_NOT_ALLOWED: {
    record: licence(0),
    ctx: { ...ctx, scope: { ...ctx.scope!, recordTypes: ['administrative-penalty'] } },
    issues: [['/recordType', 'RECORD_TYPE_NOT_ALLOWED']],
  },
  REGION_OUT_OF_SCOPE: { record: pen({ regionCode: '320106' }), issues: [['/data/regionCode', 'REGION_OUT_OF_SCOPE']] },
  AUTHORITY_MISMATCH: {
    submission: ({ main }) => submit(main, [freshPenalty({ authorityName: PARK.name, authorityUscc: PARK.uscc })]),
    issues: [['/data/authorityUscc', 'AUTHORITY_MISMATCH'], ['/data/authorityName', 'AUTHORITY_MISMATCH']],
  },
  DATA_SOURCE_MISMATCH: { record: pen({ dataSourceName: '连云港市应急管理局', dataSourceUscc: '11320700MB0123456P' }), issues: [['/data/dataSourceUscc', 'DATA_SOURCE_MISMATCH']] },
  RECORD_KEY_MISSING: { record: corpus('objection'), ctx: { ...ctx, departmentId: undefined }, issues: [['/sourceRecordId', 'RECORD_KEY_MISSING']] },
  DUPLICATE_IN_SUBMISSION: {
    submission: ({ main }) => {
      const twice = freshPenalty();
      return submit(main, [twice, twice]);
    },
    issues: [['', 'DUPLICATE_IN_SUBMISSION']],
    warnings: true,
  },
  // A general penalty decided on 2020-03-02 (527号: at most 1 year) ended its publicity on 2021-03-02.
  ENDED_ON_ARRIVAL: {
    submission: ({ main }) => submit(main, [freshPenalty({ decisionDate: '2020-03-02', penaltyValidUntil: '2021-03-02' })]),
    issues: [['/operation', 'ENDED_ON_ARRIVAL']],
    warnings: true,
  },
  // A stored penalty a granted repair took down (the state the lifecycle run leaves, test/lifecycle.test.ts), sent again corrected.
  HELD_WITHDRAWN: {
    submission: async ({ main }) => {
      const p = freshPenalty();
      const first = await submit(main, [p]);
      await main.gateway.db.query(`UPDATE records SET lifecycle_state = 'withdrawn', withdrawn_reason = 'REPAIR_GRANTED' WHERE id = $1`, [first.json.results[0].recordId]);
      return submit(main, [{ ...p, data: { ...(p.data as Over), violationFacts: '该公司未如实记录从业人员安全生产教育和培训情况（更正）。' } }]);
    },
    issues: [['/operation', 'HELD_WITHDRAWN']],
    warnings: true,
  },
};

// ---- the gateways ---------------------------------------------------------------------------

/**
 * The example config plus a read-only key, an expired key, a department allowed one request a minute,
 * a department sending CSV and small limits.
 */
function patch(raw: Record<string, any>): void {
  const dept = (id: string) => raw.departments.find((d: { id: string }) => d.id === id);
  dept('county-safety-bureau').apiKeys.push({ id: 'reader', sha256: hashApiKey(KEYS.reader), scopes: ['read'] });
  dept('chemical-park').apiKeys.push({ id: 'old', sha256: hashApiKey(KEYS.expired), scopes: ['submit', 'read'], expiresAt: '2025-12-31T16:00:00Z' });
  const limited = structuredClone(dept('county-safety-bureau'));
  limited.id = 'error-codes-rate-limited';
  limited.apiKeys = [{ id: 'k', sha256: hashApiKey(KEYS.limited), scopes: ['submit', 'read'] }];
  limited.requestsPerMinute = 1;
  delete limited.apiKeyEnv;
  raw.departments.push(limited);
  const csv = structuredClone(dept('county-safety-bureau'));
  csv.id = 'error-codes-csv';
  csv.adapter = 'industry-csv';
  csv.apiKeys = [{ id: 'k', sha256: hashApiKey(KEYS.csv), scopes: ['submit', 'read'] }];
  delete csv.apiKeyEnv;
  raw.departments.push(csv);
  raw.limits = { ...raw.limits, maxBodyBytes: 65_536, maxRecordsPerSubmission: 20, maxXmlElements: 100, maxCsvRows: 5, maxCsvColumns: 10 };
}

let pg: Awaited<ReturnType<typeof freshPostgres>>;
let main: Harness;
let broken: Harness | undefined;
let delivered: Promise<number> | undefined;

const env: Env = {
  get main() {
    return main;
  },
  async broken() {
    broken ??= await startHarness(pg.db, {
      patch,
      gateway: {
        today: () => {
          throw new Error('injected clock failure');
        },
      },
    });
    return broken;
  },
  deliveredDeliveryId() {
    delivered ??= (async () => {
      const r = await submit(main, [freshPenalty()]);
      const recordId = r.json.results[0].recordId as string;
      for (let i = 0; i < 300; i++) {
        const d = await main.gateway.db.query<{ id: string; state: string }>('SELECT id, state FROM deliveries WHERE record_id = $1', [recordId]);
        if (d.rows[0]?.state === 'delivered') return Number(d.rows[0].id);
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error(`the delivery of ${recordId} was not delivered in 30 s`);
    })();
    return delivered;
  },
};

beforeAll(async () => {
  pg = await freshPostgres();
  main = await startHarness(pg.db, { patch });
});

afterAll(async () => {
  await broken?.close();
  await main?.close();
  await pg?.drop();
});

// ---- the tests ------------------------------------------------------------------------------

const pairs = (issues: readonly RecordIssue[] | readonly { path: string; code: string }[] | undefined) => (issues ?? []).map((i) => [i.path, i.code]);

function thrown(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (e) {
    return e;
  }
}

describe('every catalogue code is produced by a test', () => {
  it.each(Object.entries(PRODUCERS) as Array<[ErrorCode, Producer]>)('%s', async (code, p) => {
    const entry: CatalogueEntry = catalogue[code];
    if ('record' in p) {
      const r = validateRecord(structuredClone(p.record), p.ctx ?? ctx);
      if (p.warnings) {
        expect(r.ok).toBe(true);
        expect(pairs(r.warnings)).toEqual(p.issues);
      } else {
        expect(r.ok ? [] : pairs(r.issues)).toEqual(p.issues);
      }
      expect(p.issues.map(([, c]) => c)).toContain(code);
      expect(entry.status, 'a record-level code has no HTTP status').toBeUndefined();
    } else if ('adapter' in p) {
      const adapter = getAdapter(p.adapter);
      expect(adapter, p.adapter).toBeDefined();
      const e = thrown(() => adapter!.parse(p.text, ADAPTER_CONTEXT));
      expect(e).toBeInstanceOf(GatewayError);
      expect((e as GatewayError).code).toBe(code);
      expect((e as GatewayError).status).toBe(entry.status);
    } else if ('http' in p) {
      const res = await p.http(env);
      expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status: entry.status, code });
    } else if ('consolePage' in p) {
      const res = await p.consolePage(env);
      expect({ status: res.status, code: /<span class="err-code">([A-Z_]+)<\/span>/.exec(res.html)?.[1] }).toEqual({ status: entry.status, code });
    } else if ('submission' in p) {
      const res = await p.submission(env);
      expect(res.status).toBe(202);
      const result = res.json.results[0];
      expect(pairs(p.warnings ? result.warnings : result.errors)).toEqual(p.issues);
      expect(entry.status).toBeUndefined();
    } else if ('direct' in p) {
      const out = thrown(p.direct);
      if (out instanceof GatewayError) expect(out.code).toBe(code);
      else expect(pairs(out as RecordIssue[]).map(([, c]) => c)).toContain(code);
      expect(p.why.length).toBeGreaterThan(20);
    } else {
      expect(p.unreachable.length).toBeGreaterThan(20);
    }
  });

  it('the table covers exactly the catalogue', () => {
    expect(Object.keys(PRODUCERS).sort()).toEqual([...errorCodes].sort());
  });

  it('only these codes are not produced through a request (see each entry for why)', () => {
    const notByRequest = Object.entries(PRODUCERS).filter(([, p]) => 'direct' in p || 'unreachable' in p).map(([c]) => c);
    expect(notByRequest.sort()).toEqual(['MIN_LENGTH']);
  });

  it('a wrong method on a known endpoint is 405 with Allow; an unknown path is 404', async () => {
    const res = await call(main, '/v1/submissions', { method: 'DELETE' });
    expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    const other = await call(main, '/v1/nothing-here', { method: 'DELETE' });
    expect({ status: other.status, code: other.json?.error?.code }).toEqual({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });
});
