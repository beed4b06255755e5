-- Version 1.5: after each consuming service's V1 and before its V2 (the services number from V2 on).
-- A consumer's own copy of what practices-service publishes (never read from its tables).
CREATE TABLE pp_ccg (
    code VARCHAR(5) PRIMARY KEY,
    name TEXT       NOT NULL,
    kind TEXT       NOT NULL
);

CREATE TABLE pp_practice (
    code                VARCHAR(6) PRIMARY KEY,
    name                TEXT       NOT NULL,
    status              VARCHAR(1) NOT NULL,
    prescribing_setting INT        NOT NULL
);

-- membership periods [effective_from, effective_to) as the events state them
CREATE TABLE pp_membership (
    practice_code  VARCHAR(6) NOT NULL,
    effective_from DATE       NOT NULL,
    effective_to   DATE,
    ccg_code       VARCHAR(5) NOT NULL,
    locality_id    BIGINT,
    PRIMARY KEY (practice_code, effective_from)
);
CREATE INDEX pp_membership_ccg ON pp_membership (ccg_code, effective_from);

CREATE TABLE pp_list_size (
    practice_code VARCHAR(6) NOT NULL,
    as_of         DATE       NOT NULL,
    patients      INT        NOT NULL,
    PRIMARY KEY (practice_code, as_of)
);

CREATE TABLE pp_weighted_population (
    practice_code VARCHAR(6)     NOT NULL,
    year          TEXT           NOT NULL,
    weighted      NUMERIC(14, 4) NOT NULL,
    PRIMARY KEY (practice_code, year)
);

CREATE TABLE pp_locality (
    id       BIGINT     PRIMARY KEY,
    ccg_code VARCHAR(5) NOT NULL,
    name     TEXT       NOT NULL
);
