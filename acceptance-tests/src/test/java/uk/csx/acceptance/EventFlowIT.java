package uk.csx.acceptance;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import uk.csx.localstack.DemoClients;
import uk.csx.testsupport.Db;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The foundation's promise: a change in one service reaches the others through the outbox, Kafka and their inboxes. */
class EventFlowIT {

    @Test
    void theGatewayReportsEveryServiceUp() {
        given().baseUri(Stack.gateway()).get("/q/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'practices-service' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'contracts-service' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'billing-service' }.status", equalTo("UP"));
    }

    @Test
    void aCcgRegisteredThroughTheGatewayReachesContractsAndBillingExactlyOnce() {
        given().baseUri(Stack.gateway()).auth().oauth2(Stack.token(DemoClients.OPERATOR)).contentType(ContentType.JSON)
                .header("X-Request-Id", "e2e-ccg-99X")
                .body("{\"code\":\"99X\",\"name\":\"NHS Test CCG\",\"openDate\":\"2013-04-01\"}")
                .post("/api/ccgs")
                .then().statusCode(201).header("X-Request-Id", "e2e-ccg-99X");

        String eventId = firstString(Stack.database("practices"), "SELECT id::text FROM outbox_event WHERE event_key = '99X'");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(Stack.database("contracts"), "SELECT count(*) FROM pp_ccg WHERE code = '99X'") == 1
                        && Db.count(Stack.database("billing"), "SELECT count(*) FROM billing_account WHERE ccg_code = '99X'") == 1);
        assertEquals(1, Db.count(Stack.database("contracts"), "SELECT count(*) FROM inbox_event WHERE event_id::text = ?", eventId));
        assertEquals(1, Db.count(Stack.database("billing"), "SELECT count(*) FROM inbox_event WHERE event_id::text = ?", eventId));
    }

    private static String firstString(javax.sql.DataSource dataSource, String sql) {
        try (var c = dataSource.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
