package uk.csx.billing.domain;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.billing.persistence.BillingQueries;
import uk.csx.platform.money.Money;
import uk.csx.practicesprojection.Populations;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one supplier + CCG account owes for a month: a charge line per agreement covering the
 * month, adjustment lines for late day-rate usage of earlier months, and the re-rating of invoiced
 * months whose terms changed since (an accepted variation of price or end, a termination): a
 * credit for what they charged beyond the current terms, a debit for what they charged short.
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
     * nothing at all, and the whole account waits for a later run, keeping one invoice per supplier,
     * commissioner and month). {@code rerated}: charge lines now rated at their agreement's terms
     * version, with that version; {@code usageCredited}: usage corrections of invoiced months, settled
     * by the re-rating of their month against the invoice that billed it.
     */
    public record Bill(BillingQueries.Account account, List<InvoiceLine> lines, List<CreditLine> credits, Map<Long, Integer> rerated,
                       Map<Long, UUID> usageCredited, String heldReason) {
        static Bill held(BillingQueries.Account account, String reason) {
            return new Bill(account, List.of(), List.of(), Map.of(), Map.of(), reason);
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

    /** A dry run's bill of one account: read without locking what a run would lock. */
    public Bill bill(BillingQueries.Account account, YearMonth month, boolean populationsCurrent) {
        return bill(account, month, queries.agreements(account, month), queries.chargesToRerate(List.of(account), month, false), populationsCurrent);
    }

    /**
     * The bill from the account's agreements and charges to re-rate, read beforehand (a run reads a
     * group of accounts at once). A per-capita charge needs the population on the 1st: when the
     * practice events published before the run are not all applied yet ({@code populationsCurrent}
     * false), or no list size of a member practice is known on that date, the account is held
     * rather than billed on a part of it.
     */
    public Bill bill(BillingQueries.Account account, YearMonth month, List<BillingQueries.AgreementInMonth> agreements,
                     Map<UUID, List<BillingQueries.ChargeToRerate>> toRerate, boolean populationsCurrent) {
        List<InvoiceLine> lines = new ArrayList<>();
        List<CreditLine> credits = new ArrayList<>();
        Map<Long, Integer> rerated = new LinkedHashMap<>();
        Map<Long, UUID> usageCredited = new LinkedHashMap<>();
        Map<LocalDate, Long> populationOn = new java.util.HashMap<>();
        try {
            addCharges(account, month, agreements, toRerate, populationsCurrent, lines, credits, rerated, usageCredited, populationOn);
        } catch (Held held) {
            return Bill.held(account, held.getMessage());
        }
        return new Bill(account, lines, credits, rerated, usageCredited, null);
    }

    private void addCharges(BillingQueries.Account account, YearMonth month, List<BillingQueries.AgreementInMonth> agreements,
                            Map<UUID, List<BillingQueries.ChargeToRerate>> toRerate, boolean populationsCurrent, List<InvoiceLine> lines,
                            List<CreditLine> credits, Map<Long, Integer> rerated, Map<Long, UUID> usageCredited,
                            Map<LocalDate, Long> populationOn) {
        for (BillingQueries.AgreementInMonth inMonth : agreements) {
            BillableAgreement a = inMonth.agreement();
            if (a.basis() == Charges.Basis.DAY_RATE) {
                usage(a, month, lines);
            } else {
                termCharges(account, a, inMonth, month, populationOn, populationsCurrent, lines);
            }
            for (BillingQueries.ChargeToRerate charge : toRerate.getOrDefault(a.id(), List.of())) {
                if (!charge.ccgCode().equals(account.ccgCode())) {
                    continue; // another commissioner's share of a novated agreement: its own account re-rates it
                }
                rerate(a, charge, lines, credits);
                charge.lineIds().forEach(id -> rerated.put(id, a.termsVersion()));
                charge.corrections().forEach(id -> usageCredited.put(id, charge.invoiceId()));
            }
        }
    }

    /** Thrown when an account cannot be priced yet: the whole account is held. */
    private static final class Held extends RuntimeException {
        Held(String reason) {
            super(reason, null, false, false);
        }
    }

    private void termCharges(BillingQueries.Account account, BillableAgreement a, BillingQueries.AgreementInMonth inMonth, YearMonth month,
                             Map<LocalDate, Long> populationOn, boolean populationsCurrent, List<InvoiceLine> lines) {
        // every month the agreement covers up to this one and no run has charged yet: normally just this month; earlier
        // ones when the agreement was signed after they were billed (a back-dated start approved later)
        for (YearMonth m = YearMonth.from(a.startDate()); !m.isAfter(month); m = m.plusMonths(1)) {
            if (Charges.coveredDays(m, a.startDate(), a.endDate()) == 0 || inMonth.chargedMonths().contains(m)) {
                continue;
            }
            BigDecimal price = m.equals(month) ? inMonth.price() : queries.priceFor(a, m);
            Charges.Charge c;
            if (a.basis() == Charges.Basis.PER_CAPITA) {
                if (!populationsCurrent) {
                    throw new Held("practice events published before the run are not all applied yet: "
                            + "the registered population of " + account.ccgCode() + " may be incomplete");
                }
                // the population on the 1st; a successor's in the month of its novation, on the day it takes the agreement over
                LocalDate on = a.novatedToIt() && m.equals(YearMonth.from(a.startDate())) ? a.startDate() : m.atDay(1);
                long population = populationOn.computeIfAbsent(on, day -> populations.of(account.ccgCode(), day).registered());
                if (population == 0) {
                    throw new Held("no registered population known for " + account.ccgCode() + " on " + on
                            + " (no list size of a member practice on or before that date)");
                }
                c = Charges.perCapita(price, population, m, a.startDate(), a.endDate(), a.vatRate());
            } else {
                c = Charges.fixedAnnual(price, m, a.startDate(), a.endDate(), a.vatRate());
            }
            lines.add(new InvoiceLine(a.id(), "CHARGE", a.serviceLineCode(), m, a.serviceLineCode() + " " + m + ": " + c.description(),
                    a.poNumber(), a.basis(), price, c.quantity(), c.net(), a.vatRate(), c.vat(), c.gross(), List.of(), a.termsVersion(), null));
        }
    }

    /**
     * An invoiced month under the agreement's current terms: the same rule with the price in force
     * for that month now, the quantity as billed (the population of that month's 1st, the days
     * invoiced) and the days covered now. What it came to beyond that is credited; what it came
     * to short is debited (Charges.rerate says how concessions and VAT count).
     */
    private static void rerate(BillableAgreement a, BillingQueries.ChargeToRerate charge, List<InvoiceLine> lines, List<CreditLine> credits) {
        // usage is billed whole to the commissioner holding its month, so a day rate counts the whole term, a term charge this share
        boolean dayRate = a.basis() == Charges.Basis.DAY_RATE;
        LocalDate from = dayRate ? a.termStart() : a.startDate();
        LocalDate until = dayRate ? a.termEnd() : a.endDate();
        Money ruleNow = Charges.netForDaysCovered(a.basis(), charge.priceNow(), charge.quantity(), charge.month(), from, until);
        Charges.Rerating r = Charges.rerate(charge.ruleNetPence(), charge.concededNetPence(), charge.standingVatPence(), ruleNow.pence(),
                charge.vatRate());
        if (r == null) {
            return;
        }
        List<String> changes = new ArrayList<>();
        long covered = Charges.coveredDays(charge.month(), from, until);
        long days = charge.month().lengthOfMonth();
        if (covered < days && until.isBefore(a.termEnd())) {
            changes.add("billed to " + a.ccgCode() + " until " + until + " (novated): " + (days - covered) + " of " + days + " days of "
                    + charge.month() + " billed to the successor");
        } else if (covered < days) {
            changes.add("agreement ends " + until + ": " + (days - covered) + " of " + days + " days of " + charge.month() + " not covered");
        }
        if (!charge.corrections().isEmpty()) {
            changes.add("usage corrected to " + charge.quantity().stripTrailingZeros().toPlainString() + " days");
        }
        if (charge.priceNow().compareTo(charge.chargedPrice()) != 0) {
            changes.add("price £" + charge.priceNow().toPlainString() + " instead of £" + charge.chargedPrice().toPlainString());
        }
        String reason = a.serviceLineCode() + " " + charge.month() + " under terms version " + a.termsVersion() + ": " + String.join("; ", changes);
        if (r.credit()) {
            credits.add(new CreditLine(charge.invoiceId(), charge.lineId(), reason, r.net(), r.vat(), r.gross()));
        } else {
            lines.add(new InvoiceLine(a.id(), "ADJUSTMENT", a.serviceLineCode(), charge.month(), reason + " (the difference)", a.poNumber(),
                    a.basis(), charge.priceNow(), charge.quantity(), r.net(), charge.vatRate(), r.vat(), r.gross(), List.of(), null, charge.lineId()));
        }
    }

    /**
     * The usage not yet invoiced, by month: a charge for this month's, an adjustment for an earlier
     * month's, never more than the working days the term still covers in it. In a month already
     * invoiced, corrections (negative submissions) are left to re-rating, which works the month
     * out from what it stands at, so a correction never credits days a re-rating or a concession
     * already gave back; in a month not yet invoiced, the month's submissions net out.
     */
    private void usage(BillableAgreement a, YearMonth month, List<InvoiceLine> lines) {
        Map<YearMonth, List<BillingQueries.Usage>> byMonth = new TreeMap<>();
        for (BillingQueries.Usage u : queries.uninvoicedUsage(a.id(), month)) {
            if (a.billsUsageOf(u.month())) { // after a novation, each usage month is billed to the commissioner holding it
                byMonth.computeIfAbsent(u.month(), m -> new ArrayList<>()).add(u);
            }
        }
        byMonth.forEach((usageMonth, all) -> {
            BigDecimal invoiced = queries.invoicedDays(a.id(), usageMonth);
            List<BillingQueries.Usage> records = invoiced.signum() > 0 ? all.stream().filter(u -> u.days().signum() > 0).toList() : all;
            BigDecimal corrections = all.stream().map(BillingQueries.Usage::days).filter(d -> d.signum() < 0).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal days = records.stream().map(BillingQueries.Usage::days).reduce(BigDecimal.ZERO, BigDecimal::add);
            // the term may have been cut short since the days were submitted: no more than the working days it still covers are owed
            BigDecimal owed = BigDecimal.valueOf(Charges.workingDaysCovered(usageMonth, a.termStart(), a.termEnd()))
                    .subtract(invoiced.signum() > 0 ? invoiced.add(corrections) : BigDecimal.ZERO).max(BigDecimal.ZERO);
            days = days.min(owed);
            if (days.signum() <= 0) {
                return; // nothing owed (a submission and its correction cancel out, or no working day left): left unbilled
            }
            BigDecimal price = queries.priceFor(a, usageMonth);
            Charges.Charge c = Charges.dayRate(price, days, a.vatRate());
            boolean late = usageMonth.isBefore(month);
            lines.add(new InvoiceLine(a.id(), late ? "ADJUSTMENT" : "CHARGE", a.serviceLineCode(), usageMonth,
                    a.serviceLineCode() + " " + usageMonth + (late ? " (usage submitted after that month was invoiced): " : ": ") + c.description(),
                    a.poNumber(), a.basis(), price, days, c.net(), a.vatRate(), c.vat(), c.gross(),
                    records.stream().map(BillingQueries.Usage::id).toList(), a.termsVersion(), null));
        });
    }
}
