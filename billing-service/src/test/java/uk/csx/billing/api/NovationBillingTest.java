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
 * Novation (issue 17): N1P is succeeded by N2S on 2019-02-15, mid-month. Months before are billed
 * to N1P, months after to N2S, and February is split by days (14 of 28 each), one line per
 * addressee. One agreement's novation is known before February is billed; the other's only after,
 * so N1P was billed all of February and is credited the successor's half, which N2S is billed.
 * Invoice numbers stay gapless per supplier. 2019 is billed by no other test of this JVM (runs may
 * bill past months back to the first agreement's start, never future ones).
 */
@QuarkusTest
class NovationBillingTest {
    static final UUID FIXED = UUID.randomUUID();
    static final UUID PER_CAPITA = UUID.randomUUID();

    @Inject
    DataSource dataSource;

    private static void terms(String type, UUID id, int version, String effectiveFrom, String ccg, String predecessor, String supplier,
                              String line, String basis, String price) {
        PracticesEventsFixture.publish("contracts.events.v1", "/contracts-service", type, id.toString(),
                "{\"agreementId\":\"" + id + "\",\"termsVersion\":" + version + ",\"effectiveFrom\":\"" + effectiveFrom
                        + "\",\"status\":\"ACTIVE\",\"ccgCode\":\"" + ccg + "\",\"supplierCode\":\"" + supplier + "\",\"serviceLineCode\":\"" + line
                        + "\",\"basis\":\"" + basis + "\",\"unitPrice\":" + price + ",\"vatRate\":20,\"startDate\":\"2019-01-01\","
                        + "\"endDate\":\"2020-01-01\",\"negotiated\":false,\"publishedUnitPrice\":" + price + ",\"poNumber\":\"PO-" + line + "\","
                        + "\"predecessorCcgCode\":" + (predecessor == null ? "null" : "\"" + predecessor + "\"") + "}");
    }

    private static void novated(UUID id, String supplier, String line, String basis, String price) {
        terms("contracts.AgreementNovated.v1", id, 2, "2019-02-15", "N2S", "N1P", supplier, line, basis, price);
    }

    private void awaitParties(UUID id, int parties) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM billing_agreement_party WHERE agreement_id = ?", id) == parties);
    }

    private static void run(String month) {
        String location = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("month", month))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(90)).until(() -> !"RUNNING".equals(given().auth().oauth2(Tokens.operator()).get(location).path("status")));
        given().auth().oauth2(Tokens.operator()).get(location).then().body("status", equalTo("COMPLETED"));
    }

    /** Commissioner, month and net of each of the supplier's 2019 invoices, in number order. */
    private static List<String> invoices(String supplier) {
        List<Map<String, Object>> items = given().auth().oauth2(Tokens.supplier(supplier)).queryParam("limit", 100).get("/api/invoices")
                .then().statusCode(200).extract().path("items");
        return items.stream().filter(i -> ((String) i.get("month")).startsWith("2019"))
                .map(i -> i.get("ccgCode") + " " + i.get("month") + " " + i.get("net")).toList();
    }

    private static List<Integer> numbers(String supplier) {
        List<Map<String, Object>> items = given().auth().oauth2(Tokens.supplier(supplier)).queryParam("limit", 100).get("/api/invoices")
                .then().statusCode(200).extract().path("items");
        return items.stream().map(i -> (String) i.get("number")).map(n -> Integer.parseInt(n.substring(n.lastIndexOf('-') + 1))).toList();
    }

    @Test
    void monthsBeforeGoToThePredecessorMonthsAfterToTheSuccessorAndTheStraddlingMonthIsSplitByDays() {
        // N1P: 12,000 patients; N2S: 24,000 (the successor's population counts from the day it takes over)
        PracticesEventsFixture.ccgWithPractices("N1P", new String[]{"N00001"}, new int[]{12_000}, new double[]{12_000});
        PracticesEventsFixture.ccgWithPractices("N2S", new String[]{"N00002"}, new int[]{24_000}, new double[]{24_000});
        // the fixture's list sizes are of 2021: the same as of the extract before 2019
        for (String[] size : new String[][]{{"N00001", "N1P", "12000"}, {"N00002", "N2S", "24000"}}) {
            PracticesEventsFixture.send("practices.ListSizeReported.v1", size[0], "{\"practiceCode\":\"" + size[0] + "\",\"ccgCode\":\"" + size[1]
                    + "\",\"asOf\":\"2018-12-01\",\"patients\":" + size[2] + "}");
        }
        terms("contracts.AgreementSigned.v1", FIXED, 1, "2019-01-01", "N1P", null, "0NV", "IT_SERVICES", "FIXED_ANNUAL", "12000.00");
        terms("contracts.AgreementSigned.v1", PER_CAPITA, 1, "2019-01-01", "N1P", null, "0NW", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "1.2000");
        awaitParties(FIXED, 1);
        awaitParties(PER_CAPITA, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(dataSource, "SELECT count(*) FROM pp_list_size WHERE practice_code LIKE 'N0000%'") == 4);

        // January: all N1P's. 12,000.00 ÷ 12 = 1,000.00; 1.20 × 12,000 ÷ 12 = 1,200.00
        run("2019-01");
        assertEquals(List.of("N1P 2019-01 1000.00"), invoices("0NV"));
        assertEquals(List.of("N1P 2019-01 1200.00"), invoices("0NW"));

        // the fixed fee's novation is known before February is billed: 14 of 28 days each, 500.00 + 500.00
        novated(FIXED, "0NV", "IT_SERVICES", "FIXED_ANNUAL", "12000.00");
        awaitParties(FIXED, 2);
        run("2019-02");
        assertEquals(List.of("N1P 2019-01 1000.00", "N1P 2019-02 500.00", "N2S 2019-02 500.00"), invoices("0NV"));
        // the per-capita agreement's is not yet: N1P is billed the whole of February
        assertEquals(List.of("N1P 2019-01 1200.00", "N1P 2019-02 1200.00"), invoices("0NW"));

        // it arrives after: N1P is credited the successor's 14 days (600.00 + VAT 120.00) against its February invoice, and N2S is
        // billed them on its own population on the 15th (2.40 ÷ 12 × 24,000 × 14/28 = 1,200.00) with March (2,400.00): 3,600.00
        novated(PER_CAPITA, "0NW", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "1.2000");
        awaitParties(PER_CAPITA, 2);
        run("2019-03");
        assertEquals(List.of("N1P 2019-01 1000.00", "N1P 2019-02 500.00", "N2S 2019-02 500.00", "N2S 2019-03 1000.00"), invoices("0NV"));
        assertEquals(List.of("N1P 2019-01 1200.00", "N1P 2019-02 1200.00", "N2S 2019-03 3600.00"), invoices("0NW"));
        String february = Db.strings(dataSource, "SELECT CAST(id AS TEXT) FROM invoice WHERE supplier_code = '0NW' AND ccg_code = 'N1P'"
                + " AND month = '2019-02-01'").get(0);
        given().auth().oauth2(Tokens.supplier("0NW")).get("/api/invoices/" + february + "/credit-notes").then().statusCode(200)
                .body("net", equalTo(List.of("600.00"))).body("vat", equalTo(List.of("120.00")));
        given().auth().oauth2(Tokens.supplier("0NW")).get("/api/invoices/" + february).then().body("balance", equalTo("720.00"));
        String march = Db.strings(dataSource, "SELECT CAST(id AS TEXT) FROM invoice WHERE supplier_code = '0NW' AND ccg_code = 'N2S'").get(0);
        given().auth().oauth2(Tokens.ccg("N2S")).get("/api/invoices/" + march).then().statusCode(200)
                .body("lines.periodMonth", equalTo(List.of("2019-02-01", "2019-03-01")))
                .body("lines.net", equalTo(List.of("1200.00", "2400.00")));
        // each commissioner sees its own months only
        given().auth().oauth2(Tokens.ccg("N1P")).get("/api/invoices/" + march).then().statusCode(404);

        // a run again changes nothing; numbers stay gapless per supplier
        run("2019-03");
        assertEquals(4, invoices("0NV").size());
        for (String supplier : List.of("0NV", "0NW")) {
            List<Integer> numbers = numbers(supplier);
            for (int i = 1; i < numbers.size(); i++) {
                assertEquals(numbers.get(i - 1) + 1, numbers.get(i), supplier + " " + numbers);
            }
        }
    }
}
