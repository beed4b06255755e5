-- Care contracts held to account (issue 18, rule 6). Results are submitted by the provider and
-- agreed or disputed by the commissioner; only an agreed revision is determined. A determination is
-- final: a later agreed revision (a correction) is determined as a new row linked to the one it
-- supersedes, carrying the previous total and the difference, never an overwrite.

-- Results recorded before this change were recorded by the commissioning CCG itself: they count as
-- agreed by it when they were recorded.
ALTER TABLE outcome_result
    ADD COLUMN status         TEXT,
    ADD COLUMN submitted_for  TEXT,
    ADD COLUMN answered_by    TEXT,
    ADD COLUMN answered_at    TIMESTAMPTZ,
    ADD COLUMN dispute_reason TEXT;
UPDATE outcome_result SET status = 'AGREED', answered_by = recorded_by, answered_at = recorded_at;
ALTER TABLE outcome_result
    ALTER COLUMN status SET NOT NULL,
    ALTER COLUMN status SET DEFAULT 'SUBMITTED',
    ADD CONSTRAINT outcome_result_status CHECK (status IN ('SUBMITTED', 'AGREED', 'DISPUTED')),
    ADD CONSTRAINT outcome_result_answered CHECK ((status = 'SUBMITTED') = (answered_at IS NULL)
        AND (status = 'SUBMITTED') = (answered_by IS NULL)),
    ADD CONSTRAINT outcome_result_dispute_has_reason CHECK ((status = 'DISPUTED') = (dispute_reason IS NOT NULL));

-- Each determination names the one it supersedes (none for the first of a period); one chain per period.
ALTER TABLE outcome_determination
    ADD COLUMN supersedes_revision  INT,
    ADD COLUMN previous_total_pence BIGINT,
    ADD COLUMN difference_pence     BIGINT;
UPDATE outcome_determination d SET supersedes_revision = l.prev_revision, previous_total_pence = l.prev_total,
                                   difference_pence = d.total_pence - coalesce(l.prev_total, 0)
FROM (SELECT contract_id, period, results_revision,
             lag(results_revision) OVER w AS prev_revision, lag(total_pence) OVER w AS prev_total
      FROM outcome_determination
      WINDOW w AS (PARTITION BY contract_id, period ORDER BY results_revision)) l
WHERE d.contract_id = l.contract_id AND d.period = l.period AND d.results_revision = l.results_revision;
ALTER TABLE outcome_determination
    ALTER COLUMN difference_pence SET NOT NULL,
    ADD CONSTRAINT outcome_determination_supersedes
        FOREIGN KEY (contract_id, period, supersedes_revision) REFERENCES outcome_determination (contract_id, period, results_revision),
    ADD CONSTRAINT outcome_determination_later CHECK (supersedes_revision IS NULL OR supersedes_revision < results_revision),
    ADD CONSTRAINT outcome_determination_linked CHECK ((supersedes_revision IS NULL) = (previous_total_pence IS NULL)),
    ADD CONSTRAINT outcome_determination_difference CHECK (difference_pence = total_pence - coalesce(previous_total_pence, 0)),
    ADD CONSTRAINT outcome_determination_superseded_once UNIQUE (contract_id, period, supersedes_revision);
CREATE UNIQUE INDEX outcome_determination_one_first ON outcome_determination (contract_id, period) WHERE supersedes_revision IS NULL;
