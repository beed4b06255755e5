-- Dated successions between commissioners: a predecessor's role passes to a successor on a date
-- (a merger, a rename to a new code, an abolition, a split into several successors). Asked for a
-- date on or after its succession, a predecessor's population is 0, with a link to its successors.
CREATE TABLE commissioner_succession (
    predecessor_code VARCHAR(5)  NOT NULL REFERENCES commissioner (code),
    successor_code   VARCHAR(5)  NOT NULL REFERENCES commissioner (code),
    effective_date   DATE        NOT NULL,
    reason           TEXT        NOT NULL CHECK (reason IN ('MERGER', 'RENAME', 'ABOLITION', 'SPLIT')),
    recorded_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (predecessor_code, successor_code),
    CHECK (predecessor_code <> successor_code)
);
CREATE INDEX commissioner_succession_successor ON commissioner_succession (successor_code);
