package uk.csx.billing.domain;

import org.junit.jupiter.api.Test;
import uk.csx.platform.money.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Worked examples of each money rule of docs/design.md §5. */
class ChargesTest {
    private static final LocalDate FROM = LocalDate.of(2025, 4, 1);
    private static final LocalDate TO = LocalDate.of(2027, 4, 1);
    private static final BigDecimal VAT = new BigDecimal("20");

    @Test
    void perCapitaIsTheAnnualRateTimesThePopulationOnTheFirstOverTwelve() {
        // Oxfordshire, 778,948 patients at £0.9500 a head a year: 740,000.60 ÷ 12 = 61,666.7166… → 61,666.72
        Charges.Charge c = Charges.perCapita(new BigDecimal("0.9500"), 778_948, YearMonth.of(2026, 3), FROM, TO, VAT);
        assertEquals("61666.72", c.net().toString());
        assertEquals("12333.34", c.vat().toString()); // 20% of 61,666.72 = 12,333.344 → 12,333.34
        assertEquals("74000.06", c.gross().toString());
    }

    @Test
    void aFixedAnnualFeePutsThePenceLeftOverOnMarch() {
        Money fee = Money.parse("100000.00"); // 10,000,000 pence ÷ 12 = 833,333 r 4
        assertEquals("8333.33", Charges.fixedAnnualMonth(fee, YearMonth.of(2026, 1)).toString());
        assertEquals("8333.37", Charges.fixedAnnualMonth(fee, YearMonth.of(2026, 3)).toString());
    }

    @Test
    void aMonthCoveredInPartIsChargedProRataByDays() {
        // starts 16 January: 16 of 31 days of 8,333.33 = 4,301.0735… → 4,301.07
        Charges.Charge c = Charges.fixedAnnual(new BigDecimal("100000.00"), YearMonth.of(2026, 1), LocalDate.of(2026, 1, 16), TO, BigDecimal.ZERO);
        assertEquals("4301.07", c.net().toString());
        assertEquals("0.00", c.vat().toString());
        assertEquals(16, Charges.coveredDays(YearMonth.of(2026, 1), LocalDate.of(2026, 1, 16), TO));
        assertEquals(0, Charges.coveredDays(YearMonth.of(2027, 4), FROM, TO));
    }

    @Test
    void aDayRateIsDaysTimesTheRate() {
        Charges.Charge c = Charges.dayRate(new BigDecimal("650.0000"), new BigDecimal("4.5"), VAT);
        assertEquals("2925.00", c.net().toString());
        assertEquals("585.00", c.vat().toString());
        assertEquals("3510.00", c.gross().toString());
    }
}
