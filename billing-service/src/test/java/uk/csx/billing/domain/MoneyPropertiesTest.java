package uk.csx.billing.domain;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import uk.csx.platform.money.Money;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The invariants the money rules promise, for any input. */
class MoneyPropertiesTest {

    @Property
    void apportionmentSumsExactlyToTheTotal(@ForAll @LongRange(min = -10_000_000_00L, max = 10_000_000_00L) long totalPence,
                                            @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 40_000) Integer> listSizes) {
        if (listSizes.stream().mapToLong(Integer::longValue).sum() == 0) {
            return; // nothing to apportion by: refused, tested elsewhere
        }
        List<Apportionment.Weight> weights = new ArrayList<>();
        for (int i = 0; i < listSizes.size(); i++) {
            // an ICB's practices, in two sub-ICB locations that both have a "North" locality
            weights.add(new Apportionment.Weight(String.format("P%05d", i), i % 2 == 0 ? "10Q" : "14Y", i % 3 == 0 ? "North" : "South",
                    listSizes.get(i)));
        }
        List<Apportionment.Part> parts = Apportionment.split(Money.ofPence(totalPence), weights);
        assertEquals(totalPence, parts.stream().mapToLong(p -> p.amount().pence()).sum());
        assertEquals(totalPence, Apportionment.byLocality(parts).values().stream().mapToLong(Money::pence).sum());
        List<Apportionment.CommissionerPart> subIcbs = Apportionment.byCommissioner(parts);
        assertEquals(totalPence, subIcbs.stream().mapToLong(c -> c.amount().pence()).sum());
        for (Apportionment.CommissionerPart c : subIcbs) {
            assertEquals(c.amount().pence(), c.localities().values().stream().mapToLong(Money::pence).sum(), c.commissionerCode());
        }
        long totalWeight = listSizes.stream().mapToLong(Integer::longValue).sum();
        for (Apportionment.Part p : parts) {
            // each part is within a penny of its exact share
            double exact = (double) totalPence * p.listSize() / totalWeight;
            assertTrue(Math.abs(p.amount().pence() - exact) < 1.0001, p + " vs " + exact);
        }
    }

    @Property
    void aYearOfAFixedAnnualFeeSumsToTheFee(@ForAll @LongRange(min = 0, max = 50_000_000_00L) long feePence,
                                           @ForAll @IntRange(min = 2020, max = 2035) int year) {
        long sum = 0;
        for (int m = 1; m <= 12; m++) {
            sum += Charges.fixedAnnualMonth(Money.ofPence(feePence), YearMonth.of(year, m)).pence();
        }
        assertEquals(feePence, sum);
    }
}
