-- Two costs of every submission's write statement that bought nothing the gateway relies on
-- (profile of PostgreSQL during the ingest bench, 2026-12-03):
--
-- 1. The foreign keys from record_versions and deliveries to records: each inserted row ran a
--    referential check (a query and a FOR KEY SHARE lock written to the WAL on the records row the
--    same statement had just inserted): about 13% of PostgreSQL's CPU per ingested record. Every
--    writer of these tables takes the record id from a records row written in the same statement or
--    read under its lock, and records are never deleted (nothing accepted is ever lost; there is no
--    DELETE of records, versions or deliveries anywhere), so an orphan cannot arise from a deletion.
--    The store test "every version and delivery names a stored record" checks the invariant after the
--    flows that write them.
-- 2. The stored answer (submissions.response, ~60 KB of JSON per 500 records) was compressed with the
--    default pglz, ~5% of PostgreSQL's CPU per ingested record; LZ4 where the server has it, as the raw
--    bodies since 006 (PGlite has no lz4 and keeps pglz).
ALTER TABLE record_versions DROP CONSTRAINT IF EXISTS record_versions_record_id_fkey;
ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_record_id_fkey;
DO $$
BEGIN
  ALTER TABLE submissions ALTER COLUMN response SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'lz4 not available (%), stored answers stay pglz-compressed', SQLERRM;
END $$;
