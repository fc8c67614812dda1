export { openPostgres, openPglite, redactUrl, type Database, type Sql, type QueryResult } from './db.ts';
export { migrate } from './migrate.ts';
export * from './submissions.ts';
export * from './deliveries.ts';
export * from './queries.ts';
export * from './audit.ts';
export * from './operations.ts';
export { recordColumns, type RecordColumns } from './record-columns.ts';
