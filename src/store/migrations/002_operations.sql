-- Search by 文书号 (decision / document number) for operators and the console.
ALTER TABLE records ADD COLUMN doc_no text;
CREATE INDEX records_doc_no ON records (doc_no);

-- Append-only, hash-chained audit log of operator actions: each entry's hash covers the previous
-- entry's hash, so an edited or deleted entry breaks the chain (GET /v1/audit/verify shows where).
CREATE TABLE audit_log (
  seq       bigint PRIMARY KEY,
  at        text NOT NULL,
  actor     text NOT NULL,
  role      text NOT NULL,
  action    text NOT NULL,
  subject   text NOT NULL,
  reason    text,
  details   jsonb,
  prev_hash text NOT NULL,
  hash      text NOT NULL UNIQUE
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
