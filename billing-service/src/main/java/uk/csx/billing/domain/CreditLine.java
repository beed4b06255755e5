package uk.csx.billing.domain;

import uk.csx.platform.money.Money;

import java.util.UUID;

/** A credit owed on an invoiced line, e.g. the days a termination left uncovered. */
public record CreditLine(UUID invoiceId, long invoiceLineId, String reason, Money net, Money vat, Money gross) {
}
