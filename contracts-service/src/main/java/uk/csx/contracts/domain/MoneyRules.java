package uk.csx.contracts.domain;

import java.math.BigDecimal;

/**
 * The documented ranges of the amounts contracts-service accepts (issue 18, rule 3), checked in the
 * domain so that no path (offer, negotiated price, variation, care contract) can bend them.
 */
public final class MoneyRules {
    /** A unit price (per patient, per year, per day) is more than zero and at most £10,000,000. */
    public static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("10000000");
    /** A care contract's annual value is at most £10,000,000,000 (in pence). */
    public static final long MAX_ANNUAL_VALUE_PENCE = 1_000_000_000_000L;

    private MoneyRules() {
    }

    /** Refuses (400, naming the field) a unit price that is not in (0, £10,000,000]. */
    public static BigDecimal unitPrice(String field, BigDecimal pounds) {
        if (pounds == null) {
            return null;
        }
        if (pounds.signum() <= 0 || pounds.compareTo(MAX_UNIT_PRICE) > 0) {
            throw InvalidField.outOfRange(field, "must be more than 0 and at most 10000000 pounds");
        }
        return pounds;
    }
}
