-- Re-rating: a term charge line records the agreement's terms version it is rated at. When a later
-- version (an accepted variation of price or end, a termination) changes what an invoiced month
-- owes, the next run credits (credit note) or debits (ADJUSTMENT line pointing at it) the
-- difference and moves the line to that version. Lines written before this carry no version and
-- are rated once against the current terms.
ALTER TABLE invoice_line ADD COLUMN rated_version INT;
ALTER TABLE invoice_line ADD COLUMN adjusts_line_id BIGINT REFERENCES invoice_line (id);
CREATE INDEX invoice_line_adjusts ON invoice_line (adjusts_line_id) WHERE adjusts_line_id IS NOT NULL;
