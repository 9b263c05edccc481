-- A connection's registered free-text purposes (syften) for the v10 drop-in (SQLite): each text
-- or pattern (`*` any run, `?` one character) the case system sends in `syfte`, and the
-- purpose code it maps to. Added and removed only together with an `admin` audit record.

CREATE TABLE registry_syfte_mapping (
    organisation TEXT NOT NULL REFERENCES registry_connection (organisation),
    pattern      TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    PRIMARY KEY (organisation, pattern)
);
