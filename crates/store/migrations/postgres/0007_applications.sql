-- The applicant's digital applications (ansökan) and their attachments (bilagor), sent
-- through the applicant portal (/mina-sidor). The document is the application as the
-- applicant gave it (versioned JSON, see underlag-applicant's stored.rs); the other columns
-- are what it is found by. Sending writes the rows and the application_submitted audit record
-- in one transaction. Only the co-applicant's confirmation changes a row afterwards.

CREATE TABLE application (
    id                           TEXT PRIMARY KEY,
    reference                    TEXT NOT NULL UNIQUE,
    organisation                 TEXT NOT NULL, -- 10 digits
    applicant                    TEXT NOT NULL, -- 12 digits
    co_applicant                 TEXT,          -- 12 digits
    month                        TEXT NOT NULL, -- YYYY-MM
    submitted_at_ns              BIGINT NOT NULL,
    co_applicant_confirmed_at_ns BIGINT,
    document                     TEXT NOT NULL
);

CREATE INDEX application_by_applicant ON application (applicant);
CREATE INDEX application_by_co_applicant ON application (co_applicant);

CREATE TABLE application_attachment (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES application (id),
    file_name      TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size_bytes     BIGINT NOT NULL,
    content        BYTEA NOT NULL
);

CREATE INDEX application_attachment_by_application ON application_attachment (application_id);
