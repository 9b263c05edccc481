-- Retention (gallring). A prune removes the oldest records under a signed anchor, kept here:
-- "records 1..=through_seq (all made before before_ns) were removed; the last hashed to
-- head_hash". The verifier starts the chain at the newest anchor. Anchors are append-only.
-- A record may be deleted only when an anchor covers its seq: the prune inserts its anchor,
-- deletes, and appends its own `prune` record in one transaction. Every other DELETE is still
-- refused, and UPDATE and TRUNCATE always are.

CREATE TABLE audit_prune (
    id           BIGSERIAL PRIMARY KEY,
    through_seq  BIGINT NOT NULL,
    head_hash    BYTEA  NOT NULL,
    before_ns    BIGINT NOT NULL,
    signed_at_ns BIGINT NOT NULL,
    signature    BYTEA  NOT NULL
);

CREATE FUNCTION audit_record_prunable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.seq <= (SELECT COALESCE(MAX(through_seq), 0) FROM audit_prune) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_record is append-only';
END
$$;

DROP TRIGGER audit_record_append_only ON audit_record;

CREATE TRIGGER audit_record_append_only
    BEFORE UPDATE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_record_delete_pruned_only
    BEFORE DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_prunable();

CREATE TRIGGER audit_prune_append_only
    BEFORE UPDATE OR DELETE ON audit_prune
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TRIGGER audit_prune_no_truncate
    BEFORE TRUNCATE ON audit_prune
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
