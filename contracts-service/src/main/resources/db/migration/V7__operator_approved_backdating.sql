-- Back-dating only with an operator's recorded approval (issue 18, rule 2). An agreement may start before
-- the current month only if the CCG gives a reason and an operator approves it, with its own reason,
-- before the supplier accepts. An offer may be valid from before today only if an operator publishes it
-- for the supplier with a reason. Who did it is kept on the row.
ALTER TABLE agreement
    ADD COLUMN backdating_reason          TEXT,
    ADD COLUMN backdating_approved_by     TEXT,
    ADD COLUMN backdating_approval_reason TEXT,
    ADD COLUMN backdating_approved_at     TIMESTAMPTZ,
    ADD CONSTRAINT agreement_backdating_approval_has_reason
        CHECK (backdating_approved_by IS NULL OR (backdating_reason IS NOT NULL AND backdating_approval_reason IS NOT NULL));
ALTER TABLE offer
    ADD COLUMN published_by      TEXT,
    ADD COLUMN backdating_reason TEXT;
