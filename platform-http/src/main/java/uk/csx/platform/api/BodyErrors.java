package uk.csx.platform.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import uk.csx.platform.money.Money;
import uk.csx.platform.money.UnitPrice;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns Jackson's failure to read a body into what a caller needs: the field (the JSON path, {@code items[0].name}, the
 * shape Bean Validation uses) and the rule it breaks, in words that name neither a Java class nor the value sent.
 */
final class BodyErrors {
    private BodyErrors() {
    }

    /** {@code a.b[0].c}; empty when the failure is at the root of the body. */
    static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "" : ProblemMappers.printable(field.toString());
    }

    /** What a caller is told: the field (empty if the body as a whole), the rule, and whether the body is not even JSON. */
    record Failure(String field, String message, boolean syntax) {
    }

    static Failure describe(JsonProcessingException e) {
        JsonParseException parse = null;
        for (Throwable cause = e; cause != null && parse == null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JsonParseException p) {
                parse = p;
            }
        }
        if (parse != null) {
            // a syntax error: its place in the body is only worth naming when the value itself is the fault (NaN, a raw control character)
            String text = String.valueOf(parse.getOriginalMessage());
            String field = field(e);
            if (text.contains("Non-standard token") && !field.isEmpty()) {
                return new Failure(field, InputRules.NOT_FINITE, true);
            }
            if (text.contains("Illegal unquoted character") && !field.isEmpty()) {
                return new Failure(field, InputRules.CONTROL_CHARACTERS + " (and JSON strings must escape them)", true);
            }
            return new Failure("", "the body is not valid JSON" + location(parse), true);
        }
        String field = field(e);
        return new Failure(field, message(e, !field.isEmpty()), false);
    }

    /**
     * The field of any failure: Jackson's path when it has one, else where the parser stood when it failed (a NaN
     * token or a raw control character is found before any deserializer could add the path).
     */
    static String field(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            return field(mapping.getPath());
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JacksonException jackson && jackson.getProcessor() instanceof JsonParser parser) {
                return field(parser.getParsingContext());
            }
        }
        return "";
    }

    private static String field(JsonStreamContext context) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst("." + c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            }
        }
        String field = String.join("", parts).replaceFirst("^\\.", "");
        return field.isEmpty() ? "" : ProblemMappers.printable(field);
    }

    /** The rule broken, for a field (hasField) or for the whole body. */
    static String message(Throwable e, boolean hasField) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidInputException invalid) {
                return invalid.rule();
            }
            if (cause instanceof StreamConstraintsException limit) {
                return limit(limit);
            }
            if (cause instanceof InputCoercionException coercion) {
                return "is out of range for " + typeName(coercion.getTargetType());
            }
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null) {
            Class<?> type = format.getTargetType();
            Object value = format.getValue();
            if (isWhole(type) && (value instanceof Double || value instanceof Float || value instanceof BigDecimal
                    || value instanceof String text && text.matches("\\s*[-+]?[0-9]*[.eE].*"))) {
                return "must be a whole number, without a decimal point or exponent";
            }
            return "must be " + typeName(type);
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidNullException) {
            return "must not be null";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String text = String.valueOf(mismatch.getOriginalMessage());
            if (text.startsWith("Cannot map `null` into type")) {
                return "must not be null";
            }
            if (text.startsWith("Trailing token")) {
                return "the body must hold one JSON value and nothing after it";
            }
            if (text.startsWith("No content to map")) {
                return "the body is empty";
            }
            if (mismatch.getTargetType() != null) {
                return hasField ? "must be " + typeName(mismatch.getTargetType()) : "the body must be " + typeName(mismatch.getTargetType());
            }
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException instantiation && instantiation.getType() != null) {
            return "must be " + typeName(instantiation.getType().getRawClass());
        }
        return hasField ? "is not valid for this operation" : "the body is not valid JSON for this operation";
    }

    private static String location(JsonParseException parse) {
        return parse.getLocation() == null || parse.getLocation().getLineNr() < 0 ? ""
                : " (line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ")";
    }

    private static String limit(StreamConstraintsException limit) {
        String text = String.valueOf(limit.getMessage());
        if (text.startsWith("String value length")) {
            return "is longer than " + InputLimits.MAX_JSON_STRING + " characters";
        }
        if (text.startsWith("Number value length")) {
            return "has too many digits (at most 100)";
        }
        if (text.contains("nesting depth")) {
            return "is nested too deeply (at most 50 levels)";
        }
        return "exceeds a size limit of request bodies";
    }

    private static boolean isWhole(Class<?> type) {
        return type == int.class || type == long.class || type == short.class || type == byte.class || type == Integer.class
                || type == Long.class || type == Short.class || type == Byte.class || type == BigInteger.class;
    }

    /** The JSON type a field of this Java type takes, in the words of the API documents. */
    static String typeName(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class) {
            return "a whole number (from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")";
        }
        if (type == long.class || type == Long.class) {
            return "a whole number (from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")";
        }
        if (isWhole(type)) {
            return "a whole number";
        }
        if (type == BigDecimal.class || type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a decimal number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (type == YearMonth.class) {
            return "a month (YYYY-MM)";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "a date and time (RFC 3339, e.g. 2026-01-31T12:00:00Z)";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == Money.class) {
            return "an amount of pounds as a string with two places (e.g. \"1234.56\")";
        }
        if (type == UnitPrice.class) {
            return "a unit price in pounds as a string with up to four places (e.g. \"0.9500\")";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
            return "a JSON object";
        }
        return "a valid value";
    }
}
