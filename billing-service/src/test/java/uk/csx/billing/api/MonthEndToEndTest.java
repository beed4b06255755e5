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
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole month end to end: practices and agreement events published on the real broker, usage
 * submitted, the month billed (twice, and two runs at once), then apportioned, paid, disputed and
 * credited; a termination after invoicing credits the days it uncovered. Every figure is worked
 * by hand in the comments.
 */
@QuarkusTest
class MonthEndToEndTest {
    static final UUID PER_CAPITA = UUID.randomUUID();
    static final UUID FIXED = UUID.randomUUID();
    static final UUID DAY_RATE = UUID.randomUUID();
    static final UUID NEGOTIATED = UUID.randomUUID();

    @Inject
    DataSource dataSource;

    private static void agreement(UUID id, int version, String status, String ccg, String supplier, String line, String basis,
                                  String price, String published, String vat, String start, String end, boolean negotiated) {
        PracticesEventsFixture.publish("contracts.events.v1", "/contracts-service", "contracts.Agreement" + (version == 1 ? "Signed" : "Terminated") + ".v1",
                id.toString(), "{\"agreementId\":\"" + id + "\",\"termsVersion\":" + version + ",\"effectiveFrom\":\"" + start + "\",\"status\":\""
                        + status + "\",\"ccgCode\":\"" + ccg + "\",\"supplierCode\":\"" + supplier + "\",\"serviceLineCode\":\"" + line
                        + "\",\"basis\":\"" + basis + "\",\"unitPrice\":" + price + ",\"vatRate\":" + vat + ",\"startDate\":\"" + start
                        + "\",\"endDate\":\"" + end + "\",\"negotiated\":" + negotiated + ",\"publishedUnitPrice\":" + published
                        + ",\"poNumber\":\"PO-" + ccg + "-" + line + "\"}");
    }

    private String run(String month) {
        String location = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("month", month))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(given().auth().oauth2(Tokens.operator()).get(location).path("status")));
        given().auth().oauth2(Tokens.operator()).get(location).then().body("status", equalTo("COMPLETED"));
        return location;
    }

    private Map<String, Object> invoice(String supplier, String ccg, String month) {
        List<Map<String, Object>> items = given().auth().oauth2(Tokens.supplier(supplier)).queryParam("month", month).get("/api/invoices")
                .then().statusCode(200).extract().path("items");
        return items.stream().filter(i -> ccg.equals(i.get("ccgCode"))).findFirst().orElseThrow();
    }

    @Test
    void aMonthIsBilledToThePennyOnceAndItsCorrectionsFollow() {
        // B1B: 10,000 + 20,000 + 30,001 = 60,001 patients; B2B: 5,000
        PracticesEventsFixture.ccgWithPractices("B1B", new String[]{"B00001", "B00002", "B00003"}, new int[]{10_000, 20_000, 30_001},
                new double[]{10_000, 15_000, 25_000});
        PracticesEventsFixture.ccgWithPractices("B2B", new String[]{"B00004"}, new int[]{5_000}, new double[]{6_000});
        agreement(PER_CAPITA, 1, "ACTIVE", "B1B", "0DF", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "0.9500", "0.9500", "20", "2026-03-01", "2027-04-01", false);
        agreement(FIXED, 1, "ACTIVE", "B1B", "0DF", "CONTRACT_MANAGEMENT", "FIXED_ANNUAL", "100000.00", "100000.00", "20", "2026-03-01", "2027-04-01", false);
        agreement(DAY_RATE, 1, "ACTIVE", "B1B", "0DE", "PROCUREMENT", "DAY_RATE", "650.0000", "650.0000", "0", "2026-03-16", "2027-03-16", false);
        agreement(NEGOTIATED, 1, "ACTIVE", "B2B", "0DF", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "0.9000", "0.9500", "20", "2026-03-01", "2027-04-01", true);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM billing_agreement WHERE ccg_code IN ('B1B', 'B2B')") == 4
                        && Db.count(dataSource, "SELECT count(*) FROM pp_list_size WHERE practice_code LIKE 'B0000%'") == 4);

        // usage: 4.5 days in March, retried with its key; February is outside the term; another supplier's agreement does not exist for it
        String key = UUID.randomUUID().toString();
        Map<String, Object> march = Map.of("agreementId", DAY_RATE, "month", "2026-03", "days", 4.5);
        for (int attempt = 0; attempt < 2; attempt++) {
            given().auth().oauth2(Tokens.supplier("0DE")).header("Idempotency-Key", key).contentType(ContentType.JSON).body(march)
                    .post("/api/usage").then().statusCode(201);
        }
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM usage_record WHERE agreement_id = ?", DAY_RATE));
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("agreementId", DAY_RATE, "month", "2026-02", "days", 1)).post("/api/usage").then().statusCode(422);
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("agreementId", DAY_RATE, "month", "2026-03", "days", 0.3)).post("/api/usage").then().statusCode(400);
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON).body(march).post("/api/usage").then().statusCode(404);

        // a dry run shows and writes nothing
        String dry = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("month", "2026-03", "dryRun", true))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(given().auth().oauth2(Tokens.operator()).get(dry).path("status")));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM invoice WHERE ccg_code IN ('B1B', 'B2B')"));

        run("2026-03");
        run("2026-03"); // again: nothing more
        given().auth().oauth2(Tokens.operator()).get(run("2026-03")).then().body("invoices", equalTo(0)).body("alreadyInvoiced", equalTo(3));
        assertEquals(3, Db.count(dataSource, "SELECT count(*) FROM invoice WHERE month = '2026-03-01' AND ccg_code IN ('B1B', 'B2B')"));

        // 0DF → B1B, March: per capita 0.95 × 60,001 ÷ 12 = 4,750.079… → 4,750.08 (VAT 950.02);
        // fixed 100,000.00 ÷ 12 with the remainder on March = 8,333.37 (VAT 1,666.67): net 13,083.45, VAT 2,616.69, gross 15,700.14
        Map<String, Object> b1b = invoice("0DF", "B1B", "2026-03");
        assertEquals("13083.45", b1b.get("net"));
        assertEquals("2616.69", b1b.get("vat"));
        assertEquals("15700.14", b1b.get("gross"));
        String invoiceId = (String) b1b.get("id");
        given().auth().oauth2(Tokens.ccg("B1B")).get("/api/invoices/" + invoiceId).then().statusCode(200)
                .body("lines.purchaseOrderNumber", hasItem("PO-B1B-BUSINESS_INTELLIGENCE"))
                .body("lines.net", equalTo(List.of("4750.08", "8333.37")));
        // 0DE → B1B: 4.5 days × 650 = 2,925.00, no VAT; 0DF → B2B at the negotiated 0.90 × 5,000 ÷ 12 = 375.00
        assertEquals("2925.00", invoice("0DE", "B1B", "2026-03").get("gross"));
        assertEquals("375.00", invoice("0DF", "B2B", "2026-03").get("net"));

        // only the parties see an invoice
        given().auth().oauth2(Tokens.ccg("06F")).get("/api/invoices/" + invoiceId).then().statusCode(404);
        given().auth().oauth2(Tokens.supplier("0DE")).get("/api/invoices/" + invoiceId).then().statusCode(404);

        // apportionment of 1,570,014 pence by 10,000 / 20,000 / 30,001 of 60,001: exact shares 261,664.639 / 523,329.278 / 785,020.083;
        // floors sum to 1,570,013 and the spare penny goes to the largest remainder (0.639): 2,616.65 + 5,233.29 + 7,850.20
        given().auth().oauth2(Tokens.ccg("B1B")).get("/api/invoices/" + invoiceId + "/apportionment").then().statusCode(200)
                .body("practices.amount", equalTo(List.of("2616.65", "5233.29", "7850.20")))
                .body("localities.'(no locality)'", equalTo("15700.14"));

        // the negotiated price shows in the price-consistency report
        given().auth().oauth2(Tokens.operator()).queryParam("month", "2026-03").get("/api/price-reports").then().statusCode(200)
                .body("find { it.supplierCode == '0DF' && it.serviceLineCode == 'BUSINESS_INTELLIGENCE' }.flags",
                        equalTo(List.of("CCGS_PAY_DIFFERENT_PRICES", "AGREED_PRICE_DIFFERS_FROM_PUBLISHED")));

        // payments: more than the balance is refused, as is a date before the invoice was issued or after today; the balance settles it
        String today = java.time.LocalDate.now().toString();
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON)
                .body(Map.of("invoiceId", invoiceId, "amount", "15700.15", "receivedOn", today)).post("/api/payments").then().statusCode(422);
        for (String date : List.of("0001-01-01", "9999-12-31", java.time.LocalDate.now().minusDays(1).toString())) {
            given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON)
                    .body(Map.of("invoiceId", invoiceId, "amount", "1.00", "receivedOn", date)).post("/api/payments").then().statusCode(422)
                    .body("detail", org.hamcrest.Matchers.startsWith("receivedOn"));
        }
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON)
                .body(Map.of("invoiceId", invoiceId, "amount", "15700.14", "receivedOn", today)).post("/api/payments").then().statusCode(201)
                .body("status", equalTo("PAID")).body("balance", equalTo("0.00"));

        // a dispute resolved with a credit note
        String dayRateInvoice = (String) invoice("0DE", "B1B", "2026-03").get("id");
        given().auth().oauth2(Tokens.ccg("B1B")).contentType(ContentType.JSON).body(Map.of("reason", "half a day was not delivered"))
                .post("/api/invoices/" + dayRateInvoice + "/dispute").then().statusCode(200).body("status", equalTo("DISPUTED"));
        // a negative credit is refused and changes nothing; a credit of part of the balance leaves it PART_CREDITED
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON).body(Map.of("credit", "-5.00", "reason", "agreed"))
                .post("/api/invoices/" + dayRateInvoice + "/dispute-resolution").then().statusCode(400);
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON).body(Map.of("credit", "325.00", "reason", "agreed"))
                .post("/api/invoices/" + dayRateInvoice + "/dispute-resolution").then().statusCode(200)
                .body("status", equalTo("PART_CREDITED")).body("balance", equalTo("2600.00"));

        // after March was invoiced: one more March day, and the fixed-fee agreement terminated from 16 March
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("agreementId", DAY_RATE, "month", "2026-03", "days", 1)).post("/api/usage").then().statusCode(201);
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("agreementId", DAY_RATE, "month", "2026-04", "days", 2)).post("/api/usage").then().statusCode(201);
        agreement(FIXED, 2, "TERMINATED", "B1B", "0DF", "CONTRACT_MANAGEMENT", "FIXED_ANNUAL", "100000.00", "100000.00", "20", "2026-03-01", "2026-03-16", false);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM billing_agreement WHERE agreement_id = ? AND status = 'TERMINATED'", FIXED) == 1);

        // April, by two runs at once: one set of invoices
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> run("2026-04"));
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> run("2026-04"));
        first.join();
        second.join();
        assertEquals(3, Db.count(dataSource, "SELECT count(*) FROM invoice WHERE month = '2026-04-01' AND ccg_code IN ('B1B', 'B2B')"));
        // 0DE April: 2 days (1,300.00) and the late March day as an adjustment (650.00)
        String april = (String) invoice("0DE", "B1B", "2026-04").get("id");
        given().auth().oauth2(Tokens.ccg("B1B")).get("/api/invoices/" + april).then()
                .body("lines.kind", equalTo(List.of("ADJUSTMENT", "CHARGE"))).body("lines.net", equalTo(List.of("650.00", "1300.00")));
        // 0DF April to B1B: per capita only; the terminated fee credited for 16 of March's 31 days:
        // 833,337 × 15 ÷ 31 = 403,227.6 → 403,228 kept, 430,109 pence credited: 4,301.09 + VAT 860.21 (1,666.67 charged less
        // 806.46 on what is kept: the invoice's VAT stays the VAT on its net, where 20% of the credit would give 860.22) = 5,161.30
        assertEquals("4750.08", invoice("0DF", "B1B", "2026-04").get("net"));
        given().auth().oauth2(Tokens.ccg("B1B")).get("/api/invoices/" + invoiceId + "/credit-notes").then()
                .body("net", equalTo(List.of("4301.09"))).body("vat", equalTo(List.of("860.21"))).body("gross", equalTo(List.of("5161.30")));
        // that March invoice was paid in full: the credit is a refund due to the CCG, not a negative balance marked PAID
        given().auth().oauth2(Tokens.ccg("B1B")).get("/api/invoices/" + invoiceId).then()
                .body("status", equalTo("REFUND_DUE")).body("balance", equalTo("0.00")).body("refundDue", equalTo("5161.30"));

        // numbers are gapless per supplier; each document was announced once
        for (String supplier : List.of("0DF", "0DE")) {
            List<Long> numbers = Db.longs(dataSource, "SELECT CAST(split_part(number, '-', 3) AS BIGINT) FROM invoice WHERE supplier_code = ? ORDER BY 1", supplier);
            for (int i = 0; i < numbers.size(); i++) {
                assertEquals(i + 1, numbers.get(i), supplier + " numbers " + numbers);
            }
        }
        assertEquals(Db.count(dataSource, "SELECT count(*) FROM invoice"),
                Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type = 'billing.InvoiceIssued.v1'"));
        assertEquals(Db.count(dataSource, "SELECT count(*) FROM credit_note"),
                Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type = 'billing.CreditNoteIssued.v1'"));
        // the CCG's statement balances: invoices − credits − payments
        given().auth().oauth2(Tokens.ccg("B1B")).queryParam("to", "2099-12-31").get("/api/statements/ccgs/B1B").then().statusCode(200)
                .body("balance", equalTo(expectedBalance())).body("refundDue", equalTo("5161.30"));
        assertEquals(2, Db.count(dataSource, "SELECT count(*) FROM credit_note c JOIN invoice i ON i.id = c.invoice_id WHERE i.ccg_code IN ('B1B', 'B2B')"));
    }

    private String expectedBalance() {
        long invoiced = Db.count(dataSource, "SELECT sum(gross_pence) FROM invoice WHERE ccg_code = 'B1B'");
        long credited = Db.count(dataSource, "SELECT sum(c.gross_pence) FROM credit_note c JOIN invoice i ON i.id = c.invoice_id WHERE i.ccg_code = 'B1B'");
        long paid = Db.count(dataSource, "SELECT sum(p.amount_pence) FROM payment p JOIN invoice i ON i.id = p.invoice_id WHERE i.ccg_code = 'B1B'");
        return uk.csx.platform.money.Money.ofPence(invoiced - credited - paid).toString();
    }
}
