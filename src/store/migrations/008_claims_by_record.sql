-- A claim's "is another version of this record in flight to this target?" is answered through the
-- (record_id, version_no, target) unique index, with the state looked at as an expression: a record
-- has a handful of entries there whatever the statistics say. With a partial index on state the
-- planner, whose statistics (taken when nothing was in flight) showed no in-flight rows, went through
-- the open-deliveries index instead and read every in-flight delivery for each row claimed (measured:
-- 8 concurrent claims of 100 cost PostgreSQL 2-4x the CPU of one at a time). Nothing else needs the
-- partial index, and every claim paid an insert into it.
DROP INDEX deliveries_in_flight_record;
