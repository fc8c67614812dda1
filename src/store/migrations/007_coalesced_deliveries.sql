-- Deliveries of small submissions wait for their target's coalescing job (job_id 'coalesce'), which
-- takes them oldest first; only those rows are in this index.
CREATE INDEX deliveries_coalesced ON deliveries (target, id) WHERE state = 'pending' AND job_id = 'coalesce';
