import type { RecordIssue } from '../errors/index.ts';
import { maskIdNo } from '../model/index.ts';

/**
 * An issue about a personal ID number carries the number as its `value`; answers (and the stored
 * submission response served by GET /v1/submissions/{id}) show it masked, like every other answer.
 */
export function maskIssue(issue: RecordIssue): RecordIssue {
  const v = issue.params?.value;
  if (typeof v !== 'string' || !/\/idNo$/.test(issue.path)) return issue;
  return { ...issue, params: { ...issue.params, value: maskIdNo(v) } };
}
