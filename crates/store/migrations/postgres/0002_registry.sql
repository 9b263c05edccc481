-- Connection registry (anslutningar) and cases with their households (PostgreSQL).
-- Rows are changed only together with an `admin` audit record in the same transaction, so
-- every change is in the hash-chained audit trail. Connections and cases are never deleted
-- (a connection ends, a case closes); fingerprints, sources, information types, data
-- processors and household members are replaced or removed as the registry changes.
-- Organisationsnummer are 10 digits, personnummer 12 digits, timestamps integer nanoseconds
-- since the Unix epoch (UTC). Names are unqualified, as in 0001.

CREATE TABLE registry_connection (
    organisation   TEXT NOT NULL PRIMARY KEY,
    name           TEXT NOT NULL,
    committee_unit TEXT NOT NULL,
    lefi_actor_id  TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'ended'))
);

-- A certificate identifies one connection: the fingerprint is unique across organisations.
CREATE TABLE registry_fingerprint (
    fingerprint  TEXT NOT NULL PRIMARY KEY, -- SHA-256 of the certificate's DER, lower-case hex
    organisation TEXT NOT NULL REFERENCES registry_connection (organisation)
);
CREATE INDEX registry_fingerprint_organisation ON registry_fingerprint (organisation);

CREATE TABLE registry_source (
    organisation TEXT NOT NULL REFERENCES registry_connection (organisation),
    source       TEXT NOT NULL, -- contract code: FK, AF, CSN, SKV, SO, TNS, MIV
    PRIMARY KEY (organisation, source)
);

CREATE TABLE registry_information_type (
    organisation     TEXT NOT NULL REFERENCES registry_connection (organisation),
    information_type TEXT NOT NULL,
    PRIMARY KEY (organisation, information_type)
);

CREATE TABLE registry_processor (
    organisation TEXT NOT NULL REFERENCES registry_connection (organisation),
    processor    TEXT NOT NULL, -- the data processor's organisationsnummer
    name         TEXT NOT NULL,
    PRIMARY KEY (organisation, processor)
);

CREATE TABLE registry_case (
    organisation TEXT    NOT NULL REFERENCES registry_connection (organisation),
    case_id      TEXT    NOT NULL,
    opened_at_ns BIGINT  NOT NULL,
    closed_at_ns BIGINT,
    PRIMARY KEY (organisation, case_id)
);

CREATE TABLE registry_household_member (
    organisation TEXT NOT NULL,
    case_id      TEXT NOT NULL,
    person       TEXT NOT NULL,
    PRIMARY KEY (organisation, case_id, person),
    FOREIGN KEY (organisation, case_id) REFERENCES registry_case (organisation, case_id)
);
