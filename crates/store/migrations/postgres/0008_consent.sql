-- Consent-based gathering (issue 17): the applicant's explicit, time-limited, revocable
-- consents per account and period, every fetch made under one (what came back, or why the
-- data is missing: "kontouppgifter saknas", never an empty account), and the case system's
-- status events per application. Each consent, revocation and fetch is written in the same
-- transaction as its audit record (consent_given, consent_revoked, bank_fetch).
-- Timestamps are integer nanoseconds since the Unix epoch (UTC); dates are ISO text.

CREATE TABLE consent (
    id                  TEXT    PRIMARY KEY,
    subject             TEXT    NOT NULL, -- the applicant, 12 digits
    source              TEXT    NOT NULL, -- the consent-based source's slug: bank
    account             TEXT    NOT NULL, -- the account (IBAN) the consent covers
    period_from         TEXT    NOT NULL, -- YYYY-MM-DD
    period_to           TEXT    NOT NULL, -- YYYY-MM-DD
    valid_until         TEXT    NOT NULL, -- YYYY-MM-DD
    given_at_ns         BIGINT  NOT NULL,
    provider_consent_id TEXT,             -- the provider's consent id; NULL when it refused
    provider_status     TEXT    NOT NULL, -- valid, rejected, unavailable
    revoked_at_ns       BIGINT            -- NULL until revoked (the one change a row gets)
);

CREATE INDEX consent_subject ON consent (subject, given_at_ns);

CREATE TABLE consent_fetch (
    id          TEXT    PRIMARY KEY,
    consent_id  TEXT    NOT NULL REFERENCES consent (id),
    at_ns       BIGINT  NOT NULL,
    outcome     TEXT    NOT NULL, -- fetched, missing
    reason      TEXT,             -- why missing (a stable code), NULL when fetched
    data        TEXT              -- the fetched data as JSON, NULL when missing
);

CREATE INDEX consent_fetch_consent ON consent_fetch (consent_id, at_ns);

CREATE TABLE application_event (
    application_id TEXT    NOT NULL,
    seq            BIGINT  NOT NULL, -- 1, 2, … per application, in the order received
    id             TEXT    NOT NULL UNIQUE,
    kind           TEXT    NOT NULL, -- mottagen, komplettering_begard, …
    occurred_at_ns BIGINT  NOT NULL,
    received_at_ns BIGINT  NOT NULL,
    message        TEXT    NOT NULL,
    posted_by      TEXT    NOT NULL, -- the posting organisation (10 digits)
    decided_by     TEXT,             -- beslutad: the case worker who decided
    prepared_by_system BOOLEAN NOT NULL, -- beslutad: the calculation was prepared by the system
    PRIMARY KEY (application_id, seq)
);
