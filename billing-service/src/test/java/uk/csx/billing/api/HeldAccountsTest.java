package uk.csx.billing.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.PracticesEventsFixture;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run bills a per-capita account only when it knows the population on the 1st: a commissioner
 * whose practices' list sizes have not arrived is held with its reason (no invoice, not a £0.00
 * one), with the rest of that supplier's account, and a later run bills it in full.
 */
@QuarkusTest
class HeldAccountsTest {
    static final UUID PER_CAPITA = UUID.randomUUID();
    static final UUID FIXED = UUID.randomUUID();

    @Inject
    DataSource dataSource;

    // the agreements start in May 2026, a month no other test of this JVM bills, so that its runs do not meet them

    private static void agreement(UUID id, String ccg, String line, String basis, String price) {
        PracticesEventsFixture.publish("contracts.events.v1", "/contracts-service", "contracts.AgreementSigned.v1", id.toString(),
                "{\"agreementId\":\"" + id + "\",\"termsVersion\":1,\"effectiveFrom\":\"2026-05-01\",\"status\":\"ACTIVE\",\"ccgCode\":\"" + ccg
                        + "\",\"supplierCode\":\"0DF\",\"serviceLineCode\":\"" + line + "\",\"basis\":\"" + basis + "\",\"unitPrice\":" + price
                        + ",\"vatRate\":20,\"startDate\":\"2026-05-01\",\"endDate\":\"2027-05-01\",\"negotiated\":false,\"publishedUnitPrice\":"
                        + price + ",\"poNumber\":\"PO-" + ccg + "-" + line + "\"}");
    }

    private static JsonPath run(String month) {
        String location = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("month", month))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(90)).until(() -> !"RUNNING".equals(given().auth().oauth2(Tokens.operator()).get(location).path("status")));
        return given().auth().oauth2(Tokens.operator()).get(location).then().body("status", equalTo("COMPLETED")).extract().jsonPath();
    }

    @Test
    void anAccountWhosePopulationIsUnknownIsHeldThenBilledWhenItArrives() {
        PracticesEventsFixture.send("practices.CcgRegistered.v1", "H1H", "{\"code\":\"H1H\",\"name\":\"Test CCG H1H\",\"kind\":\"CCG\"}");
        agreement(PER_CAPITA, "H1H", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "1.2000");
        agreement(FIXED, "H1H", "CONTRACT_MANAGEMENT", "FIXED_ANNUAL", "12000.00");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM billing_agreement WHERE ccg_code = 'H1H'") == 2);

        // a dry run reports the hold a run would make
        String dry = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("month", "2026-05", "dryRun", true))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(90)).until(() -> "COMPLETED".equals(given().auth().oauth2(Tokens.operator()).get(dry).path("status")));
        given().auth().oauth2(Tokens.operator()).get(dry).then().body("holds.ccgCode", org.hamcrest.Matchers.hasItem("H1H"));

        JsonPath first = run("2026-05");
        assertTrue(first.getInt("held") >= 1, first.prettify());
        List<Map<String, String>> holds = first.getList("holds");
        Map<String, String> hold = holds.stream().filter(h -> "H1H".equals(h.get("ccgCode"))).findFirst().orElseThrow();
        assertEquals("0DF", hold.get("supplierCode"));
        assertTrue(hold.get("reason").contains("no registered population known for H1H on 2026-05-01"), hold.get("reason"));
        // the fixed fee of the same account waits too: one invoice per supplier, commissioner and month
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM invoice WHERE ccg_code = 'H1H'"));
        // and the hold is announced once, by the real run (the dry run before it published nothing)
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type = 'billing.AccountHeld.v1' AND event_key = '0DF|H1H'"));

        // the practices and their list sizes arrive: the next run bills the month in full
        PracticesEventsFixture.ccgWithPractices("H1H", new String[]{"H00001", "H00002"}, new int[]{7_000, 5_000}, new double[]{7_000, 5_000});
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM pp_list_size WHERE practice_code IN ('H00001', 'H00002')") == 2);
        JsonPath second = run("2026-05");
        assertTrue(second.getList("holds.ccgCode").stream().noneMatch("H1H"::equals), second.prettify());
        // 1.20 × 12,000 ÷ 12 = 1,200.00 and 12,000.00 ÷ 12 = 1,000.00
        given().auth().oauth2(Tokens.supplier("0DF")).queryParam("month", "2026-05").get("/api/invoices").then().statusCode(200)
                .body("items.find { it.ccgCode == 'H1H' }.net", equalTo("2200.00"));
    }
}
