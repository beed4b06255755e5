package uk.csx.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests generated from each service's OpenAPI document: every operation, with valid-looking and
 * invalid parameters and bodies, as an operator (the caller who gets furthest) and as a CCG. No answer may be a
 * 5xx, every error must be problem+json, and every JSON answer must match the schema documented
 * for its status (JSON Schema 2020-12, the dialect of OpenAPI 3.1). The seed is printed to replay a run.
 */
class ApiFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final List<String> HOSTILE = List.of("", "-1", "0", "99999999999999999999", "x", "' OR '1'='1", "%00",
            "<script>alert(1)</script>", "../../etc/passwd", "2026-13-45", "NaN", "1e309", "ZZZZZ", "é漢字", "null",
            // issue 18, rule 8: huge numbers, exponents, fractions where ids go, NUL and other C0 control characters
            "1e20", "1e100", "-Infinity", "1000000000000000", "2.5", "1e3", "\u0000", "PO\u0000123", "a\u0001b", "\u001b[2J", "\u007f");
    /** Raw JSON values put in place of a body's numbers: too big for any documented range, not finite, fractional, exponents. */
    private static final List<String> HOSTILE_NUMBERS = List.of("1e100", "-1e100", "1e-999999999", "99999999999999999999",
            "1000000000000000", "2.5", "NaN", "-Infinity", "1e3");
    /** Raw JSON values put in place of a body's strings: exponents and NaN where money goes, control characters in text. */
    private static final List<String> HOSTILE_STRINGS = List.of("\"1e3\"", "\"NaN\"", "\"1000000000000000\"", "\"2.5\"",
            "\"\\u0000\"", "\"PO\\u0000123\"", "\"a\\u0001\\u001f\\u007fb\"", "\"\\ud800\"", "\"1.00\\u0000\"", "\"é漢字\\u0008\"");

    private static final String RAW = "__hostile_raw_json__";

    private final long seed = Long.getLong("fuzz.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final List<String> failures = new ArrayList<>();
    private int requests;
    private java.util.function.Supplier<RequestSpecification> as = Clients::operator;

    @Test
    void noOperationAnswers5xxOrBreaksItsDocumentedSchema() throws Exception {
        for (String service : List.of("practices", "contracts", "billing")) {
            JsonNode document = JSON.readTree(Clients.anonymous().get("/openapi/" + service).then().statusCode(200).extract().asString());
            // as an operator (who gets furthest) and as a CCG (whose tenancy checks meet the same hostile input)
            for (java.util.function.Supplier<RequestSpecification> caller : List.<java.util.function.Supplier<RequestSpecification>>of(
                    Clients::operator, () -> Clients.ccg("FZC"))) {
                as = caller;
                document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                    if (!operation.getKey().equals("parameters")) {
                        fuzz(document, path.getKey(), operation.getKey(), operation.getValue());
                    }
                }));
            }
        }
        System.out.printf("ApiFuzzIT: %d requests, seed %d (replay with -Dfuzz.seed=%d)%n", requests, seed, seed);
        assertTrue(failures.isEmpty(), failures.size() + " answers broke the contract (seed " + seed + "):\n" + String.join("\n", failures));
    }

    /**
     * Issue 18, rule 8, each example as it was reported: a unit price of 10^15, usage days of 1e100, estimatedDays=1e20 on
     * the public comparison, a NUL in a PO number, payment reference or description (each a 500 before), "1e3" read as
     * £1,000 and offerId 2.5 read as 2. Each is a 400 problem+json naming the field, with no database or Java text.
     */
    @Test
    void hostileValuesAre400ProblemsNamingTheField() {
        record Case(String method, String path, String body, String field) {
        }
        String comparison = "/api/offers/comparison?serviceLine=BUSINESS_INTELLIGENCE&ccg=10Q&estimatedDays=";
        List<Case> cases = List.of(
                new Case("POST", "/api/offers", "{\"unitPrice\": \"1000000000000000\"}", "unitPrice"),
                new Case("POST", "/api/offers", "{\"unitPrice\": \"1e3\"}", "unitPrice"),
                new Case("POST", "/api/offers", "{\"unitPrice\": \"NaN\"}", "unitPrice"),
                new Case("POST", "/api/offers", "{\"unitPrice\": \"0.95\", \"description\": \"BI\\u0000\"}", "description"),
                new Case("POST", "/api/offers", "{\"vatRate\": 1e100}", "vatRate"),
                new Case("POST", "/api/agreements", "{\"offerId\": 2.5}", "offerId"),
                new Case("POST", "/api/agreements", "{\"offerId\": 99999999999999999999}", "offerId"),
                new Case("POST", "/api/agreements", "{\"purchaseOrderNumber\": \"PO\\u0000123\"}", "purchaseOrderNumber"),
                new Case("POST", "/api/agreements", "{\"purchaseOrderNumber\": \"PO\\u001b[2J\"}", "purchaseOrderNumber"),
                new Case("POST", "/api/agreements", "{\"negotiatedUnitPrice\": \"1e3\"}", "negotiatedUnitPrice"),
                new Case("POST", "/api/usage", "{\"days\": 1e100}", "days"),
                new Case("POST", "/api/usage", "{\"days\": NaN}", "days"),
                new Case("POST", "/api/payments", "{\"reference\": \"REF\\u0000\"}", "reference"),
                new Case("POST", "/api/payments", "{\"amount\": \"1e3\"}", "amount"),
                new Case("POST", "/api/payments", "{\"amount\": \"99999999999999999999.00\"}", "amount"),
                new Case("GET", comparison + "1e20", null, "estimatedDays"),
                new Case("GET", comparison + "NaN", null, "estimatedDays"),
                new Case("GET", comparison + "99999999999999999999", null, "estimatedDays"),
                new Case("GET", "/api/offers?serviceLine=BI%00", null, "serviceLine"));
        for (Case c : cases) {
            RequestSpecification request = Clients.operator().urlEncodingEnabled(false);
            if (c.body() != null) {
                request.contentType("application/json").body(c.body());
            }
            Response response = request.request(c.method(), c.path());
            String call = c.method() + " " + c.path() + (c.body() == null ? "" : " body " + c.body());
            String body = response.asString();
            if (response.statusCode() != 400 || !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                failures.add(response.statusCode() + " (" + response.contentType() + ") instead of a 400 problem for " + call + ": " + abbreviate(body));
            } else if (!body.contains("\"field\":\"" + c.field() + "\"")) {
                failures.add("the problem does not name " + c.field() + " for " + call + ": " + abbreviate(body));
            } else if (body.matches("(?s).*(Exception|ERROR:|SQL|jackson|java\\.|uk\\.csx).*")) {
                failures.add("the problem shows internals for " + call + ": " + abbreviate(body));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " hostile values were not refused as documented:\n" + String.join("\n", failures));
    }

    private void fuzz(JsonNode document, String path, String method, JsonNode operation) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        JsonNode body = operation.path("requestBody").path("content");
        // one call with plausible values everywhere, then one per parameter with a hostile value, then hostile bodies
        send(document, path, method, operation, parameters, null, null, plausibleBody(document, body));
        for (JsonNode parameter : parameters) {
            send(document, path, method, operation, parameters, parameter.get("name").asText(), hostile(), plausibleBody(document, body));
        }
        if (body.has("application/json")) {
            for (String bad : hostileBodies(document, body.get("application/json").get("schema"))) {
                send(document, path, method, operation, parameters, null, null, new Body("application/json", bad));
            }
        } else if (body.fieldNames().hasNext()) {
            send(document, path, method, operation, parameters, null, null, new Body(body.fieldNames().next(), "\u0000,\"\n;;" + hostile()));
        }
    }

    private record Body(String contentType, String text) {
    }

    private void send(JsonNode document, String path, String method, JsonNode operation, List<JsonNode> parameters,
                      String hostileName, String hostileValue, Body body) {
        RequestSpecification request = as.get();
        String url = path;
        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").asText();
            String value = name.equals(hostileName) ? hostileValue : plausible(document, parameter.path("schema"));
            switch (parameter.path("in").asText()) {
                case "path" -> url = url.replace("{" + name + "}", encode(value.isEmpty() ? "-" : value));
                case "query" -> request.queryParam(name, encode(value));
                case "header" -> {
                    if (!name.equalsIgnoreCase("Authorization")) {
                        request.header(name, value.replaceAll("[^\\x20-\\x7e]", "?"));
                    }
                }
                default -> { }
            }
        }
        if (body != null) {
            request.contentType(body.contentType()).body(body.text());
        }
        Response response = request.urlEncodingEnabled(false).request(method.toUpperCase(), url);
        // a CCG's rate limit is far below the fuzz's pace: wait as told and send again, so that every request is judged
        for (int retry = 0; retry < 10 && response.statusCode() == 429; retry++) {
            Pause.millis(1_000L * Math.max(1, Long.parseLong(response.header("Retry-After"))));
            response = request.urlEncodingEnabled(false).request(method.toUpperCase(), url);
        }
        requests++;
        check(document, method.toUpperCase() + " " + url + (body == null ? "" : " body " + abbreviate(body.text())), operation, response);
    }

    private void check(JsonNode document, String call, JsonNode operation, Response response) {
        int status = response.statusCode();
        String contentType = String.valueOf(response.contentType());
        if (status >= 500) {
            failures.add(status + " for " + call + ": " + abbreviate(response.asString()));
            return;
        }
        if (status >= 400 && status != 405 && !contentType.startsWith("application/problem+json")) {
            failures.add(status + " without problem+json (" + contentType + ") for " + call);
            return;
        }
        JsonNode documented = operation.path("responses").path(String.valueOf(status));
        if (documented.isMissingNode()) {
            if (status < 400 && !operation.path("responses").has("default")) {
                failures.add(status + " is not documented for " + call);
            }
            return;
        }
        JsonNode schema = documented.path("content").path(contentType.split(";")[0].trim()).path("schema");
        if (schema.isMissingNode() || response.asString().isEmpty()) {
            return;
        }
        try {
            Set<ValidationMessage> errors = schemaOf(document, schema).validate(JSON.readTree(response.asString()));
            if (!errors.isEmpty()) {
                failures.add(status + " body breaks its schema for " + call + ": " + errors);
            }
        } catch (Exception e) {
            failures.add(status + " body is not JSON for " + call + ": " + abbreviate(response.asString()));
        }
    }

    /** The documented schema with the document's components beside it, so that its $refs resolve. */
    private static JsonSchema schemaOf(JsonNode document, JsonNode schema) {
        ObjectNode root = NODES.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.get("components"));
        root.set("allOf", NODES.arrayNode().add(schema));
        return SCHEMAS.getSchema(root);
    }

    private String hostile() {
        int pick = random.nextInt(HOSTILE.size() + 1);
        return pick == HOSTILE.size() ? "a".repeat(3_000) : HOSTILE.get(pick);
    }

    /** A value that fits the schema's type, format and enum, unlikely to name anything that exists. */
    private String plausible(JsonNode document, JsonNode schema) {
        JsonNode resolved = resolve(document, schema);
        if (resolved.has("enum")) {
            return resolved.get("enum").get(random.nextInt(resolved.get("enum").size())).asText();
        }
        String type = typeOf(resolved);
        String format = resolved.path("format").asText();
        return switch (type) {
            case "integer" -> String.valueOf(1 + random.nextInt(3));
            case "number" -> "12.50";
            case "boolean" -> String.valueOf(random.nextBoolean());
            default -> switch (format) {
                case "date" -> "2031-0" + (1 + random.nextInt(9)) + "-01";
                case "date-time" -> "2031-01-01T00:00:00Z";
                case "uuid" -> UUID.randomUUID().toString();
                default -> "FZ" + random.nextInt(10);
            };
        };
    }

    private Body plausibleBody(JsonNode document, JsonNode content) {
        if (!content.has("application/json")) {
            return null;
        }
        return new Body("application/json", instance(document, content.get("application/json").get("schema"), 0).toString());
    }

    private JsonNode instance(JsonNode document, JsonNode schema, int depth) {
        JsonNode resolved = resolve(document, schema);
        if (resolved.has("enum")) {
            return resolved.get("enum").get(0);
        }
        switch (typeOf(resolved)) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 4) {
                    Iterator<Map.Entry<String, JsonNode>> properties = resolved.path("properties").fields();
                    properties.forEachRemaining(p -> object.set(p.getKey(), instance(document, p.getValue(), depth + 1)));
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < 4) {
                    array.add(instance(document, resolved.path("items"), depth + 1));
                }
                return array;
            }
            case "integer" -> {
                return NODES.numberNode(1 + random.nextInt(3));
            }
            case "number" -> {
                return NODES.textNode("12.50");
            }
            case "boolean" -> {
                return NODES.booleanNode(false);
            }
            default -> {
                return NODES.textNode(plausible(document, resolved));
            }
        }
    }

    /** Bodies that break the schema: wrong shapes, each property with the wrong type or a huge value, malformed JSON. */
    private List<String> hostileBodies(JsonNode document, JsonNode schema) {
        List<String> bodies = new ArrayList<>(List.of("{", "[]", "\"text\"", "null", "{}", "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}"));
        JsonNode valid = instance(document, schema, 0);
        if (valid instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                ObjectNode wrongType = object.deepCopy();
                wrongType.set(name, object.get(name).isTextual() ? NODES.arrayNode().add(1) : NODES.textNode(hostile()));
                bodies.add(wrongType.toString());
                ObjectNode missing = object.deepCopy();
                missing.remove(name);
                bodies.add(missing.toString());
                ObjectNode nulled = object.deepCopy();
                nulled.putNull(name);
                bodies.add(nulled.toString());
            });
            // each property also gets a hostile number and a hostile string, whatever its type (chosen by the seed)
            object.fieldNames().forEachRemaining(name -> {
                for (String raw : List.of(HOSTILE_NUMBERS.get(random.nextInt(HOSTILE_NUMBERS.size())),
                        HOSTILE_STRINGS.get(random.nextInt(HOSTILE_STRINGS.size())))) {
                    ObjectNode hostileValue = object.deepCopy();
                    hostileValue.put(name, RAW);
                    bodies.add(hostileValue.toString().replace("\"" + RAW + "\"", raw));
                }
            });
            ObjectNode huge = object.deepCopy();
            huge.put("unexpected", "z".repeat(20_000));
            bodies.add(huge.toString());
        }
        return bodies;
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode current = schema;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        if (current.has("allOf") && current.get("allOf").size() == 1) {
            return resolve(document, current.get("allOf").get(0));
        }
        if (current.has("anyOf") || current.has("oneOf")) {
            JsonNode options = current.has("anyOf") ? current.get("anyOf") : current.get("oneOf");
            for (JsonNode option : options) {
                if (!"null".equals(option.path("type").asText())) {
                    return resolve(document, option);
                }
            }
        }
        return current;
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        return type.isMissingNode() ? (schema.has("properties") ? "object" : "string") : type.asText();
    }


    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
