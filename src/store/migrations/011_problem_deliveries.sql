-- Counting deliveries by target and state read the whole table: every /metrics scrape and every
-- console overview, on a table that only grows (nothing accepted is ever deleted): 225 ms at 2
-- million deliveries on this project's machine, seconds at tens of millions. The states an operator
-- watches live are few rows: the open ones (pending, in flight: the deliveries_open index) and the
-- problems (failed, rejected, discarded), which get an index of their own here. The settled bulk
-- (delivered, superseded) is counted at most every few minutes (store/queries.ts deliveryCounts).
-- As with is_open (migration 009), the index names a generated column, not `state`, so a claim
-- (pending → in_flight), which leaves is_problem false, stays a heap-only update.
ALTER TABLE deliveries ADD COLUMN is_problem boolean GENERATED ALWAYS AS (state IN ('failed', 'rejected', 'discarded')) STORED;
CREATE INDEX deliveries_problem ON deliveries (id) WHERE is_problem;
-- "Delivered today" (the console's overview) read every delivered row for the same reason: a BRIN
-- index over delivered_at (deliveries are written in time order, so pages hold nearby times) answers it
-- from the newest pages (2 million deliveries: 137 → 2.6 ms). A claim does not write delivered_at (it
-- stays heap-only); a completion is a full update anyway, and a BRIN insert is a summary check.
CREATE INDEX deliveries_delivered ON deliveries USING brin (delivered_at) WITH (autosummarize = on);
