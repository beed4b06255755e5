package uk.csx.platform.api;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The rules every value a caller sends must keep, whatever the field (issue 18, rule 8). They are checked while a request
 * is read, once for every service: in JSON bodies by {@link RequestJson}, in query and path parameters by
 * {@link ParameterRules}; {@code Money} and {@code UnitPrice} add their own format and range. A value that breaks one is
 * refused with a 400 problem naming the field and the rule; nothing is stripped or repaired silently.
 *
 * <ul>
 * <li><b>Text</b> may not contain C0 control characters (U+0000 to U+001F) other than tab, line feed and carriage
 * return, nor DEL (U+007F), nor half of a surrogate pair. Tab and line breaks stay allowed because descriptions, reasons
 * and service levels are free text; a field that must be one line says so with its own pattern.</li>
 * <li><b>Decimal numbers</b> (JSON numbers read as {@code BigDecimal}, decimal parameters) have at most
 * {@value #MAX_INTEGER_DIGITS} digits before the point and {@value #MAX_FRACTION_DIGITS} after it (trailing zeros
 * aside), so that 1e100 or 1e-999999999 never reaches arithmetic or the database; a parameter must be written as a
 * plain decimal (no exponent, no sign but a leading minus). Each field's own documented range is then the service's rule.</li>
 * <li><b>Whole numbers</b> must be whole: 2.5 or 2.0 is not an id (Jackson's float-to-int coercion is off), and a
 * number out of the range of its type is refused rather than wrapped.</li>
 * <li><b>NaN and Infinity</b> are never numbers.</li>
 * </ul>
 */
public final class InputRules {
    public static final int MAX_INTEGER_DIGITS = 15;
    public static final int MAX_FRACTION_DIGITS = 10;
    public static final String CONTROL_CHARACTERS = "must not contain control characters (U+0000 to U+001F other than tab, "
            + "line feed and carriage return, or U+007F)";
    public static final String UNPAIRED_SURROGATE = "must be valid Unicode text (it contains half of a surrogate pair)";
    public static final String DECIMAL_RANGE = "must be a decimal number with at most " + MAX_INTEGER_DIGITS
            + " digits before the point and " + MAX_FRACTION_DIGITS + " after it";
    public static final String PLAIN_DECIMAL = "must be a plain decimal number such as 12.5 (digits, an optional point and "
            + "decimals, an optional leading minus; no exponent), with at most " + MAX_INTEGER_DIGITS + " digits before the point and "
            + MAX_FRACTION_DIGITS + " after it";
    public static final String NOT_FINITE = "must be a finite number (NaN and Infinity are not numbers)";
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1," + MAX_INTEGER_DIGITS + "}(\\.[0-9]{1,50})?");

    private InputRules() {
    }

    /** The text unchanged, or an {@link InvalidInputException} naming the rule it breaks. */
    public static String checkText(String text) {
        String broken = brokenTextRule(text);
        if (broken != null) {
            throw new InvalidInputException(broken);
        }
        return text;
    }

    /** The rule the text breaks, or null when it keeps them all. */
    public static String brokenTextRule(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c == 0x7f) {
                return CONTROL_CHARACTERS;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return UNPAIRED_SURROGATE;
                }
            } else if (Character.isLowSurrogate(c)) {
                return UNPAIRED_SURROGATE;
            }
        }
        return null;
    }

    /**
     * Caller-supplied text made safe to echo in an answer, a log or a JSON column (PostgreSQL refuses {@code \u0000} in
     * jsonb and NUL in text): control characters and unpaired surrogates become "?", and at most 100 characters are kept.
     * For a service that reports a refused value, e.g. the code of a rejected CSV row.
     */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        String safe = text.replaceAll("\\p{Cntrl}", "?");
        StringBuilder out = new StringBuilder(Math.min(safe.length(), 101));
        for (int i = 0; i < safe.length() && out.length() < 100; i++) {
            char c = safe.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < safe.length() && Character.isLowSurrogate(safe.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(safe.charAt(i - 1));
            out.append(paired ? c : '?');
        }
        return out.length() < safe.length() ? out + "…" : out.toString();
    }

    /** The number unchanged if it has at most {@value #MAX_INTEGER_DIGITS} + {@value #MAX_FRACTION_DIGITS} digits, else refused. */
    public static BigDecimal checkDecimal(BigDecimal value) {
        if (value != null && !withinDecimalRange(value)) {
            throw new InvalidInputException(DECIMAL_RANGE);
        }
        return value;
    }

    static boolean withinDecimalRange(BigDecimal value) {
        // precision − scale is the count of digits before the point (≤ 0 for 0.00x); cheap even for 1E+999999999
        if ((long) value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            return false;
        }
        return value.scale() <= MAX_FRACTION_DIGITS || value.stripTrailingZeros().scale() <= MAX_FRACTION_DIGITS;
    }

    /** A decimal written plainly (as a query parameter must be), within the same range; the field names the parameter. */
    public static BigDecimal parsePlainDecimal(String field, String text) {
        if (text == null || text.length() > 100 || !DECIMAL.matcher(text).matches()) {
            throw new InvalidInputException(field, PLAIN_DECIMAL);
        }
        BigDecimal value = new BigDecimal(text);
        if (!withinDecimalRange(value)) {
            throw new InvalidInputException(field, PLAIN_DECIMAL);
        }
        return value;
    }
}
