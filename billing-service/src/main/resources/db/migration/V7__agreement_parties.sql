-- Who an agreement bills over time. The commissioner that signed holds it from the start (stored
-- as -infinity, so a start date changed before signing needs no update); a novation on a
-- succession hands it to the successor from its effective date.
CREATE TABLE billing_agreement_party (
    agreement_id   UUID       NOT NULL REFERENCES billing_agreement (agreement_id),
    ccg_code       VARCHAR(5) NOT NULL,
    effective_from DATE       NOT NULL,
    PRIMARY KEY (agreement_id, effective_from)
);
INSERT INTO billing_agreement_party (agreement_id, ccg_code, effective_from)
SELECT agreement_id, ccg_code, DATE '-infinity' FROM billing_agreement;

-- Each commissioner's share of an agreement's term: [billed_from, billed_until), never empty. An
-- account bills the agreement for the days of its share only, so a month that straddles a
-- novation is billed to each commissioner for its own days.
CREATE VIEW billing_agreement_share AS
SELECT agreement_id, ccg_code, billed_from, billed_until FROM (
    SELECT p.agreement_id, p.ccg_code, greatest(p.effective_from, a.start_date) AS billed_from,
           least(a.end_date, coalesce(lead(p.effective_from) OVER (PARTITION BY p.agreement_id ORDER BY p.effective_from), a.end_date))
               AS billed_until
    FROM billing_agreement_party p JOIN billing_agreement a ON a.agreement_id = p.agreement_id) share
WHERE billed_until > billed_from;

-- One term charge per agreement and month for each commissioner billed: a month that straddles a
-- novation has one for each.
ALTER TABLE invoice_line ADD COLUMN billed_to VARCHAR(5);
UPDATE invoice_line l SET billed_to = i.ccg_code FROM invoice i WHERE i.id = l.invoice_id;
ALTER TABLE invoice_line ALTER COLUMN billed_to SET NOT NULL;
DROP INDEX invoice_line_one_charge;
CREATE UNIQUE INDEX invoice_line_one_charge ON invoice_line (agreement_id, period_month, billed_to) WHERE kind = 'CHARGE' AND basis <> 'DAY_RATE';
