-- The record's legal life: when publication ends (publicity period or list term, from configured
-- rules), whether it is withdrawn and why, pending objections, and how late it was reported.
ALTER TABLE records ADD COLUMN lifecycle_state text NOT NULL DEFAULT 'active';
ALTER TABLE records ADD COLUMN lifecycle_rule text;
ALTER TABLE records ADD COLUMN publicity_min_end date;
ALTER TABLE records ADD COLUMN publicity_end date;
ALTER TABLE records ADD COLUMN withdrawn_reason text;
ALTER TABLE records ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE records ADD COLUMN objection_pending boolean NOT NULL DEFAULT false;
ALTER TABLE records ADD COLUMN first_received_at timestamptz;
ALTER TABLE records ADD COLUMN report_delay_days integer;
ALTER TABLE records ADD COLUMN reported_late boolean;
CREATE INDEX records_publicity_end ON records (publicity_end) WHERE lifecycle_state = 'active';
CREATE INDEX records_late ON records (department_id) WHERE reported_late;

-- What the lifecycle job did and why, once per cause (e.g. one objection version flags its target once).
CREATE TABLE lifecycle_actions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_id     uuid NOT NULL,
  cause         text NOT NULL UNIQUE,
  action        text NOT NULL,
  reason        text NOT NULL,
  effective_on  date NOT NULL,
  submission_id uuid,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lifecycle_actions_record ON lifecycle_actions (record_id);
