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
 * Billing completeness over a term that changes: whatever the agreement, its start and end, and
 * however its end is moved earlier (a termination, or an accepted variation) after some of its
 * months were invoiced, what the runs charge less what they credit equals the money rules applied
 * to the days it now covers, month by month, to the penny.
 */
class TermChargesPropertiesTest {

    record Case(Charges.Basis basis, BigDecimal price, long population, LocalDate start, LocalDate end, LocalDate newEnd, int invoicedBefore) {
    }

    @Provide
    Arbitrary<Case> terms() {
        Arbitrary<Charges.Basis> basis = Arbitraries.of(Charges.Basis.PER_CAPITA, Charges.Basis.FIXED_ANNUAL);
        Arbitrary<Long> pricePence = Arbitraries.longs().between(1, 1_000_000_000L);
        Arbitrary<Long> population = Arbitraries.longs().between(0, 2_000_000);
        Arbitrary<LocalDate> start = Arbitraries.integers().between(0, 3 * 365).map(d -> LocalDate.of(2024, 1, 1).plusDays(d));
        Arbitrary<Integer> termDays = Arbitraries.integers().between(1, 40 * 31);
        Arbitrary<Double> cut = Arbitraries.doubles().between(0.0, 1.0);
        Arbitrary<Integer> invoicedBefore = Arbitraries.integers().between(0, 45);
        return Combinators.combine(basis, pricePence, population, start, termDays, cut, invoicedBefore).as((b, p, pop, s, days, c, k) -> {
            // per-capita prices have four places (pence ÷ 100 of a pound per head), fixed fees two
            BigDecimal price = b == Charges.Basis.PER_CAPITA ? BigDecimal.valueOf(p % 500_000, 4) : BigDecimal.valueOf(p, 2);
            LocalDate end = s.plusDays(days);
            LocalDate newEnd = s.plusDays(Math.max(1, Math.round(days * c)));
            return new Case(b, price, pop, s, end, newEnd, k);
        });
    }

    private static long charge(Case c, YearMonth month, LocalDate end) {
        return c.basis() == Charges.Basis.PER_CAPITA
                ? Charges.perCapita(c.price(), c.population(), month, c.start(), end, BigDecimal.ZERO).net().pence()
                : Charges.fixedAnnual(c.price(), month, c.start(), end, BigDecimal.ZERO).net().pence();
    }

    @Property(tries = 2_000)
    void chargesLessCreditsEqualTheRulesOnTheDaysCovered(@ForAll("terms") Case c) {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(c.start()); m.atDay(1).isBefore(c.end()); m = m.plusMonths(1)) {
            months.add(m);
        }
        int invoicedBefore = Math.min(c.invoicedBefore(), months.size());
        long charged = 0;
        long credited = 0;
        List<long[]> lines = new ArrayList<>(); // per invoiced month: net charged, credited so far
        BigDecimal quantity = c.basis() == Charges.Basis.PER_CAPITA ? BigDecimal.valueOf(c.population()) : BigDecimal.ONE;
        // months invoiced under the first terms
        for (int i = 0; i < invoicedBefore; i++) {
            long net = charge(c, months.get(i), c.end());
            charged += net;
            lines.add(new long[]{net, 0});
        }
        // the end moves earlier; later runs bill the months still covered, and credit the invoiced ones, twice over (idempotent)
        for (int i = invoicedBefore; i < months.size(); i++) {
            if (Charges.coveredDays(months.get(i), c.start(), c.newEnd()) > 0) {
                charged += charge(c, months.get(i), c.newEnd());
            }
        }
        for (int run = 0; run < 2; run++) {
            for (int i = 0; i < lines.size(); i++) {
                long[] line = lines.get(i);
                long due = Charges.creditDuePence(c.basis(), c.price(), c.basis() == Charges.Basis.PER_CAPITA ? quantity
                        : Charges.proRata(months.get(i), c.start(), c.end()), line[0], line[1], months.get(i), c.start(), c.newEnd());
                line[1] += due;
                credited += due;
            }
        }
        long rule = 0;
        for (YearMonth m : months) {
            rule += Charges.coveredDays(m, c.start(), c.newEnd()) > 0 ? charge(c, m, c.newEnd()) : 0;
        }
        assertEquals(rule, charged - credited, c.toString());
    }
}
