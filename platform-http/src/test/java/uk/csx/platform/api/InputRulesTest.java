package uk.csx.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import uk.csx.platform.money.Money;
import uk.csx.platform.money.UnitPrice;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, rule 8: each class of hostile input in a body is a 400 problem that names the field and the rule, read
 * with the mapper every service reads bodies with ({@link RequestJson}) and answered by {@link ProblemMappers}.
 */
class InputRulesTest {
    enum Basis { PER_CAPITA, FIXED_ANNUAL }

    record Line(Money amount, String note) {
    }

    record Body(long offerId, Integer count, UnitPrice unitPrice, Money amount, BigDecimal days, String text, Basis basis,
                LocalDate from, List<String> tags, List<Line> lines, Map<String, BigDecimal> actuals, Double ratio, boolean flag) {
    }

    private static final ObjectMapper STRICT = strictMapper();

    private static ObjectMapper strictMapper() {
        // as Quarkus makes it: java.time, unknown properties ignored, the string and nesting limits
        ObjectMapper base = new ObjectMapper().findAndRegisterModules()
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new InputLimits().customize(base);
        return RequestJson.strict(base);
    }

    private static Problem problemFor(String json) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> STRICT.readValue(json, Body.class), json);
        Response response = new ProblemMappers().unreadable(e, null);
        assertEquals(400, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        Problem problem = (Problem) response.getEntity();
        assertFalse(String.valueOf(problem).matches("(?s).*(Exception|jackson|uk\\.csx|java\\.).*"), "no internals: " + problem);
        return problem;
    }

    private static void assertField(String json, String field, String message) {
        Problem problem = problemFor(json);
        assertEquals(problem.type(), Problem.type(message.startsWith("must not contain control") && message.contains("escape")
                || message.equals(InputRules.NOT_FINITE) && !json.contains("\"NaN\"") && !json.contains("\"-Inf") ? "unreadable-body" : "validation"), problem.toString());
        assertEquals(1, problem.errors().size(), problem.toString());
        assertEquals(field, problem.errors().get(0).field(), problem.toString());
        assertEquals(message, problem.errors().get(0).message(), problem.toString());
        assertEquals(field + " " + message, problem.detail());
    }

    @Test
    void aValidBodyIsReadAsBefore() throws Exception {
        Body body = STRICT.readValue("""
                {"offerId": 2, "count": 3, "unitPrice": "0.9500", "amount": "1234.56", "days": 4.5, "text": "line one\\nline\\ttwo\\r",
                 "basis": "PER_CAPITA", "from": "2026-01-01", "tags": ["a", "é漢字"], "lines": [{"amount": "1.00"}],
                 "actuals": {"READMISSIONS": 11.5}, "ratio": 0.5, "flag": true, "unknown": "ignored"}""", Body.class);
        assertEquals(2, body.offerId());
        assertEquals(0, STRICT.readValue("{}", Body.class).offerId(), "an absent primitive is still its zero");
        assertEquals(new BigDecimal("4.5"), body.days());
        assertEquals("line one\nline\ttwo\r", body.text());
        assertEquals(123456, body.amount().pence());
    }

    @Test
    void fractionalAndOutOfRangeIdsAreRefusedNotTruncated() {
        assertField("{\"offerId\": 2.5}", "offerId", "must be a whole number, without a decimal point or exponent");
        assertField("{\"offerId\": 2.0}", "offerId", "must be a whole number, without a decimal point or exponent");
        assertField("{\"offerId\": 1e3}", "offerId", "must be a whole number, without a decimal point or exponent");
        assertField("{\"offerId\": \"2.5\"}", "offerId", "must be a whole number, without a decimal point or exponent");
        assertField("{\"offerId\": 99999999999999999999}", "offerId", "is out of range for a whole number (from "
                + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
        assertField("{\"count\": 3000000000}", "count", "is out of range for a whole number (from "
                + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
        assertField("{\"offerId\": \"x\"}", "offerId", "must be a whole number (from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
    }

    @Test
    void moneyAndUnitPricesMustBePlainDecimalStrings() {
        assertField("{\"unitPrice\": \"1e3\"}", "unitPrice", UnitPrice.RULE);
        assertField("{\"unitPrice\": 1e3}", "unitPrice", "must be a unit price in pounds as a string with up to four places (e.g. \"0.9500\")");
        assertField("{\"unitPrice\": \"NaN\"}", "unitPrice", UnitPrice.RULE);
        assertField("{\"unitPrice\": \"1000000000000000\"}", "unitPrice", UnitPrice.RANGE);
        assertField("{\"unitPrice\": 1000000000000000}", "unitPrice", "must be a unit price in pounds as a string with up to four places (e.g. \"0.9500\")");
        assertField("{\"amount\": \"1e3\"}", "amount", Money.RULE);
        assertField("{\"amount\": \"Infinity\"}", "amount", Money.RULE);
        assertField("{\"amount\": \"10000000000000.00\"}", "amount", Money.RULE);
        assertField("{\"lines\": [{\"amount\": \"1.00\"}, {\"amount\": \"1e3\"}]}", "lines[1].amount", Money.RULE);
    }

    @Test
    void decimalsAreBoundedAndNaNIsNoNumber() {
        assertField("{\"days\": 1e100}", "days", InputRules.DECIMAL_RANGE);
        assertField("{\"days\": \"1e100\"}", "days", InputRules.DECIMAL_RANGE);
        assertField("{\"days\": 1e-999999999}", "days", InputRules.DECIMAL_RANGE);
        assertField("{\"days\": 1234567890123456}", "days", InputRules.DECIMAL_RANGE);
        assertField("{\"actuals\": {\"A\": 1e20}}", "actuals.A", InputRules.DECIMAL_RANGE);
        assertField("{\"days\": NaN}", "days", InputRules.NOT_FINITE);
        assertField("{\"days\": \"NaN\"}", "days", "must be a decimal number");
        assertField("{\"ratio\": \"NaN\"}", "ratio", InputRules.NOT_FINITE);
        assertField("{\"ratio\": \"-Infinity\"}", "ratio", InputRules.NOT_FINITE);
        assertField("{\"ratio\": -Infinity}", "ratio", InputRules.NOT_FINITE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\u0001", "\\u0008", "\\u000b", "\\u000c", "\\u001b", "\\u001f", "\\u007f", "\\ud800", "\\udc00x"})
    void controlCharactersAndBrokenUnicodeInAnyStringAreRefused(String escaped) {
        String rule = escaped.startsWith("\\ud") ? InputRules.UNPAIRED_SURROGATE : InputRules.CONTROL_CHARACTERS;
        assertField("{\"text\": \"PO" + escaped + "123\"}", "text", rule);
        assertField("{\"tags\": [\"ok\", \"a" + escaped + "\"]}", "tags[1]", rule);
        assertField("{\"lines\": [{\"note\": \"" + escaped + "\"}]}", "lines[0].note", rule);
        // Money and UnitPrice read the raw string themselves, and refuse it by their own format
        assertField("{\"amount\": \"1.00" + escaped + "\"}", "amount", Money.RULE);
        assertField("{\"unitPrice\": \"1.00" + escaped + "\"}", "unitPrice", UnitPrice.RULE);
    }

    @Test
    void controlCharactersInMapKeysAndRawInStringsAreRefused() {
        Problem key = problemFor("{\"actuals\": {\"A\\u0000\": 1}}");
        assertEquals(InputRules.CONTROL_CHARACTERS, key.errors().get(0).message());
        assertTrue(key.errors().get(0).field().startsWith("actuals"), key.toString());
        assertField("{\"text\": \"a\u0001b\"}", "text", InputRules.CONTROL_CHARACTERS + " (and JSON strings must escape them)");
    }

    @Test
    void enumsDatesAndTypesAreNamed() {
        assertField("{\"basis\": 0}", "basis", "must be one of PER_CAPITA, FIXED_ANNUAL");
        assertField("{\"basis\": \"NOPE\"}", "basis", "must be one of PER_CAPITA, FIXED_ANNUAL");
        assertField("{\"from\": \"2026-13-45\"}", "from", "must be a date (YYYY-MM-DD)");
        assertField("{\"text\": [1]}", "text", "must be a string");
        assertField("{\"tags\": \"x\"}", "tags", "must be a JSON array");
        assertField("{\"text\": \"" + "z".repeat(InputLimits.MAX_JSON_STRING + 1) + "\"}", "text",
                "is longer than " + InputLimits.MAX_JSON_STRING + " characters");
    }

    @Test
    void aBodyThatIsNotJsonHasNoFieldButSaysWhere() {
        Problem malformed = problemFor("{\"offerId\": 12,,}");
        assertEquals(Problem.type("unreadable-body"), malformed.type());
        assertTrue(malformed.detail().startsWith("the body is not valid JSON (line 1"), malformed.detail());
        assertTrue(malformed.errors() == null || malformed.errors().isEmpty());
        assertEquals("the body must hold one JSON value and nothing after it", problemFor("{\"offerId\": 1} {}").detail());
        assertEquals("the body must be a JSON object", problemFor("[]").detail());
    }

    @Test
    void plainDecimalParametersAreBoundedAndRefusalsNameTheParameter() {
        assertEquals(new BigDecimal("12.5"), InputRules.parsePlainDecimal("estimatedDays", "12.5"));
        assertEquals(new BigDecimal("-3"), InputRules.parsePlainDecimal("estimatedDays", "-3"));
        for (String bad : List.of("1e20", "1E3", "NaN", "Infinity", "+1", " 1", "1.", ".5", "0x1", "1234567890123456", "1.12345678901", "")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> InputRules.parsePlainDecimal("estimatedDays", bad), bad);
            assertEquals("estimatedDays", e.field());
        }
        // the server wraps a converter's failure on a query parameter in a 404; the mapper answers the rule instead
        Response response = new ProblemMappers().web(new NotFoundException(
                new InvalidInputException("estimatedDays", InputRules.PLAIN_DECIMAL)), null);
        Problem problem = (Problem) response.getEntity();
        assertEquals(400, response.getStatus());
        assertEquals(List.of(new Problem.FieldError("estimatedDays", InputRules.PLAIN_DECIMAL)), problem.errors());
    }

    @ParameterizedTest
    @CsvSource({"22003, 400", "22021, 400", "22001, 400", "42P01, 500"})
    void databaseDataErrorsAre400sWithoutTheDatabasesText(String sqlState, int status) {
        Exception e = new RuntimeException("could not execute statement",
                new SQLException("ERROR: numeric field overflow Detail: A field with precision 14, scale 4", sqlState));
        Response response = new ProblemMappers().unexpected(e, null);
        assertEquals(status, response.getStatus());
        assertFalse(String.valueOf(response.getEntity()).contains("overflow"), String.valueOf(response.getEntity()));
        assertFalse(String.valueOf(response.getEntity()).contains("precision"));
    }

    @Test
    void overflowingArithmeticIsA400AndOtherArithmeticFailuresStay500s() {
        assertEquals(400, new ProblemMappers().unexpected(new ArithmeticException("long overflow"), null).getStatus());
        assertEquals(400, new ProblemMappers().unexpected(new ArithmeticException("Overflow"), null).getStatus());
        assertEquals(400, new ProblemMappers().unexpected(new ArithmeticException("BigInteger out of long range"), null).getStatus());
        assertEquals(500, new ProblemMappers().unexpected(new ArithmeticException("/ by zero"), null).getStatus());
    }

    @Test
    void textRules() {
        assertNull(InputRules.brokenTextRule("tab\tnew line\ncarriage return\r émoji 😀"));
        assertEquals(InputRules.CONTROL_CHARACTERS, InputRules.brokenTextRule("\u0000"));
        assertEquals(InputRules.CONTROL_CHARACTERS, InputRules.brokenTextRule("\u007f"));
        assertEquals(InputRules.UNPAIRED_SURROGATE, InputRules.brokenTextRule("\ud83d"));
        assertEquals("a?b", ProblemMappers.printable("a\u0000b"));
        assertEquals("A??B?C", InputRules.printable("A\t\nB\u007fC"));
        assertEquals("x?y😀", InputRules.printable("x\ud800y😀"));
        assertEquals("z".repeat(100) + "…", InputRules.printable("z".repeat(101)));
        assertEquals("é漢字", InputRules.printable("é漢字"));
    }
}
