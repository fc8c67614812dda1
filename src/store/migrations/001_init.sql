-- Submissions: every request that reached the store, with its raw body and the answer given.
CREATE TABLE submissions (
  id              uuid PRIMARY KEY,
  department_id   text NOT NULL,
  idempotency_key text,
  request_hash    text NOT NULL,
  adapter         text NOT NULL,
  content_type    text,
  received_at     timestamptz NOT NULL DEFAULT now(),
  record_count    integer NOT NULL DEFAULT 0,
  accepted        integer NOT NULL DEFAULT 0,
  rejected        integer NOT NULL DEFAULT 0,
  unchanged       integer NOT NULL DEFAULT 0,
  header          jsonb,
  response        jsonb,
  raw             bytea
);
CREATE UNIQUE INDEX submissions_idempotency ON submissions (department_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX submissions_department ON submissions (department_id, received_at DESC);

-- Records: one row per business key, pointing at its current version.
CREATE TABLE records (
  id                 uuid PRIMARY KEY,
  record_key         text NOT NULL,
  record_type        text NOT NULL,
  department_id      text NOT NULL,
  subject_name       text NOT NULL,
  subject_uscc       text,
  subject_id         text NOT NULL,
  current_version_no integer NOT NULL DEFAULT 0,
  current_version    text NOT NULL DEFAULT '',
  operation          text NOT NULL DEFAULT 'upsert',
  decision_date      date,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX records_subject_uscc ON records (subject_uscc);
CREATE INDEX records_updated ON records (updated_at DESC, id DESC);

-- Every version ever accepted, with the canonical body (meta included) as stored.
CREATE TABLE record_versions (
  record_id     uuid NOT NULL REFERENCES records (id),
  version_no    integer NOT NULL,
  version       text NOT NULL,
  operation     text NOT NULL,
  body          jsonb NOT NULL,
  submission_id uuid NOT NULL,
  result_index  integer NOT NULL,
  warnings      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_id, version_no)
);

-- The outbox: one delivery per record version and target. Written in the same transaction as the version.
CREATE TABLE deliveries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_id       uuid NOT NULL REFERENCES records (id),
  version_no      integer NOT NULL,
  target          text NOT NULL,
  state           text NOT NULL CHECK (state IN ('pending', 'in_flight', 'delivered', 'rejected', 'failed', 'superseded', 'discarded')),
  job_id          text,
  lease_owner     text,
  lease_until     timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  last_error_code text,
  last_error      text,
  receipt_id      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  UNIQUE (record_id, version_no, target)
);
CREATE INDEX deliveries_target_state ON deliveries (target, state);
CREATE INDEX deliveries_open ON deliveries (state, updated_at) WHERE state IN ('pending', 'in_flight');

-- One row per push of a batch to a platform: what was sent, how long it took, what came back.
CREATE TABLE push_attempts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  target        text NOT NULL,
  batch_id      text NOT NULL,
  job_id        text,
  delivery_ids  bigint[] NOT NULL,
  started_at    timestamptz NOT NULL,
  duration_ms   integer NOT NULL,
  http_status   integer,
  outcome       text NOT NULL,
  error_code    text,
  message       text
);
CREATE INDEX push_attempts_target ON push_attempts (target, started_at DESC);
CREATE INDEX push_attempts_deliveries ON push_attempts USING gin (delivery_ids);
