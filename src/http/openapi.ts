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
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Department API key' } },
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
            { name: 'X-Department', in: 'header', schema: { type: 'string' }, description: 'Optional; must name the key\'s department' },
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
      '/healthz': { get: { summary: 'Liveness', responses: { '200': json({ type: 'object' }) } } },
      '/readyz': { get: { summary: 'Readiness: database and Redis reachable', responses: { '200': json({ type: 'object' }), '503': json({ type: 'object' }, 'Not ready') } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text/plain exposition' } } } },
    },
  };
}
