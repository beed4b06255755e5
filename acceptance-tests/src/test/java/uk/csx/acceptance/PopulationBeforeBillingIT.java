package uk.csx.acceptance;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of practice events (an import of 2,000 practices with their list sizes) is still being
 * applied by billing-service while invoice runs are started again and again: no run may bill the
 * per-capita agreement on a population of 0 or on a part of it. Each run either holds the account
 * with its reason or bills the whole population; once the events are applied, a run bills it.
 */
class PopulationBeforeBillingIT {
    static final String CCG = "98Y";
    static final String SUPPLIER = "ZPB";
    static final int PRACTICES = 2_000;
    static final YearMonth MONTH = YearMonth.now();

    @Test
    void noInvoiceRunBillsAPopulationWhoseEventsAreNotAppliedYet() {
        Clients.operator().contentType(ContentType.JSON).body(Map.of("code", CCG, "name", "Burst test CCG", "kind", "CCG",
                "openDate", "2013-04-01")).post("/api/ccgs").then().statusCode(201);
        Clients.registerSupplier(SUPPLIER, "Population burst supplier");
        long offer = Clients.publishOffer(SUPPLIER, "BUSINESS_INTELLIGENCE", "PER_CAPITA", "1.2000", java.time.YearMonth.now().atDay(1).toString());
        Map<String, Object> draft = Map.of("ccgCode", CCG, "offerId", offer, "purchaseOrderNumber", "PO-" + CCG + "-1",
                "startDate", MONTH.atDay(1).toString(), "termMonths", 12, "noticeMonths", 3);
        // contracts-service knows the commissioner once it has applied its registration
        String agreement = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var answer = Clients.ccg(CCG).contentType(ContentType.JSON).body(draft).post("/api/agreements");
            return answer.statusCode() == 201 ? answer.path("id") : null;
        }, id -> id != null);
        String etag = Clients.supplier(SUPPLIER).get("/api/agreements/" + agreement).then().statusCode(200).extract().header("ETag");
        Clients.supplier(SUPPLIER).header("If-Match", etag).post("/api/agreements/" + agreement + "/acceptance").then().statusCode(200);

        // the burst: 2,000 practices of the commissioner, then their list sizes on 1 January 2021
        StringBuilder practices = new StringBuilder();
        StringBuilder listSizes = new StringBuilder("PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n");
        long population = 0;
        for (int i = 0; i < PRACTICES; i++) {
            String code = String.format("Y9%04d", i);
            int patients = 1_000 + i * 7 % 9_000;
            population += patients;
            practices.append(String.format("\"%s\",\"BURST PRACTICE %d\",\"Y56\",\"Q71\",\"1 HIGH ST\",\"\",\"\",\"TOWN\",\"\",\"ZZ1 1ZZ\","
                    + "\"20100101\",\"\",\"A\",\"B\",\"%s\",\"20130401\",\"\",\"\",\"\",\"\",\"\",\"0\",\"\",\"\",\"\",\"4\",\"\"\r\n", code, i, CCG));
            listSizes.append(String.format("GP_PRAC_PAT_LIST,01JAN2021,GP,%s,E38000999,%s,ZZ1 1ZZ,ALL,ALL,%d\r\n", CCG, code, patients));
        }
        awaitJob(Clients.operator().contentType("text/csv; charset=UTF-8").body(practices.toString())
                .post("/api/ods-imports?confirm=true").then().statusCode(202).extract().header("Location"));
        awaitJob(Clients.operator().contentType("text/csv; charset=UTF-8").body(listSizes.toString())
                .post("/api/list-sizes/imports?confirm=true").then().statusCode(202).extract().header("Location"));
        // the rule is about events published before a run starts: practices-service has published its outbox
        await().atMost(Duration.ofMinutes(1)).until(() -> outboxPending("practices") == 0);

        BigDecimal expectedNet = new BigDecimal("1.2000").multiply(BigDecimal.valueOf(population))
                .divide(BigDecimal.valueOf(12), 2, RoundingMode.HALF_UP);
        int runs = 0;
        int held = 0;
        while (true) {
            JsonPath run = runBilling();
            runs++;
            List<Map<String, String>> holds = run.getList("holds");
            if (holds.stream().anyMatch(h -> CCG.equals(h.get("ccgCode")))) {
                held++;
                assertTrue(holds.stream().filter(h -> CCG.equals(h.get("ccgCode"))).allMatch(h -> !h.get("reason").isBlank()));
            }
            List<Map<String, Object>> invoices = Clients.supplier(SUPPLIER).queryParam("month", MONTH.toString()).get("/api/invoices")
                    .then().statusCode(200).extract().path("items");
            if (!invoices.isEmpty()) {
                JsonPath invoice = JsonPath.from(Clients.supplier(SUPPLIER).get("/api/invoices/" + invoices.get(0).get("id")).then()
                        .statusCode(200).extract().asString()).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
                // the whole population, never 0 nor a part of it
                assertEquals(0, BigDecimal.valueOf(population).compareTo(invoice.get("lines[0].quantity")), "billed population "
                        + invoice.get("lines[0].quantity") + ", expected " + population);
                assertEquals(expectedNet.toPlainString(), invoice.getString("net"));
                break;
            }
            assertTrue(runs < 60, "the account was never billed (" + held + " runs held it)");
        }
        System.out.printf("burst of %,d practices: %d run(s), %d held the account%n", PRACTICES, runs, held);
    }

    private static JsonPath runBilling() {
        String location = Clients.operator().contentType(ContentType.JSON).body(Map.of("month", MONTH.toString()))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        awaitJob(location);
        return Clients.operator().get(location).then().extract().jsonPath();
    }

    private static void awaitJob(String location) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                .until(() -> !"RUNNING".equals(Clients.operator().get(location).path("status")));
        Clients.operator().get(location).then().body("status", equalTo("COMPLETED"));
    }

    private static long outboxPending(String service) {
        String health = given().baseUri(Stack.get().serviceUrl(service).toString()).get("/q/health/ready").asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"outbox.pending\"\\s*:\\s*(\\d+)").matcher(health);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
