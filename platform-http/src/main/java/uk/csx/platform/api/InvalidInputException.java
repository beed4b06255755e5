package uk.csx.platform.api;

/**
 * A value a caller sent breaks one of the input rules ({@link InputRules}, {@code Money}, {@code UnitPrice}). Its message
 * states the rule and is safe to show to the caller: it never echoes the value. Thrown while a request is read, it
 * becomes a 400 problem whose {@code errors[].field} names the field (the JSON path Jackson was at, or the parameter).
 */
public class InvalidInputException extends IllegalArgumentException {
    private final String field;

    public InvalidInputException(String rule) {
        this(null, rule);
    }

    public InvalidInputException(String field, String rule) {
        super(rule);
        this.field = field;
    }

    /** The parameter the rule was checked on, or null when the JSON path says it. */
    public String field() {
        return field;
    }

    public String rule() {
        return getMessage();
    }
}
