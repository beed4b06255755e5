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
 * A price per unit (per registered patient per year, per year, per day) in pounds: an exact
 * decimal with up to four places, never negative (docs/design.md §5). In the API a string, e.g. "0.9500".
 */
@Schema(type = SchemaType.STRING, pattern = "^[0-9]+(\\.[0-9]+)?$", maxLength = 41, examples = "12.3456",
        description = "pounds as a plain decimal string, up to four places for per-patient prices, at most 10000000.0000")
public record UnitPrice(BigDecimal pounds) {
    public static final int SCALE = 4;

    public UnitPrice {
        if (pounds.signum() < 0) {
            throw new IllegalArgumentException("a price cannot be negative");
        }
        if (pounds.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("a unit price has at most four decimal places");
        }
        pounds = pounds.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    /** The highest unit price a caller may send (issue 18, rule 3: a unit price is at most £10,000,000). */
    public static final BigDecimal MAX = new BigDecimal("10000000.0000");
    /** The format {@link #parse} accepts, as a caller reads it. */
    public static final String RULE = "must be a price in pounds written as a plain decimal string with at most four places, "
            + "e.g. \"0.9500\" (no exponent, spaces, thousands separators or sign)";
    public static final String RANGE = "must be from 0 to 10000000.0000 pounds";
    private static final Pattern POUNDS = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,20})?");

    /**
     * Parses "0.9500": a plain decimal string, not negative, at most four places (trailing zeros aside) and at most
     * {@link #MAX}. Anything else ("1e3", "NaN", " 1", "1,000", "-1", 10^15) is an {@link InvalidInputException}.
     */
    @JsonCreator
    public static UnitPrice parse(String pounds) {
        if (pounds == null || !POUNDS.matcher(pounds).matches()) {
            throw new InvalidInputException(RULE);
        }
        BigDecimal value = new BigDecimal(pounds);
        if (value.signum() < 0 || value.compareTo(MAX) > 0) {
            throw new InvalidInputException(RANGE);
        }
        if (value.stripTrailingZeros().scale() > SCALE) {
            throw new InvalidInputException("must have at most four decimal places");
        }
        return new UnitPrice(value);
    }

    /** price × quantity, exact (rounding happens once, where an amount is charged). */
    public BigDecimal times(BigDecimal quantity) {
        return pounds.multiply(quantity);
    }

    @JsonValue
    @Override
    public String toString() {
        return pounds.toPlainString();
    }
}
