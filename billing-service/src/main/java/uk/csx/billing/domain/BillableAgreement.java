package uk.csx.billing.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** An agreement's terms as billing holds them (from contracts-service's events). */
public record BillableAgreement(UUID id, String ccgCode, String supplierCode, String serviceLineCode, Charges.Basis basis,
                                BigDecimal unitPrice, BigDecimal publishedUnitPrice, BigDecimal vatRate, LocalDate startDate,
                                LocalDate endDate, boolean negotiated, String poNumber, String status, int termsVersion) {
}
