-- Audit trail (PostgreSQL). Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
-- Timestamps are integer nanoseconds since the Unix epoch (UTC) and dates are ISO text, so the
-- hashed bytes never depend on the driver. `encoding` holds the exact canonical v1 bytes that
-- `hash` covers; the other columns are the same fields, for filtering and reading.
-- Names are unqualified: the tables land in the first schema of the connection's search_path.

CREATE TABLE audit_record (
    seq             BIGINT  PRIMARY KEY,
    id              TEXT    NOT NULL,
    at_ns           BIGINT  NOT NULL,
    kind            TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    organisation    TEXT    NOT NULL,
    case_worker     TEXT    NOT NULL,
    case_id         TEXT    NOT NULL,
    purpose         TEXT    NOT NULL,
    legal_basis     TEXT    NOT NULL,
    data_processors TEXT    NOT NULL, -- JSON array of strings (text, not jsonb: kept verbatim)
    subject         TEXT,             -- 12 digits
    period_from     TEXT,             -- YYYY-MM-DD
    period_to       TEXT,             -- YYYY-MM-DD
    sources         TEXT    NOT NULL, -- JSON array of {source, outcome, latency_ms, attempts}
    protected       BOOLEAN NOT NULL,
    refusal         TEXT,
    encoding        BYTEA   NOT NULL,
    prev_hash       BYTEA   NOT NULL,
    hash            BYTEA   NOT NULL
);

CREATE INDEX audit_record_at ON audit_record (at_ns);
CREATE INDEX audit_record_subject ON audit_record (subject, at_ns);
CREATE INDEX audit_record_case_worker ON audit_record (case_worker, at_ns);
CREATE INDEX audit_record_organisation ON audit_record (organisation, at_ns);
CREATE INDEX audit_record_id ON audit_record (id);

CREATE TABLE audit_checkpoint (
    id           BIGSERIAL PRIMARY KEY,
    seq          BIGINT NOT NULL,
    head_hash    BYTEA  NOT NULL,
    signed_at_ns BIGINT NOT NULL,
    signature    BYTEA  NOT NULL
);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;

CREATE TRIGGER audit_record_append_only
    BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_record_no_truncate
    BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_checkpoint_no_truncate
    BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
