-- The legal basis (lagrum) a connection holds for a source that needs one besides the
-- agreement (AGI, Kronofogden): without a row here such a source answers not_entitled and is
-- never called. Added and removed only together with an `admin` audit record.

CREATE TABLE registry_source_legal_basis (
    organisation TEXT NOT NULL REFERENCES registry_connection (organisation),
    source       TEXT NOT NULL, -- source code: AGI, KFM
    legal_basis  TEXT NOT NULL,
    PRIMARY KEY (organisation, source)
);
