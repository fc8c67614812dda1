// Reads only the console needs (the store's own queries cover the rest).
import type { Database } from '../store/index.ts';
import { isUuid } from '../util/ids.ts';

export async function deliveredSince(db: Database, sinceIso: string): Promise<Map<string, number>> {
  const r = await db.query<{ target: string; n: number }>(
    `SELECT target, count(*)::int AS n FROM deliveries WHERE state = 'delivered' AND delivered_at >= $1::timestamptz GROUP BY target`,
    [sinceIso],
  );
  return new Map(r.rows.map((x) => [x.target, x.n]));
}

let codesCache: { at: number; codes: string[] } | null = null;

/** Error codes on open and problem deliveries (their partial indexes), for the filter's suggestions; cached a minute. */
export async function knownErrorCodes(db: Database): Promise<string[]> {
  if (codesCache && Date.now() - codesCache.at < 60_000) return codesCache.codes;
  const r = await db.query<{ c: string }>(`SELECT DISTINCT last_error_code AS c FROM deliveries WHERE (is_open OR is_problem) AND last_error_code IS NOT NULL ORDER BY 1 LIMIT 200`);
  codesCache = { at: Date.now(), codes: r.rows.map((x) => x.c) };
  return codesCache.codes;
}

/** The raw body of a submission (at most `maxBytes` of it) and its content type. */
export async function rawSubmission(db: Database, id: string, maxBytes: number): Promise<{ raw: Buffer | null; size: number; contentType: string | null } | null> {
  const r = await db.query<{ raw: Uint8Array | null; size: number | null; content_type: string | null }>(
    'SELECT substring(raw FROM 1 FOR $2) AS raw, octet_length(raw) AS size, content_type FROM submissions WHERE id = $1',
    [id, maxBytes],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { raw: row.raw ? Buffer.from(row.raw) : null, size: Number(row.size ?? 0), contentType: row.content_type };
}

/**
 * Bodies of the record versions a submission's answer names (accepted and unchanged records), so their
 * personal ID numbers get masked in its raw text. Found by primary key from the stored answer: there is
 * no index of versions by submission, and a scan would read every version ever stored.
 */
export async function versionBodiesOfSubmission(db: Database, response: unknown): Promise<unknown[]> {
  const results = (response as { results?: Array<{ recordId?: unknown; versionNo?: unknown }> } | null)?.results ?? [];
  const keys = results.filter((r) => typeof r.recordId === 'string' && isUuid(r.recordId) && Number.isInteger(r.versionNo)).slice(0, 10_000);
  if (keys.length === 0) return [];
  const r = await db.query<{ body: unknown }>(
    'SELECT v.body FROM unnest($1::uuid[], $2::int[]) AS k(id, no) JOIN record_versions v ON v.record_id = k.id AND v.version_no = k.no',
    [keys.map((k) => k.recordId), keys.map((k) => k.versionNo)],
  );
  return r.rows.map((x) => x.body);
}

/** Records reported late (after the configured number of working days) per department. */
export async function lateReportsByDepartment(db: Database): Promise<Map<string, number>> {
  const r = await db.query<{ department_id: string; n: number }>('SELECT department_id, count(*)::int AS n FROM records WHERE reported_late GROUP BY department_id');
  return new Map(r.rows.map((x) => [x.department_id, x.n]));
}
