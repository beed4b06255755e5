-- The price of an agreement in force for a month, in one place for every query that prices a month:
-- the latest terms version effective by the first day the agreement covers in the month (the 1st,
-- or its start when it starts in the month); before any version is effective (a back-dated start
-- signed later), the first version's price. Never the current price by default: a variation is
-- not back-dated by accident.
CREATE FUNCTION price_in_force(agreement UUID, first_of_month DATE) RETURNS NUMERIC
    LANGUAGE sql STABLE AS
$$
SELECT coalesce(
               (SELECT p.unit_price FROM billing_agreement_price p JOIN billing_agreement a ON a.agreement_id = p.agreement_id
                WHERE p.agreement_id = $1 AND p.effective_from <= greatest($2, a.start_date)
                ORDER BY p.terms_version DESC LIMIT 1),
               (SELECT p.unit_price FROM billing_agreement_price p WHERE p.agreement_id = $1 ORDER BY p.terms_version LIMIT 1),
               (SELECT a.unit_price FROM billing_agreement a WHERE a.agreement_id = $1))
$$;
