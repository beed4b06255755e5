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
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The money rules a hostile or careless client must not bend (issue: every invoice right): a new
 * agreement in an invoiced month is billed on a supplementary invoice, never skipped; a part-month
 * already charged pro rata is not credited again; usage is bounded by the working days of the
 * month and by the calendar; runs bill only months of the exchange's life. Months June to August
 * 2026 are this class's own.
 */
@QuarkusTest
class BillingRulesTest {
    @Inject
    DataSource dataSource;

    private static void agreement(UUID id, String ccg, String supplier, String line, String basis, String price, String start, String end) {
        terms(id, 1, start, ccg, supplier, line, basis, price, start, end);
    }

    /** The agreement's terms as contracts-service announces them: signed (version 1), then varied from {@code effectiveFrom}. */
    private static void terms(UUID id, int version, String effectiveFrom, String ccg, String supplier, String line, String basis, String price,
                              String start, String end) {
        PracticesEventsFixture.publish("contracts.events.v1", "/contracts-service", version == 1 ? "contracts.AgreementSigned.v1"
                        : "contracts.AgreementVaried.v1", id.toString(),
                "{\"agreementId\":\"" + id + "\",\"termsVersion\":" + version + ",\"effectiveFrom\":\"" + effectiveFrom
                        + "\",\"status\":\"ACTIVE\",\"ccgCode\":\"" + ccg
                        + "\",\"supplierCode\":\"" + supplier + "\",\"serviceLineCode\":\"" + line + "\",\"basis\":\"" + basis + "\",\"unitPrice\":"
                        + price + ",\"vatRate\":0,\"startDate\":\"" + start + "\",\"endDate\":\"" + end + "\",\"negotiated\":false,"
                        + "\"publishedUnitPrice\":" + price + ",\"poNumber\":\"PO-" + ccg + "-" + line + "\"}");
    }

    private void awaitAgreements(String ccg, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM billing_agreement WHERE ccg_code = ?", ccg) == count);
    }

    /** Waits until billing has applied the agreement's terms version (the event goes through Kafka). */
    private void awaitTermsVersion(UUID agreement, int version) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT terms_version FROM billing_agreement WHERE agreement_id = ?", agreement) == version);
    }

    private static JsonPath run(String month) {
        String location = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("month", month))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(90)).until(() -> !"RUNNING".equals(given().auth().oauth2(Tokens.operator()).get(location).path("status")));
        return given().auth().oauth2(Tokens.operator()).get(location).then().body("status", equalTo("COMPLETED")).extract().jsonPath();
    }

    private static List<Map<String, Object>> invoices(String supplier, String ccg, String month) {
        List<Map<String, Object>> items = given().auth().oauth2(Tokens.supplier(supplier)).queryParam("month", month).get("/api/invoices")
                .then().statusCode(200).extract().path("items");
        return items.stream().filter(i -> ccg.equals(i.get("ccgCode"))).toList();
    }

    @Test
    void aNewAgreementInAnInvoicedMonthIsBilledOnASupplementaryInvoice() {
        PracticesEventsFixture.ccgWithPractices("S1S", new String[]{"S00001"}, new int[]{12_000}, new double[]{12_000});
        UUID perCapita = UUID.randomUUID();
        agreement(perCapita, "S1S", "0DF", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "1.0000", "2026-06-01", "2027-06-01");
        awaitAgreements("S1S", 1);
        run("2026-06");
        assertEquals(1, invoices("0DF", "S1S", "2026-06").size());

        // signed after June was invoiced, starting on 11 June: 20 of June's 30 days of 6,000.00 ÷ 12 = 333.33
        UUID fixed = UUID.randomUUID();
        agreement(fixed, "S1S", "0DF", "CONTRACT_MANAGEMENT", "FIXED_ANNUAL", "6000.00", "2026-06-11", "2027-06-11");
        awaitAgreements("S1S", 2);
        JsonPath again = run("2026-06");
        List<Map<String, Object>> june = invoices("0DF", "S1S", "2026-06");
        assertEquals(2, june.size(), "a supplementary invoice, not a skip");
        Map<String, Object> supplementary = june.stream().filter(i -> Boolean.TRUE.equals(i.get("supplementary"))).findFirst().orElseThrow();
        assertEquals("333.33", supplementary.get("net"));
        assertNotEquals(june.get(0).get("number"), june.get(1).get("number"));
        given().auth().oauth2(Tokens.ccg("S1S")).get("/api/invoices/" + supplementary.get("id")).then()
                .body("lines.agreementId", equalTo(List.of(fixed.toString())));
        assertEquals(1, again.getInt("invoices"));
        // nothing new: a third run bills nothing and reports the account as already invoiced
        JsonPath third = run("2026-06");
        assertEquals(0, third.getInt("invoices"));
        assertEquals(2, invoices("0DF", "S1S", "2026-06").size());
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM invoice_line WHERE agreement_id = ?", fixed));

        // credited in full and never paid: CREDITED, nothing left to pay, nothing to refund
        given().auth().oauth2(Tokens.ccg("S1S")).contentType(ContentType.JSON).body(Map.of("reason", "never started"))
                .post("/api/invoices/" + supplementary.get("id") + "/dispute").then().statusCode(200);
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON).body(Map.of("credit", "333.33", "reason", "agreed"))
                .post("/api/invoices/" + supplementary.get("id") + "/dispute-resolution").then().statusCode(200)
                .body("status", equalTo("CREDITED")).body("balance", equalTo("0.00")).body("refundDue", equalTo("0.00"));
    }

    @Test
    void monthsAnAgreementCoveredBeforeItWasSignedAreBilledByTheNextRun() {
        PracticesEventsFixture.ccgWithPractices("S5S", new String[]{"S00005"}, new int[]{4_000}, new double[]{4_000});
        run("2026-06");
        run("2026-07");
        // signed after June and July were billed, starting on 1 June (a back-dated start an operator approved)
        UUID late = UUID.randomUUID();
        agreement(late, "S5S", "0DE", "HR_AND_OD", "FIXED_ANNUAL", "12000.00", "2026-06-01", "2027-06-01");
        awaitAgreements("S5S", 1);
        run("2026-08");
        // June, July and August, 1,000.00 each, on August's invoice: no month is lost
        Map<String, Object> august = invoices("0DE", "S5S", "2026-08").get(0);
        assertEquals("3000.00", august.get("net"));
        given().auth().oauth2(Tokens.ccg("S5S")).get("/api/invoices/" + august.get("id")).then()
                .body("lines.net", equalTo(List.of("1000.00", "1000.00", "1000.00")));
        assertEquals(List.of("2026-06-01", "2026-07-01", "2026-08-01"), Db.strings(dataSource,
                "SELECT CAST(period_month AS TEXT) FROM invoice_line WHERE agreement_id = ? ORDER BY period_month", late));
        run("2026-08"); // and only once
        assertEquals(3, Db.count(dataSource, "SELECT count(*) FROM invoice_line WHERE agreement_id = ?", late));
    }

    @Test
    void aPartMonthAlreadyChargedProRataIsNotCreditedAgain() {
        PracticesEventsFixture.ccgWithPractices("S2S", new String[]{"S00002"}, new int[]{5_000}, new double[]{5_000});
        UUID ending = UUID.randomUUID();
        // ends on 16 July: July is charged for 15 of its 31 days
        agreement(ending, "S2S", "0DE", "CONTRACT_MANAGEMENT", "FIXED_ANNUAL", "12000.00", "2026-06-01", "2026-07-16");
        awaitAgreements("S2S", 1);
        run("2026-06");
        run("2026-07");
        // 1,000.00 × 15 ÷ 31 = 483.87
        assertEquals("483.87", invoices("0DE", "S2S", "2026-07").get(0).get("net"));
        run("2026-08");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM credit_note c JOIN invoice i ON i.id = c.invoice_id WHERE i.ccg_code = 'S2S'"));
        assertEquals(0, invoices("0DE", "S2S", "2026-08").size());
    }

    @Test
    void anAcceptedVariationReRatesTheMonthsAlreadyInvoiced() {
        PracticesEventsFixture.ccgWithPractices("S4S", new String[]{"S00004"}, new int[]{24_000}, new double[]{24_000});
        UUID id = UUID.randomUUID();
        terms(id, 1, "2026-06-01", "S4S", "0DF", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "1.0000", "2026-06-01", "2027-06-01");
        awaitAgreements("S4S", 1);
        run("2026-06"); // 1.00 × 24,000 ÷ 12 = 2,000.00
        assertEquals("2000.00", invoices("0DF", "S4S", "2026-06").get(0).get("net"));

        // the parties agree 1.50 a head from 1 June, after June was invoiced: July is charged 3,000.00 and June debited 1,000.00
        terms(id, 2, "2026-06-01", "S4S", "0DF", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "1.5000", "2026-06-01", "2027-06-01");
        awaitTermsVersion(id, 2);
        run("2026-07");
        Map<String, Object> july = invoices("0DF", "S4S", "2026-07").get(0);
        assertEquals("4000.00", july.get("net"));
        given().auth().oauth2(Tokens.ccg("S4S")).get("/api/invoices/" + july.get("id")).then()
                .body("lines.kind", equalTo(List.of("CHARGE", "ADJUSTMENT")))
                .body("lines.net", equalTo(List.of("3000.00", "1000.00")))
                ;
        run("2026-07"); // again: the re-rating is done, nothing new
        assertEquals(1, invoices("0DF", "S4S", "2026-07").size());

        // then 0.75 a head from 1 June: June and July are each credited what they charged beyond 1,500.00
        terms(id, 3, "2026-06-01", "S4S", "0DF", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "0.7500", "2026-06-01", "2027-06-01");
        awaitTermsVersion(id, 3);
        run("2026-07");
        assertEquals(List.of(150_000L, 150_000L), Db.longs(dataSource,
                "SELECT c.net_pence FROM credit_note c JOIN invoice i ON i.id = c.invoice_id WHERE i.ccg_code = 'S4S' ORDER BY c.number"));
        // charged 2,000 + 1,000 (June) + 3,000 (July), credited 1,500 + 1,500: 3,000.00 = 0.75 × 24,000 ÷ 12 × 2 months
        long charged = Db.count(dataSource, "SELECT sum(l.net_pence) FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.ccg_code = 'S4S'");
        long credited = Db.count(dataSource, "SELECT sum(c.net_pence) FROM credit_note c JOIN invoice i ON i.id = c.invoice_id WHERE i.ccg_code = 'S4S'");
        assertEquals(300_000, charged - credited);
    }

    @Test
    void aConcessionInADisputeIsNeitherCreditedAgainByReRatingNorTakenBack() {
        PracticesEventsFixture.ccgWithPractices("S6S", new String[]{"S00006"}, new int[]{6_000}, new double[]{6_000});
        UUID fixed = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        terms(fixed, 1, "2026-06-01", "S6S", "0DF", "FINANCIAL_MANAGEMENT", "FIXED_ANNUAL", "12000.00", "2026-06-01", "2027-06-01");
        terms(other, 1, "2026-06-01", "S6S", "0DF", "BUSINESS_INTELLIGENCE", "FIXED_ANNUAL", "2400.00", "2026-06-01", "2027-06-01");
        awaitAgreements("S6S", 2);
        run("2026-06"); // 1,000.00 + 200.00
        String june = (String) invoices("0DF", "S6S", "2026-06").get(0).get("id");
        long fixedLine = Db.count(dataSource, "SELECT id FROM invoice_line WHERE agreement_id = ?", fixed);
        given().auth().oauth2(Tokens.ccg("S6S")).contentType(ContentType.JSON).body(Map.of("reason", "the price was meant to be lower"))
                .post("/api/invoices/" + june + "/dispute").then().statusCode(200);
        // two lines: the supplier says which one it concedes on, and no more than that line stands at
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON).body(Map.of("credit", "300.00", "reason", "agreed"))
                .post("/api/invoices/" + june + "/dispute-resolution").then().statusCode(422).body("detail", startsWith("invoiceLineId"));
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON)
                .body(Map.of("credit", "1000.01", "reason", "agreed", "invoiceLineId", fixedLine))
                .post("/api/invoices/" + june + "/dispute-resolution").then().statusCode(422).body("detail", startsWith("credit"));
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON)
                .body(Map.of("credit", "300.00", "reason", "agreed", "invoiceLineId", fixedLine))
                .post("/api/invoices/" + june + "/dispute-resolution").then().statusCode(200).body("status", equalTo("PART_CREDITED"));

        // the parties then agree 9,600.00 a year from 1 June: June's rule is 800.00 and the line, after the 300.00 conceded,
        // stands at 700.00: nothing more is credited, and the concession is not taken back by a debit either
        terms(fixed, 2, "2026-06-01", "S6S", "0DF", "FINANCIAL_MANAGEMENT", "FIXED_ANNUAL", "9600.00", "2026-06-01", "2027-06-01");
        awaitTermsVersion(fixed, 2);
        run("2026-07");
        assertEquals(List.of(30_000L), Db.longs(dataSource, "SELECT net_pence FROM credit_note WHERE invoice_id = ? ORDER BY number", UUID.fromString(june)));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM invoice_line WHERE adjusts_line_id = ?", fixedLine));

        // then 6,000.00 a year: June's rule is 500.00, so 200.00 more is credited (700.00 less 500.00), not 500.00
        terms(fixed, 3, "2026-06-01", "S6S", "0DF", "FINANCIAL_MANAGEMENT", "FIXED_ANNUAL", "6000.00", "2026-06-01", "2027-06-01");
        awaitTermsVersion(fixed, 3);
        run("2026-07");
        assertEquals(List.of(30_000L, 20_000L), Db.longs(dataSource, "SELECT net_pence FROM credit_note WHERE invoice_id = ? ORDER BY number",
                UUID.fromString(june)));
    }

    @Test
    void usageIsBoundedByTheWorkingDaysOfTheMonthAndTheCalendar() {
        UUID dayRate = UUID.randomUUID();
        agreement(dayRate, "S3S", "0DE", "PROCUREMENT", "DAY_RATE", "650.0000", "2026-06-01", "2030-06-01");
        awaitAgreements("S3S", 1);
        // June 2026 has 22 working days (Monday 1st to Tuesday 30th)
        usage(dayRate, "2026-06", "10000").statusCode(400);
        usage(dayRate, "2026-06", "10").statusCode(201);
        usage(dayRate, "2026-06", "10").statusCode(201);
        usage(dayRate, "2026-06", "3").statusCode(422).body("detail", startsWith("days"));
        usage(dayRate, "2026-06", "2").statusCode(201);
        usage(dayRate, "2026-06", "0.5").statusCode(422);
        // a correction brings the month back down and makes room again
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("agreementId", dayRate, "month", "2026-06", "days", -2, "reason", "two days were not delivered"))
                .post("/api/usage").then().statusCode(201);
        usage(dayRate, "2026-06", "2").statusCode(201);
        assertEquals(22, Db.count(dataSource, "SELECT CAST(sum(days) AS BIGINT) FROM usage_record WHERE agreement_id = ?", dayRate));
        // a month that has not begun
        usage(dayRate, YearMonth.now().plusMonths(1).toString(), "1").statusCode(422).body("detail", startsWith("month"));

        // June billed (22 days at 650.00), then corrected down by 2 days: a credit note on June's invoice, never a negative invoice
        run("2026-06");
        Map<String, Object> june = invoices("0DE", "S3S", "2026-06").get(0);
        assertEquals("14300.00", june.get("net"));
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("agreementId", dayRate, "month", "2026-06", "days", -2, "reason", "two days were cancelled"))
                .post("/api/usage").then().statusCode(201);
        run("2026-06");
        assertEquals(1, invoices("0DE", "S3S", "2026-06").size());
        given().auth().oauth2(Tokens.ccg("S3S")).get("/api/invoices/" + june.get("id") + "/credit-notes").then()
                .body("net", equalTo(List.of("1300.00")));
        given().auth().oauth2(Tokens.ccg("S3S")).get("/api/invoices/" + june.get("id")).then()
                .body("status", equalTo("PART_CREDITED")).body("balance", equalTo("13000.00"));
        run("2026-06"); // settled: nothing more
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM credit_note WHERE invoice_id = CAST(? AS UUID)", june.get("id")));
    }

    @Test
    void aCorrectionAfterAShorterTermWasReRatedCreditsNothingTwice() {
        UUID dayRate = UUID.randomUUID();
        agreement(dayRate, "S7S", "0DE", "PROCUREMENT", "DAY_RATE", "650.0000", "2026-06-01", "2030-06-01");
        awaitAgreements("S7S", 1);
        usage(dayRate, "2026-06", "10").statusCode(201);
        run("2026-06"); // 10 days: 6,500.00
        String june = (String) invoices("0DE", "S7S", "2026-06").get(0).get("id");
        // the term is cut to end on 9 June: 6 working days are covered, so re-rating credits 4 days (2,600.00)
        terms(dayRate, 2, "2026-06-01", "S7S", "0DE", "PROCUREMENT", "DAY_RATE", "650.0000", "2026-06-01", "2026-06-09");
        awaitTermsVersion(dayRate, 2);
        run("2026-06");
        given().auth().oauth2(Tokens.ccg("S7S")).get("/api/invoices/" + june + "/credit-notes").then().body("net", equalTo(List.of("2600.00")));
        // the supplier then corrects its usage to the 6 days: those 4 days were credited already, so nothing more is
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("agreementId", dayRate, "month", "2026-06", "days", -4, "reason", "the term ended on the 9th"))
                .post("/api/usage").then().statusCode(201);
        run("2026-06");
        run("2026-06");
        given().auth().oauth2(Tokens.ccg("S7S")).get("/api/invoices/" + june + "/credit-notes").then().body("net", equalTo(List.of("2600.00")));
        given().auth().oauth2(Tokens.ccg("S7S")).get("/api/invoices/" + june).then().body("balance", equalTo("3900.00"));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM usage_record WHERE agreement_id = ? AND invoice_id IS NULL", dayRate));
    }

    @Test
    void aNewEndDoesNotBringForwardAPriceScheduledForLater() {
        PracticesEventsFixture.ccgWithPractices("S8S", new String[]{"S00008"}, new int[]{6_000}, new double[]{6_000});
        UUID fixed = UUID.randomUUID();
        terms(fixed, 1, "2026-06-01", "S8S", "0DF", "FINANCIAL_MANAGEMENT", "FIXED_ANNUAL", "12000.00", "2026-06-01", "2027-06-01");
        // 24,000.00 a year from August; then, from 15 June, only the end changes (the event carries the agreement's price, 24,000.00)
        terms(fixed, 2, "2026-08-01", "S8S", "0DF", "FINANCIAL_MANAGEMENT", "FIXED_ANNUAL", "24000.00", "2026-06-01", "2027-06-01");
        terms(fixed, 3, "2026-06-15", "S8S", "0DF", "FINANCIAL_MANAGEMENT", "FIXED_ANNUAL", "24000.00", "2026-06-01", "2027-03-01");
        awaitTermsVersion(fixed, 3);
        run("2026-07");
        // June and July at 12,000.00 a year (1,000.00 each), not at the August price
        assertEquals("2000.00", invoices("0DF", "S8S", "2026-07").get(0).get("net"));
        run("2026-08");
        assertEquals("2000.00", invoices("0DF", "S8S", "2026-08").get(0).get("net"));
    }

    private static io.restassured.response.ValidatableResponse usage(UUID agreement, String month, String days) {
        return given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body("{\"agreementId\":\"" + agreement + "\",\"month\":\"" + month + "\",\"days\":" + days + "}")
                .post("/api/usage").then();
    }

    @Test
    void runsBillOnlyMonthsOfTheExchangesLife() {
        for (String month : List.of("0000-01", "1999-12", "9999-12", YearMonth.now().plusMonths(1).toString())) {
            given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(Map.of("month", month))
                    .post("/api/billing-runs").then().statusCode(422).body("detail", startsWith("month"));
        }
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM billing_run WHERE month < '2000-01-01' OR month > now() + interval '1 month'"));
    }
}
