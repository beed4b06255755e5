package uk.csx.billing.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                int invoicedUnderSecond) {
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
            return Combinators.combine(start, termDays, population, p, p, p, cut, cut).as((s, days, pop, p1, p2, p3, c1, c2) -> {
                LocalDate end = s.plusDays(days);
                // a variation of price from some month and of the end (earlier or later), then a termination or another variation
                LocalDate end2 = s.plusDays(Math.max(1, Math.round(days * c1)));
                LocalDate end3 = s.plusDays(Math.max(1, Math.round(days * c2 * 0.9)));
                YearMonth from2 = YearMonth.from(s).plusMonths(Math.round(c1 * 10));
                YearMonth from3 = YearMonth.from(s).plusMonths(Math.round(c2 * 14));
                return new Case(basis, pop, s, new Terms(p1, null, p1, end), new Terms(p1, from2, p2, end2), new Terms(p1, from3, p3, end3),
                        (int) Math.round(c1 * 20), (int) Math.round(c2 * 30));
            });
        });
    }

    /** One invoiced charge line as it stands: the quantity billed, net charged, debits added, credits taken. */
    private static final class Line {
        final YearMonth month;
        final BigDecimal quantity;
        long charged;
        long debited;
        long credited;

        Line(YearMonth month, BigDecimal quantity, long charged) {
            this.month = month;
            this.quantity = quantity;
            this.charged = charged;
        }

        long standing() {
            return charged + debited - credited;
        }
    }

    private static long rule(Case c, Terms t, YearMonth month) {
        if (Charges.coveredDays(month, c.start(), t.end()) == 0) {
            return 0;
        }
        return c.basis() == Charges.Basis.PER_CAPITA
                ? Charges.perCapita(t.priceFor(month), c.population(), month, c.start(), t.end(), BigDecimal.ZERO).net().pence()
                : Charges.fixedAnnual(t.priceFor(month), month, c.start(), t.end(), BigDecimal.ZERO).net().pence();
    }

    /** A run under the terms: bills the months it reaches not yet charged, then re-rates every invoiced line (twice: idempotent). */
    private static void run(Case c, Terms t, List<YearMonth> months, int upTo, List<Line> lines) {
        for (int i = lines.size(); i < Math.min(upTo, months.size()); i++) {
            YearMonth m = months.get(i);
            lines.add(new Line(m, BigDecimal.valueOf(c.population()), rule(c, t, m)));
        }
        for (int pass = 0; pass < 2; pass++) {
            for (Line line : lines) {
                long difference = Charges.rerateDifferencePence(c.basis(), t.priceFor(line.month), line.quantity, line.standing(), line.month,
                        c.start(), t.end());
                if (difference > 0) {
                    line.credited += difference;
                } else {
                    line.debited -= difference;
                }
            }
        }
    }

    @Property(tries = 2_000)
    void chargesAndDebitsLessCreditsEqualTheRulesUnderTheFinalTerms(@ForAll("histories") Case c) {
        LocalDate latest = c.first().end().isAfter(c.second().end()) ? c.first().end() : c.second().end();
        latest = latest.isAfter(c.third().end()) ? latest : c.third().end();
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(c.start()); m.atDay(1).isBefore(latest); m = m.plusMonths(1)) {
            months.add(m);
        }
        List<Line> lines = new ArrayList<>();
        run(c, c.first(), months, c.invoicedUnderFirst(), lines);
        run(c, c.second(), months, c.invoicedUnderFirst() + c.invoicedUnderSecond(), lines);
        run(c, c.third(), months, months.size(), lines);
        long billed = lines.stream().mapToLong(Line::standing).sum();
        long rule = months.stream().mapToLong(m -> rule(c, c.third(), m)).sum();
        assertEquals(rule, billed, c.toString());
    }
}
