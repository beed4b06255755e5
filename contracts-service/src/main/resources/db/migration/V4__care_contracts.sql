-- Outcome-based care contracts (DESIGN.md §5). Terms are kept as a JSON document of the signed
-- contract; results and determinations are immutable rows: a correction is a new revision.
CREATE TABLE care_contract (
    id           UUID        PRIMARY KEY,
    ccg_code     VARCHAR(5)  NOT NULL,
    model        TEXT        NOT NULL CHECK (model IN ('SINGLE', 'PRIME_PROVIDER', 'ALLIANCE')),
    pathway      TEXT        NOT NULL,
    terms        TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX care_contract_ccg ON care_contract (ccg_code);

CREATE TABLE care_contract_provider (
    contract_id   UUID NOT NULL REFERENCES care_contract (id),
    provider_code TEXT NOT NULL,
    PRIMARY KEY (contract_id, provider_code)
);

CREATE TABLE outcome_result (
    contract_id UUID        NOT NULL REFERENCES care_contract (id),
    period      INT         NOT NULL CHECK (period >= 1),
    revision    INT         NOT NULL,
    actuals     TEXT        NOT NULL,
    recorded_by TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (contract_id, period, revision)
);

CREATE TABLE outcome_determination (
    contract_id      UUID        NOT NULL REFERENCES care_contract (id),
    period           INT         NOT NULL,
    results_revision INT         NOT NULL,
    breakdown        TEXT        NOT NULL,
    total_pence      BIGINT      NOT NULL,
    determined_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (contract_id, period, results_revision),
    FOREIGN KEY (contract_id, period, results_revision) REFERENCES outcome_result (contract_id, period, revision)
);
