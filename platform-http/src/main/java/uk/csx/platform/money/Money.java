package uk.csx.platform.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import uk.csx.platform.api.InvalidInputException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * An amount of GBP held as integer pence (docs/design.md §5). In the API it is a string of pounds
 * with two places, e.g. {@code "1234.56"}. Rounding happens once, where a price times a quantity
 * becomes an amount: to the nearest penny, half up.
 */
@Schema(type = SchemaType.STRING, pattern = "^-?[0-9]+\\.[0-9]{2}$", examples = "1234.56", description = "pounds with two places")
public record Money(long pence) implements Comparable<Money> {
    public static final Money ZERO = new Money(0);

    public static Money ofPence(long pence) {
        return new Money(pence);
    }

    /** Most digits before the point of an amount a caller sends: under £1,000,000,000,000, so no sum of them overflows. */
    public static final int MAX_POUND_DIGITS = 12;
    /** The rule {@link #parse} keeps, as a caller reads it. */
    public static final String RULE = "must be an amount of pounds written as a plain decimal string with at most two places "
            + "and at most " + MAX_POUND_DIGITS + " digits before the point, e.g. \"1234.56\" (no exponent, spaces, "
            + "thousands separators or sign other than a leading minus)";
    private static final Pattern POUNDS = Pattern.compile("-?[0-9]{1," + MAX_POUND_DIGITS + "}(\\.[0-9]{1,2})?");

    /**
     * Parses "1234.56": a plain decimal string with at most two places, as the API documents it. Exponents ("1e3"), NaN,
     * spaces and more than {@value #MAX_POUND_DIGITS} digits of pounds are refused with an {@link InvalidInputException}
     * (an {@link IllegalArgumentException}); each field's own documented range is the service's rule.
     */
    @JsonCreator
    public static Money parse(String pounds) {
        if (pounds == null || pounds.length() > MAX_POUND_DIGITS + 4 || !POUNDS.matcher(pounds).matches()) {
            throw new InvalidInputException(RULE);
        }
        return new Money(new BigDecimal(pounds).movePointRight(2).longValueExact());
    }

    /** The exact amount rounded to the nearest penny, half up (away from zero on a half). */
    public static Money roundedFromPounds(BigDecimal pounds) {
        return new Money(pounds.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(pence, other.pence));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(pence, other.pence));
    }

    public Money negate() {
        return new Money(Math.negateExact(pence));
    }

    public boolean isNegative() {
        return pence < 0;
    }

    public BigDecimal toPounds() {
        return BigDecimal.valueOf(pence, 2);
    }

    @JsonValue
    @Override
    public String toString() {
        return toPounds().toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(pence, other.pence);
    }
}
