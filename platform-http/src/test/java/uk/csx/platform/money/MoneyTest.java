package uk.csx.platform.money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MoneyTest {
    @Test
    void parsesAndPrintsPoundsWithTwoPlaces() {
        assertEquals(123456, Money.parse("1234.56").pence());
        assertEquals("1234.50", Money.parse("1234.5").toString());
        assertEquals("-0.05", Money.ofPence(-5).toString());
        assertThrows(IllegalArgumentException.class, () -> Money.parse("1.005"));
    }

    @Test
    void roundsOnceToTheNearestPennyHalfUp() {
        // £0.9500 per head × 778,948 patients ÷ 12 = £61,666.716666…
        BigDecimal monthly = new BigDecimal("0.9500").multiply(BigDecimal.valueOf(778_948)).divide(BigDecimal.valueOf(12), 10, java.math.RoundingMode.HALF_UP);
        assertEquals("61666.72", Money.roundedFromPounds(monthly).toString());
        assertEquals(3, Money.roundedFromPounds(new BigDecimal("0.025")).pence());
        assertEquals(2, Money.roundedFromPounds(new BigDecimal("0.0249")).pence());
    }
}
