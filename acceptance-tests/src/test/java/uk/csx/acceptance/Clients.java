package uk.csx.acceptance;

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
