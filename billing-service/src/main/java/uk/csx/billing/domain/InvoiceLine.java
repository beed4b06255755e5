package uk.csx.billing.domain;

import uk.csx.platform.money.Money;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.UUID;

/**
 * A line to invoice: one agreement's charge for a month, or an adjustment for an earlier month.
 * {@code ratedVersion}: the terms version a charge is rated at; {@code adjustsLineId}: the charge
 * line a re-rating debit adds to (null otherwise).
 */
public record InvoiceLine(UUID agreementId, String kind, String serviceLineCode, YearMonth periodMonth, String description,
                          String poNumber, Charges.Basis basis, BigDecimal unitPrice, BigDecimal quantity, Money net,
                          BigDecimal vatRate, Money vat, Money gross, java.util.List<Long> usageIds, Integer ratedVersion,
                          Long adjustsLineId) {
}
