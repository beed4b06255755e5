package uk.csx.billing.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An agreement's terms as billing holds them (from contracts-service's events), as one
 * commissioner's share of it: {@code startDate} to {@code endDate} are the days billed to
 * {@code ccgCode}, the whole term ({@code termStart} to {@code termEnd}) unless a novation handed
 * the agreement from one commissioner to another during it.
 */
public record BillableAgreement(UUID id, String ccgCode, String supplierCode, String serviceLineCode, Charges.Basis basis,
                                BigDecimal unitPrice, BigDecimal publishedUnitPrice, BigDecimal vatRate, LocalDate startDate,
                                LocalDate endDate, boolean negotiated, String poNumber, String status, int termsVersion,
                                LocalDate termStart, LocalDate termEnd) {

    /** The commissioner holds the agreement from a novation rather than from its start. */
    public boolean novatedToIt() {
        return startDate.isAfter(termStart);
    }

    /** A usage month is billed to the commissioner that holds the agreement on the first day of it the term covers. */
    public boolean billsUsageOf(java.time.YearMonth month) {
        LocalDate first = month.atDay(1).isBefore(termStart) ? termStart : month.atDay(1);
        return !first.isBefore(startDate) && first.isBefore(endDate);
    }
}
