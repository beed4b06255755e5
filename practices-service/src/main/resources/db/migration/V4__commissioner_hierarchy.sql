-- Commissioners as the NHS has them since July 2022: regions, integrated care boards (ICBs) and
-- their sub-ICB locations, each level with a dated parent (sub-ICB location -> ICB -> region).
-- A parent holds from effective_from until effective_to (exclusive, null: still), so an ICB's
-- population on a date is that of the sub-ICB locations that were its children on that date.
ALTER TABLE commissioner DROP CONSTRAINT commissioner_kind_check;
ALTER TABLE commissioner ADD CONSTRAINT commissioner_kind_check CHECK (kind IN ('CCG', 'SUB_ICB_LOCATION', 'ICB', 'REGION'));

CREATE TABLE commissioner_parent (
    code           VARCHAR(5) NOT NULL REFERENCES commissioner (code),
    parent_code    VARCHAR(5) NOT NULL REFERENCES commissioner (code),
    effective_from DATE       NOT NULL,
    effective_to   DATE,
    PRIMARY KEY (code, effective_from),
    CHECK (code <> parent_code),
    CHECK (effective_to IS NULL OR effective_to > effective_from)
);
CREATE INDEX commissioner_parent_children ON commissioner_parent (parent_code, effective_from);
