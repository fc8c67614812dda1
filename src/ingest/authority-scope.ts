// Post-validation scope check (issue 8): a department submits only as itself. Validation already
// refuses a data source (数据来源单位) other than the department's own (DATA_SOURCE_MISMATCH); this
// adds that a record may not name another configured department as its authority (决定机关, or
// the evaluator / issuer of record types that have one), by USCC or by name, nor name another
// department as the data source by name. Runs in src/ingest so
// the model stays free of the gateway's department list.
import type { DepartmentConfig } from '../config/index.ts';
import type { RecordIssue } from '../errors/index.ts';
import { normaliseCode } from '../model/index.ts';

/** The other department a value belongs to: plain data (it crosses to ingest threads; no secrets). */
export type OtherDepartment = Pick<DepartmentConfig, 'id' | 'dataSource'>;

export interface AuthorityScope {
  /** USCC → the other department owning it (departments sharing our own USCC are us). */
  byUscc: ReadonlyMap<string, OtherDepartment>;
  /** Name → the other department (names equal to ours are us). */
  byName: ReadonlyMap<string, OtherDepartment>;
}

export function authorityScope(departments: readonly DepartmentConfig[], own: DepartmentConfig): AuthorityScope {
  const byUscc = new Map<string, OtherDepartment>();
  const byName = new Map<string, OtherDepartment>();
  const ownName = own.dataSource.name.trim();
  for (const dept of departments) {
    const d: OtherDepartment = { id: dept.id, dataSource: { ...dept.dataSource } };
    if (d.dataSource.uscc !== own.dataSource.uscc && !byUscc.has(d.dataSource.uscc)) byUscc.set(d.dataSource.uscc, d);
    const name = d.dataSource.name.trim();
    if (name !== ownName && d.dataSource.uscc !== own.dataSource.uscc && !byName.has(name)) byName.set(name, d);
  }
  return { byUscc, byName };
}

// The deciding body of each record type (决定机关; 评价机关 of a credit grade; 授予机关 of a
// commendation), and the data source by name (its USCC is checked by validation).
const FIELDS = [
  { field: 'authorityUscc', kind: 'uscc' },
  { field: 'authorityName', kind: 'name' },
  { field: 'evaluatorUscc', kind: 'uscc' },
  { field: 'evaluator', kind: 'name' },
  { field: 'issuerUscc', kind: 'uscc' },
  { field: 'issuer', kind: 'name' },
  { field: 'dataSourceName', kind: 'name' },
] as const;

/** AUTHORITY_MISMATCH issues for a canonical-shaped record (anything else yields none). */
export function authorityIssues(record: unknown, scope: AuthorityScope): RecordIssue[] {
  if (scope.byUscc.size === 0 && scope.byName.size === 0) return [];
  const data = record !== null && typeof record === 'object' ? (record as { data?: unknown }).data : undefined;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return [];
  const d = data as Record<string, unknown>;
  const out: RecordIssue[] = [];
  for (const { field, kind } of FIELDS) {
    const raw = d[field];
    if (typeof raw !== 'string') continue;
    const value = kind === 'uscc' ? normaliseCode(raw) : raw.trim();
    const other = kind === 'uscc' ? scope.byUscc.get(value) : scope.byName.get(value);
    if (other) out.push({ path: `/data/${field}`, code: 'AUTHORITY_MISMATCH', params: { value, department: `${other.dataSource.name} ${other.id}` } });
  }
  return out;
}
