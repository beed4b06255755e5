-- Offers can be withdrawn by their supplier (rule 2): a withdrawn offer is no longer listed, compared or
-- drafted from, and no longer holds its period against a new offer of the same supplier and line.
ALTER TABLE offer ADD COLUMN withdrawn_at TIMESTAMPTZ;
DO $$
DECLARE
    exclusion TEXT;
BEGIN
    SELECT conname INTO exclusion FROM pg_constraint WHERE conrelid = 'offer'::regclass AND contype = 'x';
    IF exclusion IS NOT NULL THEN
        EXECUTE format('ALTER TABLE offer DROP CONSTRAINT %I', exclusion);
    END IF;
END $$;
ALTER TABLE offer ADD CONSTRAINT offer_one_per_supplier_line_and_date
    EXCLUDE USING gist (supplier_code WITH =, service_line_code WITH =, daterange(valid_from, valid_to) WITH &&)
    WHERE (withdrawn_at IS NULL);
