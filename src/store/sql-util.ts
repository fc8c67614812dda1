import { jsonArrayBytes } from '../util/utf8.ts';

const cache = new Map<string, string>();

/** Builds `($1,$2,…),($n,…)` for a multi-row VALUES list, with optional casts per column (memoised: the same shapes recur). */
export function valuesList(rowCount: number, casts: readonly string[], offset = 0): string {
  const key = `${rowCount}|${offset}|${casts.join(',')}`;
  let sql = cache.get(key);
  if (sql === undefined) {
    sql = buildValuesList(rowCount, casts, offset);
    if (cache.size > 2000) cache.clear();
    cache.set(key, sql);
  }
  return sql;
}

function buildValuesList(rowCount: number, casts: readonly string[], offset: number): string {
  const cols = casts.length;
  const rows: string[] = [];
  for (let r = 0; r < rowCount; r++) {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) cells.push(`$${offset + r * cols + c + 1}${casts[c] ? `::${casts[c]}` : ''}`);
    rows.push(`(${cells.join(',')})`);
  }
  return rows.join(',');
}

/** Splits rows so a statement stays under PostgreSQL's 65,535 parameters. */
export function chunkRows<T>(rows: readonly T[], columns: number, maxParams = 30_000): T[][] {
  const size = Math.max(1, Math.floor(maxParams / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Rows as a json array parameter, each serialised on its own: the text as UTF-8 bytes, which is json's
 * binary format (both drivers send a Buffer parameter as it is, with no UTF-8 pass of their own over the
 * whole document; util/utf8 says why the rows are encoded one by one). PostgreSQL checks the syntax
 * and keeps the text; json_to_recordset reads it without building jsonb's binary form.
 */
export const jsonRows = (rows: readonly object[]): Buffer => jsonArrayBytes(rows.map((r) => JSON.stringify(r)));

/** A value as a json parameter given as bytes (see jsonRows). */
export const jsonValue = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
