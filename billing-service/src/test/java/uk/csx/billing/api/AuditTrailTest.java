package uk.csx.billing.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.PracticesEventsFixture;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * Who did what to the money: usage, payments and disputes each leave an entry (client, role,
 * organisation, request id, the fields before and after) written with the change, readable by the
 * parties; a refused request leaves none; an operator acting in a party's place must give a reason,
 * which the entry keeps. Months September and October 2026 are this class's own.
 */
@QuarkusTest
class AuditTrailTest {
    @Inject
    DataSource dataSource;

    @Test
    void everyMoneyChangeSaysWhoDidItAndAnOperatorMustSayWhy() {
        UUID dayRate = UUID.randomUUID();
        PracticesEventsFixture.send("practices.CcgRegistered.v1", "A1A", "{\"code\":\"A1A\",\"name\":\"Test CCG A1A\",\"kind\":\"CCG\"}");
        PracticesEventsFixture.publish("contracts.events.v1", "/contracts-service", "contracts.AgreementSigned.v1", dayRate.toString(),
                "{\"agreementId\":\"" + dayRate + "\",\"termsVersion\":1,\"effectiveFrom\":\"2026-09-01\",\"status\":\"ACTIVE\",\"ccgCode\":\"A1A\","
                        + "\"supplierCode\":\"0DE\",\"serviceLineCode\":\"PROCUREMENT\",\"basis\":\"DAY_RATE\",\"unitPrice\":500.0000,\"vatRate\":0,"
                        + "\"startDate\":\"2026-09-01\",\"endDate\":\"2027-09-01\",\"negotiated\":false,\"publishedUnitPrice\":500.0000,"
                        + "\"poNumber\":\"PO-A1A-1\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(dataSource, "SELECT count(*) FROM billing_agreement WHERE agreement_id = ?", dayRate) == 1);

        given().auth().oauth2(Tokens.supplier("0DE")).header("X-Request-Id", "audit-usage-1").contentType(ContentType.JSON)
                .body(Map.of("agreementId", dayRate, "month", "2026-09", "days", 4)).post("/api/usage").then().statusCode(201);
        // refused (more than September's 22 working days): no entry
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("agreementId", dayRate, "month", "2026-09", "days", 20)).post("/api/usage").then().statusCode(422);
        // an operator in the supplier's place: refused on the supplier's own endpoint, kept with its reason through the on-behalf one
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("agreementId", dayRate, "month", "2026-09", "days", 1)).post("/api/usage").then().statusCode(403)
                .body("type", org.hamcrest.Matchers.endsWith("on-behalf-endpoint-required"));
        given().auth().oauth2(Tokens.operator()).header("X-On-Behalf-Reason", "supplier portal down; timesheet emailed 3 Sep")
                .contentType(ContentType.JSON).body(Map.of("agreementId", dayRate, "month", "2026-09", "days", 1)).post("/api/on-behalf/usage").then()
                .statusCode(201);

        // the CCG that pays reads the usage history; another CCG is told it does not exist
        given().auth().oauth2(Tokens.ccg("A1A")).get("/api/usage/" + dayRate + "/history").then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].role", equalTo("supplier")).body("[0].org", equalTo("0DE")).body("[0].requestId", equalTo("audit-usage-1"))
                .body("[0].onBehalfReason", nullValue())
                .body("[0].changes.'days 2026-09'.before", equalTo("0")).body("[0].changes.'days 2026-09'.after", equalTo("4"))
                .body("[1].role", equalTo("operator")).body("[1].onBehalfReason", equalTo("supplier portal down; timesheet emailed 3 Sep"))
                .body("[1].changes.'days 2026-09'.after", equalTo("5"));
        given().auth().oauth2(Tokens.ccg("B9B")).get("/api/usage/" + dayRate + "/history").then().statusCode(404);

        // billed, then paid and disputed: each step on the invoice's history with its before and after
        String run = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("month", "2026-09"))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(given().auth().oauth2(Tokens.operator()).get(run).path("status")));
        List<Map<String, Object>> items = given().auth().oauth2(Tokens.supplier("0DE")).queryParam("month", "2026-09").get("/api/invoices")
                .then().extract().path("items");
        String invoice = (String) items.stream().filter(i -> "A1A".equals(i.get("ccgCode"))).findFirst().orElseThrow().get("id");
        String today = LocalDate.now().toString();
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("invoiceId", invoice, "amount", "9999.00", "receivedOn", today)).post("/api/payments").then().statusCode(422);
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("invoiceId", invoice, "amount", "1000.00", "receivedOn", today)).post("/api/payments").then().statusCode(201);
        given().auth().oauth2(Tokens.ccg("A1A")).contentType(ContentType.JSON).body(Map.of("reason", "a day was not delivered"))
                .post("/api/invoices/" + invoice + "/dispute").then().statusCode(200);
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("credit", "500.00", "reason", "agreed"))
                .post("/api/invoices/" + invoice + "/dispute-resolution").then().statusCode(403);
        given().auth().oauth2(Tokens.supplier("0DE")).get("/api/invoices/" + invoice + "/history").then().statusCode(200)
                .body("action", equalTo(List.of("issued by billing run " + run.substring(run.lastIndexOf('/') + 1),
                        "payment recorded: £1000.00 received " + today, "disputed")))
                .body("[0].role", equalTo("system")).body("[0].changes.gross.after", equalTo("2500.00"))
                .body("[1].changes.status.before", equalTo("ISSUED")).body("[1].changes.status.after", equalTo("PART_PAID"))
                .body("[1].changes.paid.after", equalTo("1000.00"))
                .body("[2].role", equalTo("ccg")).body("[2].changes.disputeReason.after", equalTo("a day was not delivered"));
    }
}
