package uk.csx.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ApiProxyTest {
    private static String operator() {
        return GatewayClients.operatorToken();
    }

    @Test
    void forwardsMethodPathQueryAndBodyAndKeepsTheAnswer() {
        given().auth().oauth2(operator()).contentType(ContentType.JSON).header("X-Request-Id", "trace-1").header("Connection", "keep-alive")
                .body("{\"code\":\"10Q\"}")
                .post("/api/ccgs/10Q/localities?limit=5&cursor=abc")
                .then().statusCode(200)
                .header("X-Upstream", "fake")
                .header("X-Request-Id", "trace-1")
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/api/ccgs/10Q/localities?limit=5&cursor=abc"))
                .body("body", equalTo("{\"code\":\"10Q\"}"))
                .body("requestId", equalTo("trace-1"))
                .body("forwardedFor", notNullValue());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ccgs", "practices", "list-sizes", "ods-imports", "service-lines", "suppliers",
            "offers", "agreements", "care-contracts"})
    void everyPrefixOfTheRoutingTableReachesItsService(String segment) {
        given().auth().oauth2(operator()).get("/api/" + segment + "/x?y=1").then().statusCode(200)
                .body("uri", equalTo("/api/" + segment + "/x?y=1"));
    }

    @Test
    void anOnBehalfEndpointGoesToTheServiceOfThePartysEndpointAsItIs() {
        // the service serves it as the party's endpoint and marks it; the gateway only routes it there
        given().auth().oauth2(operator()).header("X-On-Behalf-Reason", "paper acceptance CS-1").post("/api/on-behalf/agreements/x/acceptance")
                .then().statusCode(200).body("uri", equalTo("/api/on-behalf/agreements/x/acceptance"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"invoices", "billing-runs", "usage", "payments", "statements", "price-reports"})
    void everyBillingPrefixGoesToBillingWhichIsDownInThisTest(String segment) {
        // 502 while the breaker counts failures, 503 once it has opened: either way naming the service
        given().auth().oauth2(operator()).get("/api/" + segment).then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(502), equalTo(503))).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("billing-service"));
    }

    @Test
    void repeatedFailuresOpenTheCircuitAndCallsFailFastWith503() {
        for (int i = 0; i < 6; i++) {
            given().auth().oauth2(operator()).get("/api/payments");
        }
        given().auth().oauth2(operator()).get("/api/payments").then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("billing-service is failing; calls to it are paused for a few seconds"));
    }

    @Test
    void keepsTheUpstreamStatusAndMakesARequestIdWhenNoneIsGiven() {
        given().get("/api/service-lines/missing").then().statusCode(404)
                .header("X-Request-Id", notNullValue())
                .body("requestId", notNullValue());
    }

    @Test
    void metricsNameTheRoutedResourceNotTheIdsInItsPath() {
        for (String ccg : java.util.List.of("10Q", "06F", "99X")) {
            given().auth().oauth2(operator()).get("/api/ccgs/" + ccg + "/localities").then().statusCode(200);
        }
        String metrics = given().auth().oauth2(operator()).get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("uri=\"/api/ccgs/*\""), metrics);
        org.junit.jupiter.api.Assertions.assertFalse(metrics.contains("/api/ccgs/10Q"), "a time series per CCG code");
    }

    @Test
    void anUnownedSegmentIsA404Problem() {
        given().get("/api/nothing/here").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", equalTo("no service owns /api/nothing/here"));
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItReachesTheService() {
        given().auth().oauth2(operator()).contentType(ContentType.JSON).body(new byte[11 * 1024 * 1024]).post("/api/ccgs")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void aServiceThatIsDownIsABadGateway() {
        given().auth().oauth2(operator()).get("/api/invoices").then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(502), equalTo(503))).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("billing-service"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Exception")));
    }

    @Test
    void aSlowServiceIsAGatewayTimeoutNotAHang() {
        given().auth().oauth2(operator()).get("/api/offers/slow").then().statusCode(504).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("contracts-service did not answer"));
    }

    @Test
    void aCallWithoutTraceContextGetsOne() {
        given().auth().oauth2(operator()).get("/api/ccgs").then().statusCode(200)
                .body("traceparent", org.hamcrest.Matchers.matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
        given().auth().oauth2(operator()).header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .get("/api/ccgs").then().body("traceparent", equalTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    }

    @Test
    void healthReportsEachUpstream() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'practices-service' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'contracts-service' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'billing-service' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'nothing' }", nullValue());
    }
}
