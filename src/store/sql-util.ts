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

/** jsonb's binary input format: a version byte (1), then the JSON text. */
const JSONB_VERSION = Buffer.from([1]);
const OPEN = Buffer.from('['), COMMA = Buffer.from(','), CLOSE = Buffer.from(']');

/**
 * A JSON array as a binary jsonb parameter, its elements encoded to UTF-8 one by one. Both drivers send
 * a Buffer parameter in binary format, as it is: no UTF-8 pass of theirs over the whole document, which
 * for text with Chinese in it costs several times what encoding it element by element does (measured:
 * ~25 → ~2 µs per 840-byte record of a 500-record document on Node 20). An element may be given as
 * parts (strings and bytes) written one after the other.
 */
export function jsonbArray(elements: ReadonlyArray<string | Uint8Array | ReadonlyArray<string | Uint8Array>>): Buffer {
  const parts: Uint8Array[] = [JSONB_VERSION, OPEN];
  const add = (p: string | Uint8Array) => parts.push(typeof p === 'string' ? Buffer.from(p) : p);
  elements.forEach((e, i) => {
    if (i > 0) parts.push(COMMA);
    if (typeof e === 'string' || e instanceof Uint8Array) add(e);
    else for (const p of e) add(p);
  });
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

/** Rows as a binary jsonb array parameter (see jsonbArray), each serialised on its own. */
export const jsonbRows = (rows: readonly object[]): Buffer => jsonbArray(rows.map((r) => JSON.stringify(r)));

/** A value as a binary jsonb parameter (see jsonbArray). */
export const jsonbValue = (value: unknown): Buffer => Buffer.concat([JSONB_VERSION, Buffer.from(JSON.stringify(value))]);
