-- A consumer's copy of the commissioner hierarchy (practices.CommissionerParentChanged.v1): each
-- commissioner's parent from a date until the next change, so that an ICB's population on a date
-- is that of the sub-ICB locations under it on that date, as practices-service counts it.
CREATE TABLE pp_commissioner_parent (
    code           VARCHAR(5) NOT NULL,
    parent_code    VARCHAR(5) NOT NULL,
    effective_from DATE       NOT NULL,
    effective_to   DATE,
    PRIMARY KEY (code, effective_from)
);
CREATE INDEX pp_commissioner_parent_children ON pp_commissioner_parent (parent_code, effective_from);
