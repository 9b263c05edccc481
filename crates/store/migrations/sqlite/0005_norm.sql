-- The försörjningsstöd calculation's archive (SQLite): stored beräkningsunderlag, the case
-- workers' decisions on them and imported riksnorm tables. Each row is written in one
-- transaction with its audit record (`norm_calculation`, `norm_decision`, `admin`), whose seq
-- it keeps. Append-only: a calculation is never edited (a recompute is a new one), a decision
-- is a record; triggers refuse UPDATE and DELETE.

CREATE TABLE norm_calculation (
    id            TEXT    PRIMARY KEY,
    created_at_ns INTEGER NOT NULL,
    computed_by   TEXT    NOT NULL,
    organisation  TEXT    NOT NULL, -- 10-digit organisationsnummer
    unit          TEXT    NOT NULL, -- the connection's committee or unit
    case_id       TEXT    NOT NULL,
    lookup_id     TEXT,             -- the UI look-up it was prefilled from
    rule_version  TEXT    NOT NULL,
    inputs_json   TEXT    NOT NULL,
    result_json   TEXT    NOT NULL,
    checksum      TEXT    NOT NULL, -- SHA-256 of result_json, as in the audit record
    audit_seq     INTEGER NOT NULL
);

CREATE INDEX norm_calculation_by_lookup ON norm_calculation (organisation, lookup_id);

CREATE TABLE norm_decision (
    id              TEXT    NOT NULL,
    calculation_id  TEXT    NOT NULL REFERENCES norm_calculation (id),
    section         TEXT    NOT NULL CHECK (section IN ('norm', 'costs', 'incomes')),
    verdict         TEXT    NOT NULL CHECK (verdict IN ('approve', 'adjust')),
    computed_amount TEXT    NOT NULL,
    adjusted_amount TEXT,
    reason          TEXT,
    rule_version    TEXT    NOT NULL,
    decided_by      TEXT    NOT NULL,
    decided_at_ns   INTEGER NOT NULL,
    audit_seq       INTEGER NOT NULL,
    PRIMARY KEY (id, section),
    CHECK ((verdict = 'adjust') = (adjusted_amount IS NOT NULL AND reason IS NOT NULL))
);

CREATE INDEX norm_decision_by_calculation ON norm_decision (calculation_id);

CREATE TABLE norm_table_import (
    id             TEXT    PRIMARY KEY,
    year           INTEGER NOT NULL,
    source         TEXT    NOT NULL,
    imported_by    TEXT    NOT NULL,
    imported_at_ns INTEGER NOT NULL,
    file_text      TEXT    NOT NULL,
    audit_seq      INTEGER NOT NULL
);

CREATE TRIGGER norm_calculation_no_update BEFORE UPDATE ON norm_calculation
BEGIN
    SELECT RAISE(ABORT, 'stored calculations are never edited');
END;

CREATE TRIGGER norm_calculation_no_delete BEFORE DELETE ON norm_calculation
BEGIN
    SELECT RAISE(ABORT, 'stored calculations are never edited');
END;

CREATE TRIGGER norm_decision_no_update BEFORE UPDATE ON norm_decision
BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;

CREATE TRIGGER norm_decision_no_delete BEFORE DELETE ON norm_decision
BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;

CREATE TRIGGER norm_table_import_no_update BEFORE UPDATE ON norm_table_import
BEGIN
    SELECT RAISE(ABORT, 'table imports are append-only');
END;

CREATE TRIGGER norm_table_import_no_delete BEFORE DELETE ON norm_table_import
BEGIN
    SELECT RAISE(ABORT, 'table imports are append-only');
END;
