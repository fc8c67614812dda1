import type { ErrorObject } from 'ajv';
import type { ErrorCode } from '../errors/index.ts';
import type { RecordIssue } from '../errors/index.ts';

function escape(seg: string): string {
  return seg.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Maps Ajv's errors onto catalogue codes, one issue per path (the first, most specific one). */
export function ajvIssues(errors: readonly ErrorObject[] | null | undefined): RecordIssue[] {
  if (!errors) return [];
  const byPath = new Map<string, RecordIssue>();
  for (const e of errors) {
    const issue = toIssue(e);
    if (!issue) continue;
    if (!byPath.has(issue.path)) byPath.set(issue.path, issue);
  }
  return [...byPath.values()];
}

function toIssue(e: ErrorObject): RecordIssue | null {
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const custom = parent['x-error-code'] as ErrorCode | undefined;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: `${e.instancePath}/${escape(String(p.missingProperty))}`, code: 'REQUIRED' };
    case 'additionalProperties':
      return { path: `${e.instancePath}/${escape(String(p.additionalProperty))}`, code: 'UNKNOWN_FIELD' };
    case 'type':
      return { path: e.instancePath, code: 'TYPE_MISMATCH', params: { expected: p.type } };
    case 'enum':
      return { path: e.instancePath, code: custom ?? 'ENUM', params: { value: e.data, allowed: p.allowedValues } };
    case 'const':
      return { path: e.instancePath, code: 'ENUM', params: { value: e.data, allowed: [p.allowedValue] } };
    case 'maxLength':
    case 'maxItems':
      return { path: e.instancePath, code: 'MAX_LENGTH', params: { limit: p.limit } };
    case 'minLength':
    case 'minItems':
      return { path: e.instancePath, code: e.data === '' || (Array.isArray(e.data) && e.data.length === 0) ? 'REQUIRED' : 'MIN_LENGTH' };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: e.instancePath, code: custom ?? 'NUMBER_RANGE', params: { value: e.data, comparison: p.comparison, limit: p.limit } };
    case 'uniqueItems':
      return { path: e.instancePath, code: 'FORMAT' };
    case 'format':
    case 'pattern':
      return { path: e.instancePath, code: custom ?? 'FORMAT', params: { value: e.data } };
    case 'if':
    case 'oneOf':
    case 'anyOf':
      return null;
    default:
      return { path: e.instancePath, code: custom ?? 'FORMAT', params: { value: e.data } };
  }
}
