package uk.csx.billing.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import uk.csx.platform.money.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Billing completeness over terms that change: whatever the agreement, its start and end, and
 * however its price and end are varied (or it is terminated) after some of its months were
 * invoiced, what the runs charge plus what they debit less what they credit equals the money
 * rules applied under the final terms to the days it covers, month by month, to the penny; and
 * re-rating twice changes nothing.
 */
class TermChargesPropertiesTest {

    /** Terms: a price from a month on (the first from the start), and an end. */
    record Terms(BigDecimal firstPrice, YearMonth priceFrom, BigDecimal laterPrice, LocalDate end) {
        BigDecimal priceFor(YearMonth month) {
            return priceFrom != null && !month.isBefore(priceFrom) ? laterPrice : firstPrice;
        }
    }

    record Case(Charges.Basis basis, long population, LocalDate start, Terms first, Terms second, Terms third, int invoicedUnderFirst,
                int invoicedUnderSecond, BigDecimal vatRate, long conceded) {
    }

    private static Arbitrary<BigDecimal> price(Charges.Basis basis) {
        return basis == Charges.Basis.PER_CAPITA
                ? Arbitraries.longs().between(1, 500_000).map(p -> BigDecimal.valueOf(p, 4))
                : Arbitraries.longs().between(1, 1_000_000_000L).map(p -> BigDecimal.valueOf(p, 2));
    }

    @Provide
    Arbitrary<Case> histories() {
        return Arbitraries.of(Charges.Basis.PER_CAPITA, Charges.Basis.FIXED_ANNUAL).flatMap(basis -> {
            Arbitrary<LocalDate> start = Arbitraries.integers().between(0, 3 * 365).map(d -> LocalDate.of(2024, 1, 1).plusDays(d));
            Arbitrary<Integer> termDays = Arbitraries.integers().between(1, 40 * 31);
            Arbitrary<Long> population = Arbitraries.longs().between(0, 2_000_000);
            Arbitrary<BigDecimal> p = price(basis);
            Arbitrary<Double> cut = Arbitraries.doubles().between(0.0, 1.2);
            Arbitrary<Integer> at = Arbitraries.integers().between(0, 45);
            Arbitrary<BigDecimal> vat = Arbitraries.of(BigDecimal.ZERO, BigDecimal.valueOf(5), BigDecimal.valueOf(20));
            Arbitrary<Long> conceded = Arbitraries.longs().between(0, 50_000);
            Arbitrary<Case> withoutTax = Combinators.combine(start, termDays, population, p, p, p, cut, cut).as((s, days, pop, p1, p2, p3, c1, c2) -> {
                LocalDate end = s.plusDays(days);
                // a variation of price from some month and of the end (earlier or later), then a termination or another variation
                LocalDate end2 = s.plusDays(Math.max(1, Math.round(days * c1)));
                LocalDate end3 = s.plusDays(Math.max(1, Math.round(days * c2 * 0.9)));
                YearMonth from2 = YearMonth.from(s).plusMonths(Math.round(c1 * 10));
                YearMonth from3 = YearMonth.from(s).plusMonths(Math.round(c2 * 14));
                return new Case(basis, pop, s, new Terms(p1, null, p1, end), new Terms(p1, from2, p2, end2), new Terms(p1, from3, p3, end3),
                        (int) Math.round(c1 * 20), (int) Math.round(c2 * 30), BigDecimal.ZERO, 0L);
            });
            return Combinators.combine(withoutTax, vat, conceded).as((c, rate, given) -> new Case(c.basis(), c.population(), c.start(),
                    c.first(), c.second(), c.third(), c.invoicedUnderFirst(), c.invoicedUnderSecond(), rate, given));
        });
    }

    /** One invoiced charge line as it stands: the quantity billed, net and VAT charged, debited, credited by runs, conceded. */
    private static final class Line {
        final YearMonth month;
        final BigDecimal quantity;
        long net;
        long vat;
        long conceded;

        Line(YearMonth month, BigDecimal quantity, long net, long vat) {
            this.month = month;
            this.quantity = quantity;
            this.net = net;
            this.vat = vat;
        }

        long ruleNet() {
            return net + conceded;
        }
    }

    private static long rule(Case c, Terms t, YearMonth month) {
        return Charges.netForDaysCovered(c.basis(), t.priceFor(month), BigDecimal.valueOf(c.population()), month, c.start(), t.end()).pence();
    }

    /** A run under the terms: bills the months it reaches not yet charged, then re-rates every invoiced line (twice: idempotent). */
    private static void run(Case c, Terms t, List<YearMonth> months, int upTo, List<Line> lines) {
        for (int i = lines.size(); i < Math.min(upTo, months.size()); i++) {
            YearMonth m = months.get(i);
            long net = rule(c, t, m);
            lines.add(new Line(m, BigDecimal.valueOf(c.population()), net, Charges.vatOn(Money.ofPence(net), c.vatRate()).pence()));
        }
        for (int pass = 0; pass < 2; pass++) {
            for (Line line : lines) {
                Charges.Rerating r = Charges.rerate(line.ruleNet(), line.conceded, line.vat, rule(c, t, line.month), c.vatRate());
                if (r != null) {
                    int sign = r.credit() ? -1 : 1;
                    line.net += sign * r.net().pence();
                    line.vat += sign * r.vat().pence();
                }
            }
        }
    }

    private static List<YearMonth> months(Case c) {
        LocalDate latest = c.first().end().isAfter(c.second().end()) ? c.first().end() : c.second().end();
        latest = latest.isAfter(c.third().end()) ? latest : c.third().end();
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(c.start()); m.atDay(1).isBefore(latest); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    @Property(tries = 2_000)
    void chargesAndDebitsLessCreditsEqualTheRulesUnderTheFinalTerms(@ForAll("histories") Case c) {
        List<YearMonth> months = months(c);
        List<Line> lines = new ArrayList<>();
        run(c, c.first(), months, c.invoicedUnderFirst(), lines);
        run(c, c.second(), months, c.invoicedUnderFirst() + c.invoicedUnderSecond(), lines);
        run(c, c.third(), months, months.size(), lines);
        for (Line line : lines) {
            long rule = rule(c, c.third(), line.month);
            assertEquals(rule, line.net, line.month + " net: " + c);
            // the line's VAT is the VAT on its final net, to the penny, however many credits and debits it took
            assertEquals(Charges.vatOn(Money.ofPence(rule), c.vatRate()).pence(), line.vat, line.month + " VAT: " + c);
        }
    }

    /**
     * A concession in a dispute counts as given back: a later re-rating never credits it again and
     * never takes it back, so a line stands between the rule less the concession and the rule.
     */
    @Property(tries = 1_000)
    void aConcessionIsNeitherCreditedTwiceNorTakenBack(@ForAll("histories") Case c) {
        List<YearMonth> months = months(c);
        List<Line> lines = new ArrayList<>();
        run(c, c.first(), months, c.invoicedUnderFirst(), lines);
        if (lines.isEmpty()) {
            return;
        }
        Line disputed = lines.get(0);
        long given = Math.min(c.conceded(), disputed.net);
        disputed.conceded += given;
        disputed.net -= given;
        run(c, c.second(), months, c.invoicedUnderFirst() + c.invoicedUnderSecond(), lines);
        run(c, c.third(), months, months.size(), lines);
        long rule = rule(c, c.third(), disputed.month);
        assertTrue(disputed.net <= rule && disputed.net >= rule - given, "stands at " + disputed.net + ", rule " + rule + ", conceded " + given
                + ": " + c);
    }
}
