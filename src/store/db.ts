import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** The part of a database both pg and PGlite offer: parameterised queries ($1, $2, …). */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>>;
}

export interface QueryOptions {
  /**
   * A hot statement with a constant text: PostgreSQL parses and plans it once per connection (a named
   * prepared statement). Statements of 200 or more parameters inside a transaction get this anyway.
   */
  prepare?: boolean;
  /** json and jsonb columns come back as their text, not parsed (a body passed on as it is). */
  jsonAsText?: boolean;
}

export interface Database extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /** Where it lives, for messages (never includes a password). */
  readonly address: string;
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface PostgresOptions {
  url: string;
  /** Search path schema (tests use one schema per file). */
  schema?: string;
  /** Connections kept at most (DATABASE_POOL_SIZE). */
  max?: number;
}

// int8 → number (ids and counts stay far below 2^53); numeric stays a string.
pg.types.setTypeParser(20, (v) => Number(v));

const JSON_OIDS = new Set([114, 3802]);
const asText = (v: string) => v;
/** pg's type parsers with json and jsonb left as text (QueryOptions.jsonAsText). */
const JSON_AS_TEXT = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    JSON_OIDS.has(oid) ? asText : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the configured database';
  }
}

/**
 * Large multi-row statements recur with the same shape (a batch of 500 rows, say): naming them lets
 * PostgreSQL parse and plan each shape once per connection instead of per call.
 */
const MAX_PREPARED = 64;
const preparedNames = new Map<string, string>();

function prepared(text: string, params?: readonly unknown[], opts?: QueryOptions): pg.QueryConfig {
  const values = params as unknown[] | undefined;
  const types = opts?.jsonAsText ? { types: JSON_AS_TEXT } : {};
  if (!opts?.prepare && (!values || values.length < 200)) return { text, values, ...types };
  let name = preparedNames.get(text);
  // Bounded: every connection keeps each prepared shape, so only the first 64 shapes get one.
  if (!name && preparedNames.size < MAX_PREPARED) {
    name = `s${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    preparedNames.set(text, name);
  }
  return name ? { name, text, values, ...types } : { text, values, ...types };
}

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed type since it was
 * prepared (a migration ran while this process kept its connections: migration 013 turned the claim's
 * body column from jsonb into json). Such a connection is closed and the statement run on another,
 * which prepares it afresh; each of the pool's connections may have to go once.
 */
function isStalePlan(e: unknown): boolean {
  return (e as { code?: string }).code === '0A000' && /cached plan must not change result type/.test((e as Error).message);
}

export async function openPostgres(opts: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 4,
    connectionTimeoutMillis: 5000,
    // Connections are kept, not closed after pg's default 10 s idle: a new PostgreSQL backend pays a
    // page fault for every shared-buffer page it touches first (measured on this project's VMs: ~40 µs
    // each), which a bursty load re-paid after every pause.
    idleTimeoutMillis: 300_000,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  pool.on('error', () => {
    /* idle client errors surface on the next query */
  });
  const address = redactUrl(opts.url);
  const maxConnections = opts.max ?? 4;
  const db: Database = {
    kind: 'postgres',
    address,
    async query<T>(text: string, params?: readonly unknown[], opts?: QueryOptions) {
      const config = opts?.prepare || opts?.jsonAsText ? prepared(text, params, opts) : { text, values: params as unknown[] };
      for (let attempt = 0; ; attempt++) {
        try {
          // On an error pg-pool closes the connection the query ran on: a stale one goes with it.
          const r = await pool.query(config);
          return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
        } catch (e) {
          if (!('name' in config) || !isStalePlan(e) || attempt >= maxConnections) throw e;
        }
      }
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const client = await pool.connect();
        let stale = false;
        try {
          await client.query('BEGIN');
          const tx: Sql = {
            async query<R>(text: string, params?: readonly unknown[], opts?: QueryOptions) {
              const config = prepared(text, params, opts);
              try {
                const r = await client.query(config);
                return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
              } catch (e) {
                if ('name' in config && isStalePlan(e)) stale = true;
                throw e;
              }
            },
          };
          const out = await fn(tx);
          await client.query('COMMIT');
          client.release();
          return out;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          // A stale plan: that connection is closed (its statements with it) and the transaction run again.
          client.release(stale ? (e as Error) : undefined);
          if (!stale || attempt >= maxConnections) throw e;
        }
      }
    },
    async close() {
      await pool.end();
    },
  };
  return db;
}

/**
 * A new data directory is initialised (initdb) in a child process: PGlite's initdb leaves ~600 MB
 * of WebAssembly memory behind in the process that ran it (measured: 842 MB idle RSS for a gateway
 * that initialised its directory, ~230 MB for one that opened an initialised one).
 */
async function initPgliteDir(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script = `require(${JSON.stringify(entry)}).PGlite.create(${JSON.stringify(dataDir)})
    .then((db) => db.close()).then(() => process.exit(0), (e) => { console.error(e && e.message); process.exit(1); })`;
  try {
    await promisify(execFile)(process.execPath, ['-e', script], { timeout: 120_000 });
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new Error(`initialising the embedded database in ${dataDir} failed: ${(err.stderr ?? '').trim() || err.message}`);
  }
}

/** WebAssembly memory PGlite starts with (it grows on demand); its default reserves more than an idle gateway needs. */
const PGLITE_INITIAL_MEMORY = 128 * 1024 * 1024;

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    await initPgliteDir(dataDir);
  }
  const lite = dataDir ? await PGlite.create(dataDir, { initialMemory: PGLITE_INITIAL_MEMORY, postgresqlconf: ['shared_buffers=32MB'] }) : await PGlite.create();
  // PGlite answers int8 as a JS number only when parsers say so.
  const parsers = { 20: (v: string) => Number(v) };
  // Bytes go as they are, in binary format: bytea parameters (raw submission bodies; PGlite's own
  // serialiser maps every byte through a JS closure, ~25 ms per 600 KB body) and json given as bytes
  // (binary json is the text, see jsonRows); other json and jsonb as PGlite writes them.
  const asJson = (v: unknown) => (ArrayBuffer.isView(v) ? v : typeof v === 'string' ? v : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))) as string;
  const serializers = {
    17: (v: unknown) => (ArrayBuffer.isView(v) ? v : String(v)) as string,
    114: asJson,
    3802: asJson,
  };
  const textParsers = { ...parsers, ...Object.fromEntries([...JSON_OIDS].map((oid) => [oid, asText])) };
  const wrap = (q: { query: typeof lite.query }): Sql => ({
    async query<T>(text: string, params?: readonly unknown[], opts?: QueryOptions) {
      const r = await q.query<T>(text, params as unknown[], { parsers: opts?.jsonAsText ? textParsers : parsers, serializers });
      // PGlite reports affectedRows 0 for a SELECT; pg reports the rows returned.
      return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
    },
  });
  const base = wrap(lite);
  return {
    kind: 'pglite',
    address: dataDir ? `PGlite at ${dataDir}` : 'in-memory PGlite',
    query: base.query,
    transaction: (fn) => lite.transaction((tx) => fn(wrap(tx as unknown as { query: typeof lite.query }))),
    async close() {
      await lite.close();
    },
  };
}
