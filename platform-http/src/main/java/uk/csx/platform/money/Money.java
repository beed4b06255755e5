package uk.csx.platform.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.math.RoundingMode;

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

    /** Parses "1234.56" (at most two decimal places). */
    @JsonCreator
    public static Money parse(String pounds) {
        BigDecimal value = new BigDecimal(pounds.trim());
        if (value.scale() > 2) {
            throw new IllegalArgumentException("an amount has at most two decimal places: " + pounds);
        }
        return new Money(value.movePointRight(2).longValueExact());
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
