import { RECORD_TYPES } from '../model/index.ts';

const errorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message', 'requestId'], properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' }, details: {} } } },
};
const err = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const secured = [{ apiKey: [] }];

/** The ingest and read API as OpenAPI 3.1; record schemas are linked from /v1/schemas/{type}. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Work-safety credit exchange gateway', version: '0.1.0', description: '安全生产信用信息交换网关：部门报送、校验、存储与向信用平台投递。' },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'Department API key (with X-Department, X-Timestamp, X-Nonce, X-Signature when the department signs requests: README "Security / request signing")' },
        operatorToken: { type: 'http', scheme: 'bearer', description: 'Operator API token (roles viewer < operator < admin)' },
      },
      schemas: {
        Error: errorEnvelope,
        Issue: { type: 'object', required: ['path', 'code', 'message'], properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' }, sourceField: { type: 'string' } } },
        RecordResult: {
          type: 'object',
          required: ['index', 'status'],
          properties: {
            index: { type: 'integer' },
            status: { enum: ['accepted', 'rejected', 'unchanged'] },
            recordId: { type: 'string', format: 'uuid' },
            version: { type: 'string' },
            versionNo: { type: 'integer' },
            sourceRef: { type: 'string' },
            errors: { type: 'array', items: { $ref: '#/components/schemas/Issue' } },
            warnings: { type: 'array', items: { $ref: '#/components/schemas/Issue' } },
          },
        },
        SubmissionResponse: {
          type: 'object',
          required: ['submissionId', 'accepted', 'rejected', 'unchanged', 'results'],
          properties: {
            submissionId: { type: ['string', 'null'] },
            dryRun: { type: 'boolean' },
            accepted: { type: 'integer' },
            rejected: { type: 'integer' },
            unchanged: { type: 'integer' },
            results: { type: 'array', items: { $ref: '#/components/schemas/RecordResult' } },
          },
        },
      },
    },
    paths: {
      '/v1/submissions': {
        post: {
          summary: 'Submit records in the department\'s own format',
          security: secured,
          parameters: [
            { name: 'dryRun', in: 'query', schema: { type: 'boolean' }, description: 'Validate and normalise only; nothing is stored' },
            { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 200 } },
            { name: 'X-Department', in: 'header', schema: { type: 'string' }, description: 'Optional; must name the key\'s department (required when signing)' },
            { name: 'X-Timestamp', in: 'header', schema: { type: 'string' }, description: 'Signed requests: unix seconds, within ±300 s' },
            { name: 'X-Nonce', in: 'header', schema: { type: 'string', minLength: 16, maxLength: 64 }, description: 'Signed requests: single use' },
            { name: 'X-Signature', in: 'header', schema: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' }, description: 'Signed requests: hex HMAC-SHA256 over method, path, query, timestamp, nonce and body hash' },
            { name: 'Accept-Language', in: 'header', schema: { type: 'string' }, description: 'en for English messages; Chinese by default' },
          ],
          requestBody: { required: true, content: { 'application/json': {}, 'application/xml': {}, 'text/csv': {} } },
          responses: {
            '202': json({ $ref: '#/components/schemas/SubmissionResponse' }, 'Stored; per-record results'),
            '200': json({ $ref: '#/components/schemas/SubmissionResponse' }, 'Dry run'),
            '400': err('Malformed body or bad encoding'),
            '401': err('Missing or invalid key, unknown department'),
            '403': err('Key lacks the submit scope'),
            '409': err('Idempotency-Key reused with another body'),
            '413': err('Body or record count over the limit'),
            '415': err('Content type not this department\'s format'),
            '422': err('Payload shape wrong for the format'),
          },
        },
      },
      '/v1/submissions/{id}': { get: { summary: 'A submission of the caller\'s department', security: secured, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { '200': json({ type: 'object' }), '404': err('Not found') } } },
      '/v1/records/{id}': { get: { summary: 'A record: current body, versions, deliveries per target, push attempts', security: secured, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { '200': json({ type: 'object' }), '404': err('Not found') } } },
      '/v1/records': {
        get: {
          summary: 'Search records',
          security: secured,
          parameters: [
            { name: 'uscc', in: 'query', schema: { type: 'string' } },
            { name: 'type', in: 'query', schema: { enum: [...RECORD_TYPES] } },
            { name: 'department', in: 'query', schema: { type: 'string' } },
            { name: 'status', in: 'query', schema: { enum: ['pending', 'in_flight', 'delivered', 'rejected', 'failed', 'superseded', 'discarded'] }, description: 'Delivery state of the current version on any target' },
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Decision date from' },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': json({ type: 'object', properties: { items: { type: 'array' }, nextCursor: { type: ['string', 'null'] } } }), '400': err('Bad query') },
        },
      },
      '/v1/subjects/{uscc}': { get: { summary: 'Credit archive (诚信档案) of a subject', security: secured, parameters: [{ name: 'uscc', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': json({ type: 'object' }), '404': err('No records') } } },
      '/v1/schemas': { get: { summary: 'Record types and their schemas', responses: { '200': json({ type: 'object' }) } } },
      '/v1/schemas/{type}': { get: { summary: 'JSON Schema of a record type', parameters: [{ name: 'type', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': json({ type: 'object' }), '404': err('Unknown type') } } },
      '/v1/errors': { get: { summary: 'The error catalogue (codes, zh and en messages)', responses: { '200': json({ type: 'object' }) } } },
      '/v1/deliveries': {
        get: {
          summary: 'Deliveries by target, state, error code, department, record type, date; search by USCC, record id or 文书号 (viewer)',
          security: [{ operatorToken: [] }],
          parameters: ['target', 'state', 'errorCode', 'department', 'type', 'from', 'to', 'q', 'limit', 'before'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
          responses: { '200': json({ type: 'object', properties: { items: { type: 'array' }, nextBefore: { type: ['integer', 'null'] } } }) },
        },
      },
      '/v1/deliveries/{id}/retry': { post: { summary: 'Retry one failed, rejected or discarded delivery (operator); body { reason? }', security: [{ operatorToken: [] }], responses: { '200': json({ type: 'object' }), '409': err('Not retryable in its state') } } },
      '/v1/deliveries/retry': { post: { summary: 'Retry every delivery matching a filter (operator); body { reason, filter: { state|target|errorCode, … } }', security: [{ operatorToken: [] }], responses: { '200': json({ type: 'object' }), '400': err('Reason or narrowing filter missing') } } },
      '/v1/deliveries/{id}/discard': { post: { summary: 'Discard a delivery with a reason (operator)', security: [{ operatorToken: [] }], responses: { '200': json({ type: 'object' }), '409': err('Not discardable in its state') } } },
      '/v1/targets': { get: { summary: 'Per target: deliveries by state, paused, circuit breaker, queue counts (viewer)', security: [{ operatorToken: [] }], responses: { '200': json({ type: 'object' }) } } },
      '/v1/targets/{id}/pause': { post: { summary: 'Pause pushes to a target (operator); body { reason }', security: [{ operatorToken: [] }], responses: { '200': json({ type: 'object' }) } } },
      '/v1/targets/{id}/resume': { post: { summary: 'Resume pushes to a target (operator)', security: [{ operatorToken: [] }], responses: { '200': json({ type: 'object' }) } } },
      '/v1/targets/{id}/reset-circuit': { post: { summary: 'Close a target\'s circuit breaker now (operator)', security: [{ operatorToken: [] }], responses: { '200': json({ type: 'object' }) } } },
      '/v1/reconciliations': {
        get: { summary: 'Reconciliation runs (viewer)', security: [{ operatorToken: [] }], parameters: [{ name: 'target', in: 'query', schema: { type: 'string' } }], responses: { '200': json({ type: 'object' }) } },
        post: { summary: 'Run a reconciliation of a target now (operator); body { target }', security: [{ operatorToken: [] }], responses: { '202': json({ type: 'object' }) } },
      },
      '/v1/reconciliations/{id}': { get: { summary: 'A reconciliation report: counts and every difference (missing, stale, revoked, ahead, unknown)', security: [{ operatorToken: [] }], parameters: [{ name: 'category', in: 'query', schema: { type: 'string' } }], responses: { '200': json({ type: 'object' }), '404': err('Not found') } } },
      '/v1/audit': { get: { summary: 'The audit log of operator actions (admin)', security: [{ operatorToken: [] }], responses: { '200': json({ type: 'object' }) } } },
      '/v1/audit/verify': { get: { summary: 'Verify the audit log\'s hash chain (admin)', security: [{ operatorToken: [] }], responses: { '200': json({ type: 'object' }) } } },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': json({ type: 'object' }) } } },
      '/readyz': { get: { summary: 'Readiness: database and Redis reachable', responses: { '200': json({ type: 'object' }), '503': json({ type: 'object' }, 'Not ready') } } },
      '/metrics': { get: { summary: 'Prometheus metrics', description: 'Open, unless the gateway runs with METRICS_TOKEN: then `Authorization: Bearer <METRICS_TOKEN>` (401 AUTH_MISSING / AUTH_INVALID otherwise).', responses: { '200': { description: 'text/plain exposition' }, '401': { description: 'METRICS_TOKEN set and not sent, or another token' } } } },
    },
  };
}
