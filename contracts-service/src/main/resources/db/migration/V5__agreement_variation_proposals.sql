-- Variations are proposals (issue 18, rule 1): either party proposes a new price and/or end date from an
-- effective date; only the other party's acceptance changes the agreement's terms (a new agreement_version).
CREATE TABLE agreement_variation (
    id                 UUID           PRIMARY KEY,
    agreement_id       UUID           NOT NULL REFERENCES agreement (id),
    proposed_by        TEXT           NOT NULL CHECK (proposed_by IN ('CCG', 'SUPPLIER')),
    proposed_by_client TEXT           NOT NULL,
    unit_price         NUMERIC(14, 4) CHECK (unit_price > 0 AND unit_price <= 10000000),
    end_date           DATE,
    effective_from     DATE           NOT NULL,
    reason             TEXT,
    status             TEXT           NOT NULL CHECK (status IN ('PROPOSED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN')),
    answered_by        TEXT           CHECK (answered_by IN ('CCG', 'SUPPLIER')),
    answered_by_client TEXT,
    answer_reason      TEXT,
    terms_version      INT,
    proposed_at        TIMESTAMPTZ    NOT NULL DEFAULT now(),
    answered_at        TIMESTAMPTZ,
    version            BIGINT         NOT NULL DEFAULT 0,
    CHECK (unit_price IS NOT NULL OR end_date IS NOT NULL),
    CHECK (end_date IS NULL OR end_date > effective_from),
    CHECK ((status = 'PROPOSED') = (answered_at IS NULL))
);
-- one open proposal per agreement, also under concurrent proposals
CREATE UNIQUE INDEX agreement_variation_one_open ON agreement_variation (agreement_id) WHERE status = 'PROPOSED';
