-- Claiming a delivery asks "is another version of this record in flight to this target?". Answered
-- through (target, state) that scanned every in-flight entry of the target, dead ones included, and a
-- 200,000-delivery backlog slowed claims to seconds. A small partial index by record answers it directly.
CREATE INDEX deliveries_in_flight_record ON deliveries (record_id, target) WHERE state = 'in_flight';
-- (target, state) churns with every state change and nothing needs it: filters by target and state
-- read the primary key backwards (newest first) or the partial index of open deliveries.
DROP INDEX deliveries_target_state;
