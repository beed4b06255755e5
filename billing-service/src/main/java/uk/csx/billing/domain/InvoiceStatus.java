package uk.csx.billing.domain;

/**
 * Where an invoice stands, from its balance after payments and credits (DISPUTED aside, which a
 * commissioner sets and the supplier's resolution ends). Credits beyond what is unpaid leave a
 * refund due to the commissioner, shown as such rather than as a negative balance.
 */
public enum InvoiceStatus {
    ISSUED, PART_PAID, PART_CREDITED, PAID, CREDITED, REFUND_DUE, DISPUTED;

    public static InvoiceStatus of(long grossPence, long paidPence, long creditedPence) {
        long balance = grossPence - paidPence - creditedPence;
        if (balance < 0) {
            return REFUND_DUE;
        }
        if (balance == 0) {
            return paidPence == 0 ? CREDITED : PAID;
        }
        if (paidPence > 0) {
            return PART_PAID;
        }
        return creditedPence > 0 ? PART_CREDITED : ISSUED;
    }

    /** States in which the commissioner may still dispute the invoice. */
    public boolean disputable() {
        return this == ISSUED || this == PART_PAID || this == PART_CREDITED;
    }
}
