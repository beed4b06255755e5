package uk.csx.gateway;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

/** Gets tokens from the gateway under test, as a machine client does. */
final class GatewayClients {
    static final String OPERATOR_ID = "test-operator";
    static final String OPERATOR_SECRET = "test-operator-secret-0001";

    private GatewayClients() {
    }

    static String token(String clientId, String secret) {
        return given().contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret))
                .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
    }

    static String operatorToken() {
        return token(OPERATOR_ID, OPERATOR_SECRET);
    }

    /** Registers a client with a secret (once per test JVM) and returns a token for it. */
    static String tokenFor(String clientId, String role, String org) {
        String secret = clientId + "-secret-000000000";
        given().auth().oauth2(operatorToken()).contentType("application/json")
                .body(org == null ? Map.of("clientId", clientId, "role", role, "secret", secret)
                        : Map.of("clientId", clientId, "role", role, "org", org, "secret", secret))
                .post("/oauth2/clients").then().statusCode(anyOf(is(201), is(409)));
        return token(clientId, secret);
    }
}
