-- Agreements handed to a successor when their commissioner was succeeded (a merger, a rename, the
-- CCGs' abolition in July 2022). An agreement for a line the successor already buys from the same
-- supplier is not moved (terms_version null, colliding_agreement_id set): both are kept, never
-- merged, until an operator settles it by terminating one.
CREATE TABLE agreement_novation (
    agreement_id           UUID        NOT NULL REFERENCES agreement (id),
    predecessor_code       VARCHAR(5)  NOT NULL,
    successor_code         VARCHAR(5)  NOT NULL,
    effective_from         DATE        NOT NULL,
    terms_version          INT,
    colliding_agreement_id UUID        REFERENCES agreement (id),
    recorded_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (agreement_id, predecessor_code, successor_code),
    CHECK ((terms_version IS NULL) <> (colliding_agreement_id IS NULL))
);
CREATE INDEX agreement_novation_collisions ON agreement_novation (recorded_at) WHERE colliding_agreement_id IS NOT NULL;
