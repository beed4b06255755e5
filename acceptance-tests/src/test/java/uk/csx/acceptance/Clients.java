package uk.csx.acceptance;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import uk.csx.localstack.DemoClients;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/** The machine clients of the journey, each holding its own token, as CCG systems and supplier portals do. */
final class Clients {
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Clients() {
    }

    static RequestSpecification operator() {
        return as(DemoClients.OPERATOR.clientId(), DemoClients.OPERATOR.secret(), null, null);
    }

    /**
     * An operator acting in a party's place, which the exchange allows only through the on-behalf endpoints
     * ({@code /api/on-behalf/…}, the party's path) with a reason, kept in the audit trail.
     */
    static RequestSpecification onBehalf() {
        return operator().header("X-On-Behalf-Reason", "test data set up by the operator").filter((request, response, next) -> {
            request.path(request.getUserDefinedPath().replaceFirst("^/api/", "/api/on-behalf/"));
            return next.next(request, response);
        });
    }

    static RequestSpecification ccg(String code) {
        return as("journey-ccg-" + code, "journey-ccg-" + code + "-secret", "ccg", code);
    }

    static RequestSpecification supplier(String code) {
        return as("journey-supplier-" + code, "journey-supplier-" + code + "-secret", "supplier", code);
    }

    /** The operator's bearer token, for calling a service instance directly. */
    static String operatorToken() {
        operator();
        return TOKENS.get(DemoClients.OPERATOR.clientId());
    }

    /** Registers a private supplier, as the operator does. */
    static void registerSupplier(String code, String name) {
        operator().contentType(ContentType.JSON).body(Map.of("code", code, "name", name, "kind", "PRIVATE"))
                .post("/api/suppliers").then().statusCode(201);
    }

    /**
     * Publishes an offer at 20 % VAT, as the supplier does; its id. An offer valid from before today
     * (for agreements that start on the 1st, or in past months to bill) is published by an operator
     * with a back-dating reason, the only way the exchange allows it.
     */
    static long publishOffer(String supplier, String line, String basis, String unitPrice, String validFrom) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("supplierCode", supplier, "serviceLineCode", line, "basis", basis,
                "unitPrice", unitPrice, "vatRate", "20", "validFrom", validFrom, "description", line + " by " + supplier));
        boolean backdated = java.time.LocalDate.parse(validFrom).isBefore(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        if (backdated) {
            body.put("backdatingReason", "test data: agreements starting before today");
        }
        return ((Number) (backdated ? onBehalf() : supplier(supplier)).contentType(ContentType.JSON).body(body)
                .post("/api/offers").then().statusCode(201).extract().path("id")).longValue();
    }

    /**
     * A signed agreement that starts before the current month (test data for months to bill): drafted
     * with a back-dating reason, the start approved by an operator, then accepted.
     */
    static String signedBackdated(String ccg, long offer, String purchaseOrder, String start, int termMonths) {
        String id = onBehalf().contentType(ContentType.JSON).body(Map.of("ccgCode", ccg, "offerId", offer, "purchaseOrderNumber", purchaseOrder,
                        "startDate", start, "termMonths", termMonths, "noticeMonths", 1, "backdatingReason", "test data: past months to bill"))
                .post("/api/agreements").then().statusCode(201).extract().path("id");
        operator().header("If-Match", "\"0\"").contentType(ContentType.JSON).body(Map.of("reason", "test data: past months to bill"))
                .post("/api/agreements/" + id + "/backdating-approval").then().statusCode(200);
        onBehalf().header("If-Match", "\"1\"").post("/api/agreements/" + id + "/acceptance").then().statusCode(200);
        return id;
    }

    /** A client configuration whose socket timeout turns a hang into a test failure: a caller must always get an answer. */
    static RestAssuredConfig noHang(java.time.Duration socketTimeout) {
        return RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", (int) socketTimeout.toMillis()).setParam("http.connection.timeout", 5_000));
    }

    static RequestSpecification anonymous() {
        return given().baseUri(Stack.gateway());
    }

    /** Registers the client with the operator's token the first time, then uses the client-credentials grant. */
    private static RequestSpecification as(String clientId, String secret, String role, String org) {
        String token = TOKENS.computeIfAbsent(clientId, id -> {
            if (role != null) {
                operator().contentType("application/json").body(Map.of("clientId", id, "role", role, "org", org, "secret", secret))
                        .post("/oauth2/clients").then().statusCode(201);
            }
            return given().baseUri(Stack.gateway()).contentType("application/x-www-form-urlencoded")
                    .formParam("grant_type", "client_credentials").formParam("client_id", id).formParam("client_secret", secret)
                    .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
        });
        return given().baseUri(Stack.gateway()).auth().oauth2(token);
    }
}
