-- Audit trail (SQLite). Append-only: triggers refuse UPDATE and DELETE.
-- Timestamps are integer nanoseconds since the Unix epoch (UTC) and dates are ISO text, so the
-- hashed bytes never depend on the driver. `encoding` holds the exact canonical v1 bytes that
-- `hash` covers; the other columns are the same fields, for filtering and reading.

CREATE TABLE audit_record (
    seq             INTEGER PRIMARY KEY,
    id              TEXT    NOT NULL,
    at_ns           INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    organisation    TEXT    NOT NULL,
    case_worker     TEXT    NOT NULL,
    case_id         TEXT    NOT NULL,
    purpose         TEXT    NOT NULL,
    legal_basis     TEXT    NOT NULL,
    data_processors TEXT    NOT NULL, -- JSON array of strings
    subject         TEXT,             -- 12 digits
    period_from     TEXT,             -- YYYY-MM-DD
    period_to       TEXT,             -- YYYY-MM-DD
    sources         TEXT    NOT NULL, -- JSON array of {source, outcome, latency_ms, attempts}
    protected       INTEGER NOT NULL,
    refusal         TEXT,
    encoding        BLOB    NOT NULL,
    prev_hash       BLOB    NOT NULL,
    hash            BLOB    NOT NULL
);

CREATE INDEX audit_record_at ON audit_record (at_ns);
CREATE INDEX audit_record_subject ON audit_record (subject, at_ns);
CREATE INDEX audit_record_case_worker ON audit_record (case_worker, at_ns);
CREATE INDEX audit_record_organisation ON audit_record (organisation, at_ns);
CREATE INDEX audit_record_id ON audit_record (id);

CREATE TABLE audit_checkpoint (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    seq          INTEGER NOT NULL,
    head_hash    BLOB    NOT NULL,
    signed_at_ns INTEGER NOT NULL,
    signature    BLOB    NOT NULL
);

CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;

CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;

CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;

CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
