-- One row per reconciliation run against a target platform: what was compared, what differed, what was done.
CREATE TABLE reconciliations (
  id           uuid PRIMARY KEY,
  target       text NOT NULL,
  trigger      text NOT NULL,
  requested_by text,
  status       text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  duration_ms  integer,
  counts       jsonb,
  error        text
);
CREATE INDEX reconciliations_target ON reconciliations (target, created_at DESC);

-- Every difference found, by category: missing (we delivered, the platform lacks it), stale (the
-- platform holds an older or unknown version), revoked (we revoked, the platform still shows it),
-- unknown (the platform holds a record we never delivered there).
CREATE TABLE reconciliation_items (
  reconciliation_id uuid NOT NULL REFERENCES reconciliations (id) ON DELETE CASCADE,
  category          text NOT NULL,
  record_id         text NOT NULL,
  platform_version  text,
  expected_version_no integer,
  action            text
);
CREATE INDEX reconciliation_items_run ON reconciliation_items (reconciliation_id, category);

-- The platform's inventory, loaded for one run and deleted after it.
CREATE TABLE reconciliation_inventory (
  reconciliation_id uuid NOT NULL,
  record_id         uuid NOT NULL,
  version           text NOT NULL,
  operation         text NOT NULL
);
CREATE INDEX reconciliation_inventory_run ON reconciliation_inventory (reconciliation_id, record_id);
