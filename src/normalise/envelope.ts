// The parts every department record shares, read from a path-keyed draft: operation and record id,
// and the parties (authority, data source, region) with the department's configuration as default.
import { matchKey } from './text.ts';
import { ValueTable, type RecordDraft } from './record-draft.ts';

export const OPERATIONS = new ValueTable<'upsert' | 'revoke'>(
  { upsert: 'upsert', 新增: 'upsert', 更新: 'upsert', 修改: 'upsert', revoke: 'revoke', 撤销: 'revoke', 删除: 'revoke' },
  ['新增', '修改', '撤销'],
);

/** /operation (新增/修改 → upsert, 撤销/删除 → revoke; absent → upsert) and /sourceRecordId. */
export function readEnvelope(d: RecordDraft): void {
  const op = d.take('/operation', '/operation');
  const value = op === undefined ? 'upsert' : OPERATIONS.get(op);
  if (value) d.set('/operation', value, op === undefined ? undefined : '/operation');
  else d.issue('/operation', 'OPERATION_INVALID', '/operation', { value: op });
  d.text('/sourceRecordId');
}

/** The subject's strongest identifier and the key it came from, for a derived record id. */
export function subjectKey(d: RecordDraft): readonly [string, unknown] {
  for (const p of ['/subject/uscc', '/subject/orgCode', '/subject/regNo', '/subject/taxRegNo', '/subject/idNo', '/subject/name']) {
    const v = d.get(p);
    if (v !== undefined) return [p, v];
  }
  return ['/subject/uscc', undefined];
}

/**
 * /data/dataSourceName and /data/dataSourceUscc from the record, else the department's
 * configuration (数据来源单位); /data/regionCode and /data/remarks; and, when `authority` names the
 * pointers of the record's deciding body, its USCC filled in when that body is the department itself.
 */
export function readParties(d: RecordDraft, dataSource: { name: string; uscc: string }, authority?: { name: string; uscc: string }): void {
  if (authority) {
    const name = d.text(authority.name);
    if (!d.code(authority.uscc) && name && matchKey(name) === matchKey(dataSource.name)) d.set(authority.uscc, dataSource.uscc);
  }
  if (!d.text('/data/dataSourceName')) d.set('/data/dataSourceName', dataSource.name);
  if (!d.code('/data/dataSourceUscc')) d.set('/data/dataSourceUscc', dataSource.uscc);
  d.code('/data/regionCode');
  d.text('/data/remarks');
}
