package uk.csx.billing.events;

import java.time.LocalDate;
import java.util.UUID;

/** The events billing-service publishes on {@code billing.events.v1}, keyed by invoice id (an account's hold by supplier|commissioner). */
public final class BillingEvents {
    public static final String INVOICE_ISSUED = "billing.InvoiceIssued.v1";
    public static final String CREDIT_NOTE_ISSUED = "billing.CreditNoteIssued.v1";
    public static final String PAYMENT_RECORDED = "billing.PaymentRecorded.v1";
    public static final String INVOICE_DISPUTED = "billing.InvoiceDisputed.v1";
    public static final String DISPUTE_RESOLVED = "billing.DisputeResolved.v1";
    public static final String ACCOUNT_HELD = "billing.AccountHeld.v1";

    private BillingEvents() {
    }

    /** {@code supplementary}: a further invoice of the account's month, for what the first did not bill. */
    public record InvoiceIssued(UUID invoiceId, String number, String supplierCode, String ccgCode, LocalDate month,
                                String net, String vat, String gross, boolean supplementary) {
    }

    public record CreditNoteIssued(UUID creditNoteId, String number, UUID invoiceId, String reason, String net, String vat, String gross) {
    }

    public record PaymentRecorded(UUID paymentId, UUID invoiceId, String amount, LocalDate receivedOn, String invoiceStatus) {
    }

    public record InvoiceDisputed(UUID invoiceId, String reason) {
    }

    public record DisputeResolved(UUID invoiceId, String outcome, String creditedAmount) {
    }

    /** A run could not price the account's month and billed none of it; a later run bills it. */
    public record AccountHeld(UUID runId, String supplierCode, String ccgCode, LocalDate month, String reason) {
    }
}
