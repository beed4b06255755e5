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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An ICB buys per capita (issue 17): it is billed on the sum of its sub-ICB locations'
 * populations on the first of the month, and the apportionment goes ICB → sub-ICB location →
 * practice, each level summing exactly. October 2026 is billed by no other test of this JVM.
 */
@QuarkusTest
class IcbBuyerTest {
    static final UUID PER_CAPITA = UUID.randomUUID();
    static final UUID SUB_ICB_FIXED = UUID.randomUUID();

    @Inject
    DataSource dataSource;

    @Test
    void anIcbIsBilledOnItsSubIcbLocationsPopulationsAndApportionedThroughThem() {
        // I1S: 10,000 + 20,000; I2S: 30,001; both under ICB I9C: 60,001 patients
        PracticesEventsFixture.ccgWithPractices("I1S", new String[]{"I00001", "I00002"}, new int[]{10_000, 20_000}, new double[]{10_000, 20_000});
        PracticesEventsFixture.ccgWithPractices("I2S", new String[]{"I00003"}, new int[]{30_001}, new double[]{30_001});
        PracticesEventsFixture.icbOf("I9C", "I1S", "I2S");
        agreement(PER_CAPITA, "I9C", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "0.9500");
        agreement(SUB_ICB_FIXED, "I1S", "CONTRACT_MANAGEMENT", "FIXED_ANNUAL", "12000.00");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM billing_agreement WHERE ccg_code IN ('I9C', 'I1S')") == 2
                        && Db.count(dataSource, "SELECT count(*) FROM pp_commissioner_parent WHERE parent_code = 'I9C'") == 2
                        && Db.count(dataSource, "SELECT count(*) FROM pp_list_size WHERE practice_code LIKE 'I0000%'") == 3);

        String location = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("month", "2026-10"))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(90)).until(() -> !"RUNNING".equals(given().auth().oauth2(Tokens.operator()).get(location).path("status")));
        given().auth().oauth2(Tokens.operator()).get(location).then().body("status", equalTo("COMPLETED"));

        // 0.95 × 60,001 ÷ 12 = 4,750.079… → 4,750.08, VAT 950.02, gross 5,700.10
        List<Map<String, Object>> items = given().auth().oauth2(Tokens.supplier("0DF")).queryParam("month", "2026-10").get("/api/invoices")
                .then().statusCode(200).extract().path("items");
        Map<String, Object> invoice = items.stream().filter(i -> "I9C".equals(i.get("ccgCode"))).findFirst().orElseThrow();
        assertEquals("4750.08", invoice.get("net"));
        assertEquals("5700.10", invoice.get("gross"));
        String id = (String) invoice.get("id");

        // 570,010 pence by 10,000 / 20,000 / 30,001 of 60,001: floors 95,000 / 190,000 / 285,009 (remainders 5,000 / 10,000 / 45,001),
        // the spare penny to the largest remainder: 950.00 + 1,900.00 + 2,850.10; I1S 2,850.00 and I2S 2,850.10 sum to the invoice
        given().auth().oauth2(Tokens.ccg("I9C")).get("/api/invoices/" + id + "/apportionment").then().statusCode(200)
                .body("practices.amount", equalTo(List.of("950.00", "1900.00", "2850.10")))
                .body("commissioners.commissionerCode", equalTo(List.of("I1S", "I2S")))
                .body("commissioners.amount", equalTo(List.of("2850.00", "2850.10")))
                .body("commissioners[0].localities.'(no locality)'", equalTo("2850.00"))
                .body("localities.'I2S: (no locality)'", equalTo("2850.10"));

        // tenancy along the hierarchy: the ICB sees its sub-ICB locations' invoices; a sub-ICB location sees only its own
        String subIcbInvoice = (String) items.stream().filter(i -> "I1S".equals(i.get("ccgCode"))).findFirst().orElseThrow().get("id");
        given().auth().oauth2(Tokens.ccg("I9C")).get("/api/invoices/" + subIcbInvoice).then().statusCode(200).body("ccgCode", equalTo("I1S"));
        given().auth().oauth2(Tokens.ccg("I9C")).get("/api/invoices/" + subIcbInvoice + "/apportionment").then().statusCode(200)
                .body("commissioners.commissionerCode", equalTo(List.of("I1S")));
        assertEquals(List.of("I1S", "I9C"), codesListedTo("I9C"));
        given().auth().oauth2(Tokens.ccg("I1S")).get("/api/invoices/" + id).then().statusCode(404);
        given().auth().oauth2(Tokens.ccg("I1S")).get("/api/invoices/" + id + "/apportionment").then().statusCode(404);
        assertEquals(List.of("I1S"), codesListedTo("I1S"));
        given().auth().oauth2(Tokens.ccg("I2S")).get("/api/invoices/" + subIcbInvoice).then().statusCode(404);
        assertEquals(List.of(), codesListedTo("I2S"));
        // acting for it too: the ICB may dispute its sub-ICB location's invoice; a sibling may not
        given().auth().oauth2(Tokens.ccg("I2S")).contentType(ContentType.JSON).body(Map.of("reason", "not ours"))
                .post("/api/invoices/" + subIcbInvoice + "/dispute").then().statusCode(404);
        given().auth().oauth2(Tokens.ccg("I9C")).contentType(ContentType.JSON).body(Map.of("reason", "the fee was agreed at 11,000"))
                .post("/api/invoices/" + subIcbInvoice + "/dispute").then().statusCode(200).body("status", equalTo("DISPUTED"));
    }

    /** The commissioners of the October invoices the client is shown, sorted. */
    private static List<String> codesListedTo(String ccg) {
        List<String> codes = given().auth().oauth2(Tokens.ccg(ccg)).queryParam("month", "2026-10").get("/api/invoices").then().statusCode(200)
                .extract().path("items.ccgCode");
        return codes.stream().sorted().toList();
    }

    private static void agreement(UUID id, String ccg, String line, String basis, String price) {
        PracticesEventsFixture.publish("contracts.events.v1", "/contracts-service", "contracts.AgreementSigned.v1", id.toString(),
                "{\"agreementId\":\"" + id + "\",\"termsVersion\":1,\"effectiveFrom\":\"2026-10-01\",\"status\":\"ACTIVE\",\"ccgCode\":\"" + ccg
                        + "\",\"supplierCode\":\"0DF\",\"serviceLineCode\":\"" + line + "\",\"basis\":\"" + basis + "\",\"unitPrice\":" + price
                        + ",\"vatRate\":20,\"startDate\":\"2026-10-01\",\"endDate\":\"2026-11-01\",\"negotiated\":false,\"publishedUnitPrice\":"
                        + price + ",\"poNumber\":\"PO-" + ccg + "\"}");
    }
}
