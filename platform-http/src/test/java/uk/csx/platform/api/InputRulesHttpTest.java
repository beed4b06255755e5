package uk.csx.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import uk.csx.platform.money.UnitPrice;

import java.net.URI;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input rules as a service applies them, through HTTP: the request mapper ({@link RequestJson}) is the one Quarkus
 * reads bodies with, parameters go through {@link ParameterRules}, and every refusal is a 400 problem naming the field.
 */
@QuarkusTest
class InputRulesHttpTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/test/input")
    URI input;

    private JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), response.headers().toString());
        assertFalse(response.body().matches("(?s).*(Exception|jackson|uk\\.csx|java\\.|ERROR:).*"), response.body());
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(input).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(input + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a request line java.net.URI would refuse to build. */
    private int rawStatus(String pathAndQuery) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(input.getHost(), input.getPort())) {
            socket.getOutputStream().write(("GET " + input.getPath() + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private void assertField(JsonNode problem, String field, String message) {
        assertEquals(field, problem.path("errors").path(0).path("field").asText(), problem.toString());
        assertEquals(message, problem.path("errors").path(0).path("message").asText(), problem.toString());
    }

    @Test
    void aValidBodyIsRead() throws Exception {
        HttpResponse<String> response = post("{\"offerId\": 2, \"unitPrice\": \"0.95\", \"amount\": \"1.00\", \"days\": 4.5, "
                + "\"purchaseOrderNumber\": \"PO\\t1\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("0.9500", JSON.readTree(response.body()).path("unitPrice").asText());
    }

    @Test
    void hostileBodiesAre400ProblemsNamingTheField() throws Exception {
        assertField(problem(post("{\"offerId\": 2.5, \"unitPrice\": \"1.00\"}"), 400), "offerId",
                "must be a whole number, without a decimal point or exponent");
        assertField(problem(post("{\"offerId\": 1, \"unitPrice\": \"1000000000000000\"}"), 400), "unitPrice", UnitPrice.RANGE);
        assertField(problem(post("{\"offerId\": 1, \"unitPrice\": \"1e3\"}"), 400), "unitPrice", UnitPrice.RULE);
        assertField(problem(post("{\"offerId\": 1, \"unitPrice\": \"1.00\", \"days\": 1e100}"), 400), "days", InputRules.DECIMAL_RANGE);
        assertField(problem(post("{\"offerId\": 1, \"unitPrice\": \"1.00\", \"days\": NaN}"), 400), "days", InputRules.NOT_FINITE);
        assertField(problem(post("{\"offerId\": 1, \"unitPrice\": \"1.00\", \"purchaseOrderNumber\": \"PO\\u0000\"}"), 400),
                "purchaseOrderNumber", InputRules.CONTROL_CHARACTERS);
        assertField(problem(post("{\"offerId\": 1, \"unitPrice\": \"1.00\", \"notes\": [\"a\", \"\\u001b[31m\"]}"), 400),
                "notes[1]", InputRules.CONTROL_CHARACTERS);
        JsonNode missing = problem(post("{\"offerId\": 1}"), 400);
        assertEquals("unitPrice", missing.path("errors").path(0).path("field").asText(), missing.toString());
        assertEquals("https://csx.example/problems/unreadable-body", problem(post("{\"offerId\": 1,,}"), 400).path("type").asText());
    }

    @Test
    void hostileParametersAre400ProblemsNamingTheParameter() throws Exception {
        assertEquals(200, get("/ABC?estimatedDays=12.5").statusCode());
        assertField(problem(get("/ABC?estimatedDays=1e20"), 400), "estimatedDays", InputRules.PLAIN_DECIMAL);
        assertField(problem(get("/ABC?estimatedDays=NaN"), 400), "estimatedDays", InputRules.PLAIN_DECIMAL);
        assertField(problem(get("/ABC?estimatedDays=99999999999999999999"), 400), "estimatedDays", InputRules.PLAIN_DECIMAL);
        assertField(problem(get("/ABC?name=a%00b"), 400), "name", InputRules.CONTROL_CHARACTERS);
        assertField(problem(get("/A%01C"), 400), "code", InputRules.CONTROL_CHARACTERS);
        assertTrue(rawStatus("/ABC?name=%zz") < 500, "not percent-encoding");
        assertTrue(rawStatus("/ABC?name=%C3%28") < 500, "not UTF-8");
        assertTrue(rawStatus("/A%zzC") < 500, "not percent-encoding in the path");
    }

    @Test
    void aDeadlockIsARetryNotAnInternalError() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(input + "/deadlock")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode problem = problem(response, 503);
        assertEquals(List.of("5"), response.headers().allValues("Retry-After"));
        assertTrue(problem.path("detail").asText().contains("send it again"), problem.toString());
        assertFalse(response.body().contains("deadlock detected"), response.body()); // the database's text never reaches a client
    }
}
