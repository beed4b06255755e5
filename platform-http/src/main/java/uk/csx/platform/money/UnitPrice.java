package uk.csx.platform.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A price per unit (per registered patient per year, per year, per day) in pounds: an exact
 * decimal with up to four places, never negative (docs/design.md §5). In the API a string, e.g. "0.9500".
 */
@Schema(type = SchemaType.STRING, pattern = "^-?[0-9]+(\\.[0-9]+)?$", examples = "12.3456", description = "pounds, up to four places for per-patient prices")
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

    @JsonCreator
    public static UnitPrice parse(String pounds) {
        try {
            return new UnitPrice(new BigDecimal(pounds.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an amount of pounds: " + pounds);
        }
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
