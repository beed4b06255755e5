package uk.csx.platform.money;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.csx.platform.api.InvalidInputException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UnitPriceTest {
    @Test
    void readsPlainDecimalsUpToFourPlacesAndTenMillionPounds() {
        assertEquals("0.9500", UnitPrice.parse("0.95").toString());
        assertEquals("0.9500", UnitPrice.parse("0.950000").toString());
        assertEquals("12.0000", UnitPrice.parse("12").toString());
        assertEquals("10000000.0000", UnitPrice.parse("10000000.0000").toString());
        assertEquals("0.0000", UnitPrice.parse("0").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "1E3", "1.5e2", "NaN", "Infinity", "-Infinity", " 1.00", "1.00 ", "+1.00", "1,000.00", "0x10",
            "1.", ".5", "", "£1.00", "1\u00001", "١٢"})
    void refusesAnythingButAPlainDecimal(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> UnitPrice.parse(text));
        assertEquals(UnitPrice.RULE, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "-1", "10000000.0001", "1000000000000000", "99999999999999999999"})
    void refusesNegativesAndPricesAboveTenMillionPounds(String text) {
        assertEquals(UnitPrice.RANGE, assertThrows(InvalidInputException.class, () -> UnitPrice.parse(text)).getMessage());
    }

    @Test
    void refusesMoreThanFourPlacesAndOverlongText() {
        assertThrows(InvalidInputException.class, () -> UnitPrice.parse("0.12345"));
        assertThrows(InvalidInputException.class, () -> UnitPrice.parse("1".repeat(21)));
        assertThrows(InvalidInputException.class, () -> UnitPrice.parse(null));
    }
}
