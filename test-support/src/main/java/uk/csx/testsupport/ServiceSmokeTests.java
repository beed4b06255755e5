package uk.csx.testsupport;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every service must do once started: be UP against the real database and broker and serve
 * its OpenAPI document and metrics. Each service runs these with an empty {@code @QuarkusTest} subclass.
 */
public abstract class ServiceSmokeTests {
    @Test
    void isUpAgainstTheRealDatabaseAndBroker() {
        given().get("/q/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka broker"))
                .body("checks.find { it.name == 'Kafka broker' }.status", equalTo("UP"));
    }

    @Test
    void servesItsOpenApiDocumentAndMetrics() {
        given().get("/q/openapi?format=json").then().statusCode(200).body("openapi", startsWith("3."));
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void answersAnUnknownPathWithAProblem() {
        given().get("/api/no-such-thing").then().statusCode(404).contentType("application/problem+json");
    }
}
