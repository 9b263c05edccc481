-- Retention (gallring). A prune removes the oldest records under a signed anchor, kept here:
-- "records 1..=through_seq (all made before before_ns) were removed; the last hashed to
-- head_hash". The verifier starts the chain at the newest anchor. Anchors are append-only.
-- A record may be deleted only when an anchor covers its seq: the prune inserts its anchor,
-- deletes, and appends its own `prune` record in one transaction. Every other DELETE is still
-- refused, and UPDATE always is.

CREATE TABLE audit_prune (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    through_seq  INTEGER NOT NULL,
    head_hash    BLOB    NOT NULL,
    before_ns    INTEGER NOT NULL,
    signed_at_ns INTEGER NOT NULL,
    signature    BLOB    NOT NULL
);

DROP TRIGGER audit_record_no_delete;

CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record
WHEN OLD.seq > (SELECT COALESCE(MAX(through_seq), 0) FROM audit_prune)
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;

CREATE TRIGGER audit_prune_no_update BEFORE UPDATE ON audit_prune
BEGIN
    SELECT RAISE(ABORT, 'audit prune anchors are append-only');
END;

CREATE TRIGGER audit_prune_no_delete BEFORE DELETE ON audit_prune
BEGIN
    SELECT RAISE(ABORT, 'audit prune anchors are append-only');
END;
