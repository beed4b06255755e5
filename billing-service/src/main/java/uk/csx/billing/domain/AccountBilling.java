package uk.csx.billing.domain;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.billing.persistence.BillingQueries;
import uk.csx.platform.money.Money;
import uk.csx.practicesprojection.Populations;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one supplier + CCG account owes for a month: a charge line per agreement covering the
 * month, adjustment lines for late day-rate usage of earlier months, and credits for invoiced
 * days a termination (or a shortened end) left uncovered.
 */
@ApplicationScoped
public class AccountBilling {
    private final BillingQueries queries;
    private final Populations populations;

    public AccountBilling(BillingQueries queries, Populations populations) {
        this.queries = queries;
        this.populations = populations;
    }

    /**
     * What the account owes for the month, or why it cannot be priced yet ({@code heldReason}: then
     * no lines and no credits, and the whole account waits for a later run, keeping one invoice per
     * supplier, commissioner and month).
     */
    public record Bill(BillingQueries.Account account, List<InvoiceLine> lines, List<CreditLine> credits, String heldReason) {
        static Bill held(BillingQueries.Account account, String reason) {
            return new Bill(account, List.of(), List.of(), reason);
        }

        public boolean isHeld() {
            return heldReason != null;
        }

        public Money net() {
            return lines.stream().map(InvoiceLine::net).reduce(Money.ZERO, Money::plus);
        }

        public Money vat() {
            return lines.stream().map(InvoiceLine::vat).reduce(Money.ZERO, Money::plus);
        }

        public Money gross() {
            return lines.stream().map(InvoiceLine::gross).reduce(Money.ZERO, Money::plus);
        }
    }

    public Bill bill(BillingQueries.Account account, YearMonth month, boolean populationsCurrent) {
        return bill(account, month, queries.agreements(account, month), populationsCurrent);
    }

    /**
     * The bill from the account's agreements, read beforehand (a run reads a group of accounts at
     * once). A per-capita charge needs the population on the 1st: when the practice events published
     * before the run are not all applied yet ({@code populationsCurrent} false), or no list size of a
     * member practice is known on that date, the account is held rather than billed on a part of it.
     */
    public Bill bill(BillingQueries.Account account, YearMonth month, List<BillingQueries.AgreementInMonth> agreements,
                     boolean populationsCurrent) {
        List<InvoiceLine> lines = new ArrayList<>();
        List<CreditLine> credits = new ArrayList<>();
        Long population = null;
        for (BillingQueries.AgreementInMonth inMonth : agreements) {
            BillableAgreement a = inMonth.agreement();
            if (a.basis() == Charges.Basis.DAY_RATE) {
                lines.addAll(usageLines(a, month));
                continue;
            }
            if (Charges.coveredDays(month, a.startDate(), a.endDate()) > 0 && !inMonth.charged()) {
                BigDecimal price = inMonth.price();
                Charges.Charge c;
                if (a.basis() == Charges.Basis.PER_CAPITA) {
                    if (!populationsCurrent) {
                        return Bill.held(account, "practice events published before the run are not all applied yet: "
                                + "the registered population of " + account.ccgCode() + " may be incomplete");
                    }
                    if (population == null) {
                        population = populations.of(account.ccgCode(), month.atDay(1)).registered();
                    }
                    if (population == 0) {
                        return Bill.held(account, "no registered population known for " + account.ccgCode() + " on " + month.atDay(1)
                                + " (no list size of a member practice on or before that date)");
                    }
                    c = Charges.perCapita(price, population, month, a.startDate(), a.endDate(), a.vatRate());
                } else {
                    c = Charges.fixedAnnual(price, month, a.startDate(), a.endDate(), a.vatRate());
                }
                lines.add(new InvoiceLine(a.id(), "CHARGE", a.serviceLineCode(), month, a.serviceLineCode() + " " + month + ": " + c.description(),
                        a.poNumber(), a.basis(), price, c.quantity(), c.net(), a.vatRate(), c.vat(), c.gross(), List.of()));
            }
            credits.addAll(creditsForShortenedTerm(a, month));
        }
        return new Bill(account, lines, credits, null);
    }

    private List<InvoiceLine> usageLines(BillableAgreement a, YearMonth month) {
        Map<YearMonth, List<BillingQueries.Usage>> byMonth = new TreeMap<>();
        for (BillingQueries.Usage u : queries.uninvoicedUsage(a.id(), month)) {
            byMonth.computeIfAbsent(u.month(), m -> new ArrayList<>()).add(u);
        }
        List<InvoiceLine> lines = new ArrayList<>();
        byMonth.forEach((usageMonth, records) -> {
            BigDecimal days = records.stream().map(BillingQueries.Usage::days).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal price = queries.priceFor(a, usageMonth);
            Charges.Charge c = Charges.dayRate(price, days, a.vatRate());
            boolean late = usageMonth.isBefore(month);
            lines.add(new InvoiceLine(a.id(), late ? "ADJUSTMENT" : "CHARGE", a.serviceLineCode(), usageMonth,
                    a.serviceLineCode() + " " + usageMonth + (late ? " (usage submitted after that month was invoiced): " : ": ") + c.description(),
                    a.poNumber(), a.basis(), price, days, c.net(), a.vatRate(), c.vat(), c.gross(),
                    records.stream().map(BillingQueries.Usage::id).toList()));
        });
        return lines;
    }

    /** Invoiced months the agreement no longer covers in full: credit what was charged beyond its new end. */
    private List<CreditLine> creditsForShortenedTerm(BillableAgreement a, YearMonth month) {
        List<CreditLine> credits = new ArrayList<>();
        if (!a.endDate().isBefore(month.atDay(1))) {
            return credits; // every earlier month ends by the first of this one, so the agreement still covers each in full
        }
        for (BillingQueries.InvoicedLine line : queries.invoicedCharges(a.id(), month)) {
            if (!a.endDate().isBefore(line.month().plusMonths(1).atDay(1))) {
                continue;
            }
            long owed = Charges.creditDuePence(line.basis(), line.unitPrice(), line.quantity(), line.netPence(), line.creditedPence(),
                    line.month(), a.startDate(), a.endDate());
            if (owed > 0) {
                long covered = Charges.coveredDays(line.month(), a.startDate(), a.endDate());
                long days = line.month().lengthOfMonth();
                Charges.Charge c = Charges.charge(BigDecimal.ONE, Money.ofPence(owed), line.vatRate(), "");
                credits.add(new CreditLine(line.invoiceId(), line.lineId(), "agreement ends " + a.endDate() + ": " + (days - covered)
                        + " of " + days + " days of " + line.month() + " not covered", c.net(), c.vat(), c.gross()));
            }
        }
        return credits;
    }
}
