CREATE EXTENSION IF NOT EXISTS btree_gist;

-- GP practices and the other prescribing cost centres of the ODS file, with their status kept.
CREATE TABLE practice (
    code                VARCHAR(6)  PRIMARY KEY,
    name                TEXT        NOT NULL,
    national_grouping   TEXT,
    health_geography    TEXT,
    address             TEXT,
    postcode            TEXT,
    open_date           DATE,
    close_date          DATE,
    status              VARCHAR(1)  NOT NULL CHECK (status IN ('A', 'C', 'D', 'P')),
    prescribing_setting INT         NOT NULL,
    telephone           TEXT,
    row_hash            TEXT        NOT NULL,
    version             BIGINT      NOT NULL DEFAULT 0,
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX practice_postcode ON practice (postcode text_pattern_ops);
CREATE INDEX practice_name ON practice (lower(name) text_pattern_ops);

-- Localities: groups of a CCG's practices (often formed from primary care networks).
CREATE TABLE locality (
    id         BIGSERIAL   PRIMARY KEY,
    ccg_code   VARCHAR(5)  NOT NULL REFERENCES commissioner (code),
    name       TEXT        NOT NULL,
    pcn_code   TEXT,
    version    BIGINT      NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (ccg_code, name)
);

-- Dated membership: [effective_from, effective_to); one CCG and at most one locality at a time.
CREATE TABLE membership (
    id             BIGSERIAL  PRIMARY KEY,
    practice_code  VARCHAR(6) NOT NULL REFERENCES practice (code),
    ccg_code       VARCHAR(5) NOT NULL REFERENCES commissioner (code),
    locality_id    BIGINT     REFERENCES locality (id),
    effective_from DATE       NOT NULL,
    effective_to   DATE,
    CHECK (effective_to IS NULL OR effective_to > effective_from),
    EXCLUDE USING gist (practice_code WITH =, daterange(effective_from, effective_to) WITH &&)
);
CREATE INDEX membership_ccg ON membership (ccg_code, effective_from);
CREATE INDEX membership_locality ON membership (locality_id) WHERE locality_id IS NOT NULL;

-- Registered patients at a practice as of a date (NHS Digital monthly), history kept.
CREATE TABLE list_size (
    practice_code VARCHAR(6) NOT NULL REFERENCES practice (code),
    as_of         DATE       NOT NULL,
    patients      INT        NOT NULL CHECK (patients >= 0),
    file_ccg_code VARCHAR(5),
    PRIMARY KEY (practice_code, as_of)
);

-- NHS England's needs-weighted population and primary care network per practice, by allocation year.
CREATE TABLE weighted_population (
    practice_code VARCHAR(6)     NOT NULL,
    year          TEXT           NOT NULL,
    ccg_code      VARCHAR(5),
    pcn_code      TEXT,
    pcn_name      TEXT,
    patients      INT            NOT NULL CHECK (patients >= 0),
    weighted      NUMERIC(14, 4) NOT NULL CHECK (weighted >= 0),
    PRIMARY KEY (practice_code, year)
);

-- Import jobs (ODS practices, list sizes, weighted populations) and what they found.
CREATE TABLE import_job (
    id            UUID        PRIMARY KEY,
    kind          TEXT        NOT NULL,
    status        TEXT        NOT NULL,
    file_rows     INT         NOT NULL,
    rows_read     INT         NOT NULL DEFAULT 0,
    created       INT         NOT NULL DEFAULT 0,
    updated       INT         NOT NULL DEFAULT 0,
    unchanged     INT         NOT NULL DEFAULT 0,
    rejected      INT         NOT NULL DEFAULT 0,
    errors        TEXT        NOT NULL DEFAULT '[]',
    missing       TEXT        NOT NULL DEFAULT '[]',
    warnings      INT         NOT NULL DEFAULT 0,
    failure       TEXT,
    started_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ
);

-- Where a file's commissioner for a practice differs from the membership held: reported, never applied silently.
CREATE TABLE reconciliation_warning (
    id            BIGSERIAL  PRIMARY KEY,
    import_id     UUID       NOT NULL REFERENCES import_job (id),
    practice_code VARCHAR(6) NOT NULL,
    as_of         DATE       NOT NULL,
    file_ccg_code VARCHAR(5) NOT NULL,
    held_ccg_code VARCHAR(5),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (practice_code, as_of, file_ccg_code)
);
