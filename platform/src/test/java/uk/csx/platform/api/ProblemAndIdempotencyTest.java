package uk.csx.platform.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;

import javax.sql.DataSource;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ProblemAndIdempotencyTest {
    @Inject
    DataSource dataSource;

    @Test
    void invalidBodyIsA400ProblemWithFieldPaths() {
        given().contentType(ContentType.JSON).body("{\"amount\":\"\",\"quantity\":0}")
                .post("/test/orders")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid request"))
                .body("instance", equalTo("/test/orders"))
                .body("errors.field", hasItem("amount"))
                .body("errors.field", hasItem("quantity"));
    }

    @Test
    void malformedJsonIsA400ProblemWithoutInternals() {
        given().contentType(ContentType.JSON).body("{\"amount\": 12,,}")
                .post("/test/orders")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("unreadable-body"))
                .body(not(containsString("Exception")));
    }

    @Test
    void unknownPathIsA404Problem() {
        given().get("/test/nothing-here").then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void theRequestIdIsEchoedOrMade() {
        given().header("X-Request-Id", "abc-123").get("/test/nothing-here").then().header("X-Request-Id", "abc-123");
        given().get("/test/nothing-here").then().header("X-Request-Id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void aRetryWithTheSameKeyGetsTheFirstAnswerAndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        String body = "{\"amount\":\"12.50\",\"quantity\":2}";
        long before = Db.count(dataSource, "SELECT count(*) FROM test_order");
        int id = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body).post("/test/orders")
                .then().statusCode(201).extract().path("id");
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body).post("/test/orders")
                .then().statusCode(201).header("Idempotent-Replayed", "true").header("Location", containsString("/test/orders/" + id))
                .body("id", equalTo(id)).body("amount", equalTo("12.50"));
        assertEquals(before + 1, Db.count(dataSource, "SELECT count(*) FROM test_order"));

        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body("{\"amount\":\"99.00\",\"quantity\":2}").post("/test/orders")
                .then().statusCode(422).contentType("application/problem+json");
        assertEquals(before + 1, Db.count(dataSource, "SELECT count(*) FROM test_order"));
    }

    @Test
    void aDuplicateWhileTheFirstIsInFlightGets409() {
        String key = UUID.randomUUID().toString();
        String body = "{\"amount\":\"1.00\",\"quantity\":1}";
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() ->
                given().header("Idempotency-Key", key).queryParam("slowMillis", 2000).contentType(ContentType.JSON).body(body)
                        .post("/test/orders").statusCode());
        // the first request holds its key's lock until it commits
        org.awaitility.Awaitility.await().until(() ->
                Db.count(dataSource, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = hashtext(?)::oid", key) == 1);
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body).post("/test/orders")
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(201, first.join());
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body).post("/test/orders")
                .then().statusCode(201).header("Idempotent-Replayed", "true");
    }

    @Test
    void aRequestThatFailsAfterTakingItsKeyStoresNothingAndACorrectedRetryRuns() {
        String key = UUID.randomUUID().toString();
        long before = Db.count(dataSource, "SELECT count(*) FROM test_order");
        given().header("Idempotency-Key", key).queryParam("failAfterInsert", true).contentType(ContentType.JSON)
                .body("{\"amount\":\"1.00\",\"quantity\":1}").post("/test/orders")
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(before, Db.count(dataSource, "SELECT count(*) FROM test_order"));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM idempotency_key WHERE idem_key = ?", key));
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body("{\"amount\":\"1.00\",\"quantity\":1}").post("/test/orders")
                .then().statusCode(201).header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
        assertEquals(before + 1, Db.count(dataSource, "SELECT count(*) FROM test_order"));
    }
}
