package uk.csx.platform.money;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.csx.platform.api.InvalidInputException;

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

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "1E3", "1.5e2", "NaN", "Infinity", " 1.00", "1.00 ", "+1.00", "1,000.00", "0x10", "1.", ".50", "",
            "1000000000000.00", "99999999999999999999", "1.005", "1\u00001", "--1"})
    void refusesExponentsNaNAndAnythingButAPlainDecimalWithinTwelveDigits(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Money.parse(text));
        assertEquals(Money.RULE, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Money.parse(text), "still an IllegalArgumentException for callers that catch one");
    }

    @Test
    void readsTheLargestAmountAndNegatives() {
        assertEquals(99_999_999_999_999L, Money.parse("999999999999.99").pence());
        assertEquals(-500, Money.parse("-5.00").pence());
        assertEquals(1200, Money.parse("12").pence());
        assertThrows(InvalidInputException.class, () -> Money.parse(null));
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
