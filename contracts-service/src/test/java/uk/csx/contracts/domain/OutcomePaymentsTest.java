package uk.csx.contracts.domain;

import org.junit.jupiter.api.Test;
import uk.csx.platform.money.Money;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutcomePaymentsTest {
    private static final OutcomePayments.Measure READMISSIONS = new OutcomePayments.Measure("READMISSIONS", "30-day readmissions per 100",
            new BigDecimal("15"), new BigDecimal("10"), new BigDecimal("40"), OutcomePayments.Direction.LOWER_IS_BETTER);
    private static final OutcomePayments.Measure RECOVERY = new OutcomePayments.Measure("RECOVERY", "recovery rate %",
            new BigDecimal("40"), new BigDecimal("50"), new BigDecimal("60"), OutcomePayments.Direction.HIGHER_IS_BETTER);
    private static final List<OutcomePayments.Provider> ONE = List.of(new OutcomePayments.Provider("RNU", "SINGLE", new BigDecimal("100")));

    @Test
    void attainmentIsClampedToZeroAndOneAndMirroredForLowerIsBetter() {
        assertEquals(0, OutcomePayments.attainment(RECOVERY, new BigDecimal("35")).compareTo(BigDecimal.ZERO));
        assertEquals(0, OutcomePayments.attainment(RECOVERY, new BigDecimal("55")).compareTo(BigDecimal.ONE));
        assertEquals(0, OutcomePayments.attainment(RECOVERY, new BigDecimal("45")).compareTo(new BigDecimal("0.5")));
        // lower is better: 12.5 is half way from 15 down to 10; 16 is worse than baseline; 9 beats the target
        assertEquals(0, OutcomePayments.attainment(READMISSIONS, new BigDecimal("12.5")).compareTo(new BigDecimal("0.5")));
        assertEquals(0, OutcomePayments.attainment(READMISSIONS, new BigDecimal("16")).compareTo(BigDecimal.ZERO));
        assertEquals(0, OutcomePayments.attainment(READMISSIONS, new BigDecimal("9")).compareTo(BigDecimal.ONE));
    }

    @Test
    void oxfordshireMentalHealthQuarterWorkedByHand() {
        // £35,000,000 a year (£175m over 5 years), 20% on outcomes, quarterly:
        // core = 35m × 0.8 ÷ 4 = 7,000,000.00; pot = 35m × 0.2 ÷ 4 = 1,750,000.00
        // attainment: readmissions 12.5 → 0.5 (weight 40%), recovery 48 → 0.8 (weight 60%): Σ = 0.2 + 0.48 = 0.68
        // outcome = 1,750,000 × 0.68 = 1,190,000.00; total 8,190,000.00
        var d = OutcomePayments.determine(Money.parse("35000000.00"), 4, new BigDecimal("20"), List.of(READMISSIONS, RECOVERY),
                Map.of("READMISSIONS", new BigDecimal("12.5"), "RECOVERY", new BigDecimal("48")), ONE);
        assertEquals("7000000.00", d.corePayment().toString());
        assertEquals("1750000.00", d.outcomePot().toString());
        assertEquals("1190000.00", d.outcomePayment().toString());
        assertEquals("8190000.00", d.total().toString());
        assertEquals(List.of(new OutcomePayments.Part("RNU", Money.parse("8190000.00"))), d.parts());
    }

    @Test
    void anAllianceSplitSumsExactlyToThePenny() {
        // £100,000.01 a year, monthly, 15% at risk, full attainment: core 100,000.01 × 0.85 ÷ 12 = 7,083.334… → 7,083.33,
        // outcome 100,000.01 × 0.15 ÷ 12 = 1,250.000125 → 1,250.00
        List<OutcomePayments.Provider> alliance = List.of(
                new OutcomePayments.Provider("RNU", "MEMBER", new BigDecimal("33.3333")),
                new OutcomePayments.Provider("RYA", "MEMBER", new BigDecimal("33.3333")),
                new OutcomePayments.Provider("RWX", "MEMBER", new BigDecimal("33.3334")));
        OutcomePayments.Measure recoveryOnly = new OutcomePayments.Measure("RECOVERY", "recovery rate %", new BigDecimal("40"),
                new BigDecimal("50"), new BigDecimal("100"), OutcomePayments.Direction.HIGHER_IS_BETTER);
        var d = OutcomePayments.determine(Money.parse("100000.01"), 12, new BigDecimal("15"), List.of(recoveryOnly),
                Map.of("RECOVERY", new BigDecimal("60")), alliance);
        assertEquals("7083.33", d.corePayment().toString());
        assertEquals("1250.00", d.outcomePayment().toString());
        long sum = d.parts().stream().mapToLong(p -> p.amount().pence()).sum();
        assertEquals(d.total().pence(), sum);
        // 833,333 pence by 33.3333/33.3333/33.3334: floors 277,777 + 277,777 + 277,778, one penny left to the largest
        // remainder (0.4999, a tie broken by code: RNU)
        assertEquals(List.of(277778L, 277777L, 277778L), d.parts().stream().map(p -> p.amount().pence()).toList());
    }

    @Test
    void noAttainmentPaysTheCoreOnly() {
        var d = OutcomePayments.determine(Money.parse("1200.00"), 12, new BigDecimal("20"), List.of(RECOVERY),
                Map.of("RECOVERY", new BigDecimal("10")), ONE);
        assertEquals("80.00", d.corePayment().toString());
        assertEquals("0.00", d.outcomePayment().toString());
        assertEquals("80.00", d.total().toString());
    }
}
