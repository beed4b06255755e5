package uk.csx.acceptance;

import uk.csx.testsupport.Db;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole exchange driven only through the gateway, as the operator, CCG systems and supplier
 * portals use it, on the real NHS files. Figures are worked independently here from the published
 * numbers (Oxfordshire 778,948 patients; Bedfordshire 500,653).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExchangeJourneyIT {
    static final Path ODS = Path.of(System.getProperty("nhs.data.dir"));
    static final YearMonth MONTH = YearMonth.now();
    static final String START = MONTH.atDay(1).toString();
    static final long OXFORDSHIRE = 778_948;
    static final long BEDFORDSHIRE = 500_653;
    static final Map<String, Object> STATE = new HashMap<>();

    private static String read(String file) throws IOException {
        return Files.readString(ODS.resolve(file));
    }

    private static void awaitJob(String location) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .until(() -> !"RUNNING".equals(Clients.operator().get(location).path("status")));
        Clients.operator().get(location).then().body("status", equalTo("COMPLETED"));
    }


    private static String draft(String ccg, long offer, String negotiated, int noticeMonths) {
        Map<String, Object> body = new HashMap<>(Map.of("ccgCode", ccg, "offerId", offer, "purchaseOrderNumber", "PO-" + ccg + "-" + offer,
                "startDate", START, "termMonths", 24, "noticeMonths", noticeMonths));
        if (negotiated != null) {
            body.put("negotiatedUnitPrice", negotiated);
        }
        return Clients.ccg(ccg).contentType(ContentType.JSON).body(body).post("/api/agreements").then().statusCode(201).extract().path("id");
    }

    private static void accept(String supplier, String agreement) {
        String etag = Clients.supplier(supplier).get("/api/agreements/" + agreement).then().statusCode(200).extract().header("ETag");
        Clients.supplier(supplier).header("If-Match", etag).post("/api/agreements/" + agreement + "/acceptance").then().statusCode(200)
                .body("status", equalTo("ACTIVE"));
    }

    private static String runBilling(YearMonth month) {
        String location = Clients.operator().contentType(ContentType.JSON).body(Map.of("month", month.toString()))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        awaitJob(location);
        return location;
    }

    private static JsonPath invoice(String supplier, String ccg, YearMonth month) {
        List<Map<String, Object>> items = Clients.supplier(supplier).queryParam("month", month.toString()).get("/api/invoices")
                .then().statusCode(200).extract().path("items");
        String id = (String) items.stream().filter(i -> ccg.equals(i.get("ccgCode"))).findFirst().orElseThrow().get("id");
        return Clients.supplier(supplier).get("/api/invoices/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static long offer(String supplier, String line, String basis, String price) {
        return Clients.publishOffer(supplier, line, basis, price, START);
    }

    private static String pounds(BigDecimal exact) {
        return exact.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    @Test
    @Order(1)
    void theOperatorLoadsTheRealReferenceData() throws IOException {
        for (String[] file : new String[][]{{"/api/ods-imports", "epraccur.csv"}, {"/api/ods-imports/weighted-populations",
                "aif-weighted-populations-2022-23.csv"}, {"/api/list-sizes/imports", "gp-reg-pat-prac-all-2021-01.csv"}}) {
            awaitJob(Clients.operator().contentType("text/csv; charset=UTF-8").body(read(file[1])).post(file[0])
                    .then().statusCode(202).extract().header("Location"));
        }
        List<String> codes = new java.util.ArrayList<>();
        try (CSVParser csus = CSVParser.parse(read("csus.csv"), CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            for (CSVRecord csu : csus) {
                codes.add(csu.get("code"));
                Clients.operator().contentType(ContentType.JSON).body(Map.of("code", csu.get("code"), "name", csu.get("name"),
                                "kind", csu.get("name").contains("Commissioning Support Unit") ? "CSU" : "PRIVATE",
                                "town", csu.get("town"), "postcode", csu.get("postcode")))
                        .post("/api/suppliers").then().statusCode(201);
            }
        }
        // every supplier of the file is listed (other tests on this stack register suppliers of their own)
        List<String> listed = Clients.anonymous().get("/api/suppliers").then().statusCode(200).extract().path("code");
        assertEquals(19, codes.size());
        assertTrue(listed.containsAll(codes), "listed " + listed);
        Clients.ccg("10Q").queryParam("asOf", "2021-01-01").get("/api/ccgs/10Q/population").then().statusCode(200)
                .body("registeredPopulation", equalTo((int) OXFORDSHIRE));
    }

    @Test
    @Order(2)
    void suppliersPublishTheirPrices() {
        STATE.put("bi0DF", offer("0DF", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "0.9500"));
        STATE.put("bi0DE", offer("0DE", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "0.9900"));
        STATE.put("cm0DE", offer("0DE", "CONTRACT_MANAGEMENT", "FIXED_ANNUAL", "60000.00"));
        STATE.put("proc0DF", offer("0DF", "PROCUREMENT", "DAY_RATE", "650.0000"));
    }

    @Test
    @Order(3)
    void oxfordshireComparesOnItsRealPopulationAndBuysTheCheapest() {
        // contracts-service learns populations from practices events: within seconds of the import
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Clients.ccg("10Q").queryParam("serviceLine", "BUSINESS_INTELLIGENCE").queryParam("ccg", "10Q").queryParam("asOf", START)
                        .get("/api/offers/comparison").then().extract().jsonPath().getLong("registeredPopulation") == OXFORDSHIRE);
        // 0.95 × 778,948 = 740,000.60; 0.99 × 778,948 = 771,158.52
        Clients.ccg("10Q").queryParam("serviceLine", "BUSINESS_INTELLIGENCE").queryParam("ccg", "10Q").queryParam("asOf", START)
                .get("/api/offers/comparison").then().statusCode(200)
                .body("offers.offer.supplierCode", equalTo(List.of("0DF", "0DE")))
                .body("offers.estimatedAnnualCost", equalTo(List.of("740000.60", "771158.52")));

        String bi = draft("10Q", (Long) STATE.get("bi0DF"), null, 3);
        String cm = draft("10Q", (Long) STATE.get("cm0DE"), null, 0);
        String proc = draft("10Q", (Long) STATE.get("proc0DF"), null, 1);
        String bed = draft("06F", (Long) STATE.get("bi0DF"), "0.9000", 3);
        accept("0DF", bi);
        accept("0DE", cm);
        accept("0DF", proc);
        accept("0DF", bed);
        STATE.putAll(Map.of("bi", bi, "cm", cm, "proc", proc, "bed", bed));
        Clients.ccg("06F").get("/api/agreements/" + bed).then().body("negotiated", equalTo(true));
    }

    @Test
    @Order(4)
    void oxfordshireFormsLocalitiesAndASupplierReportsDaysWithARetry() {
        Clients.ccg("10Q").contentType(ContentType.JSON).body(Map.of("effectiveFrom", START))
                .post("/api/ccgs/10Q/localities/from-networks").then().statusCode(201).body("size()", equalTo(21));
        String key = UUID.randomUUID().toString();
        Map<String, Object> usage = Map.of("agreementId", STATE.get("proc"), "month", MONTH.toString(), "days", 3.5);
        Clients.supplier("0DF").header("Idempotency-Key", key).contentType(ContentType.JSON).body(usage).post("/api/usage").then().statusCode(201);
        Clients.supplier("0DF").header("Idempotency-Key", key).contentType(ContentType.JSON).body(usage).post("/api/usage").then().statusCode(201)
                .header("Idempotent-Replayed", "true");
    }

    @Test
    @Order(5)
    void theMonthIsBilledTwiceToThePenny() {
        BigDecimal biMonthly = new BigDecimal("0.9500").multiply(BigDecimal.valueOf(OXFORDSHIRE)).divide(BigDecimal.valueOf(12), 10, RoundingMode.HALF_UP);
        BigDecimal biNet = new BigDecimal(pounds(biMonthly));                      // 61,666.72
        BigDecimal procNet = new BigDecimal("650.00").multiply(new BigDecimal("3.5")); // 2,275.00
        BigDecimal net = biNet.add(procNet);
        BigDecimal vat = new BigDecimal(pounds(biNet.multiply(new BigDecimal("0.2")))).add(new BigDecimal(pounds(procNet.multiply(new BigDecimal("0.2")))));
        // billing-service learns agreements and populations from events: a dry run shows it has them
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            String dry = Clients.operator().contentType(ContentType.JSON).body(Map.of("month", MONTH.toString(), "dryRun", true))
                    .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
            awaitJob(dry);
            String preview = Clients.operator().get(dry).path("preview");
            return preview != null && preview.contains("\"net\":\"" + pounds(net) + "\"");
        });
        runBilling(MONTH);
        Clients.operator().get(runBilling(MONTH)).then().body("invoices", equalTo(0)).body("alreadyInvoiced", equalTo(3));

        JsonPath oxford = invoice("0DF", "10Q", MONTH);
        assertEquals(pounds(net), oxford.getString("net"));
        assertEquals(pounds(vat), oxford.getString("vat"));
        assertEquals(pounds(net.add(vat)), oxford.getString("gross"));
        assertEquals(List.of("PO-10Q-" + STATE.get("bi0DF"), "PO-10Q-" + STATE.get("proc0DF")), oxford.getList("lines.purchaseOrderNumber"));
        // fixed fee 60,000.00 a year: 5,000.00 a month (no pence left over for March)
        assertEquals("5000.00", invoice("0DE", "10Q", MONTH).getString("net"));
        // Bedfordshire at the negotiated 0.90: 0.90 × 500,653 ÷ 12 = 37,548.975 → 37,548.98
        assertEquals("37548.98", invoice("0DF", "06F", MONTH).getString("net"));
        STATE.put("oxfordInvoice", oxford.getString("id"));

        // apportionment sums exactly, to practices and localities
        JsonPath split = Clients.ccg("10Q").get("/api/invoices/" + oxford.getString("id") + "/apportionment").then().statusCode(200)
                .extract().jsonPath();
        long practices = split.getList("practices.amount", String.class).stream().mapToLong(a -> new BigDecimal(a).movePointRight(2).longValueExact()).sum();
        long localities = split.getMap("localities", String.class, String.class).values().stream()
                .mapToLong(a -> new BigDecimal(a).movePointRight(2).longValueExact()).sum();
        long gross = new BigDecimal(oxford.getString("gross")).movePointRight(2).longValueExact();
        assertEquals(gross, practices);
        assertEquals(gross, localities);

        Clients.operator().queryParam("month", MONTH.toString()).get("/api/price-reports").then().statusCode(200)
                .body("find { it.supplierCode == '0DF' && it.serviceLineCode == 'BUSINESS_INTELLIGENCE' }.flags",
                        hasItem("AGREED_PRICE_DIFFERS_FROM_PUBLISHED"));
    }

    @Test
    @Order(6)
    void nobodySeesWhatIsNotTheirs() {
        Clients.ccg("06F").get("/api/invoices/" + STATE.get("oxfordInvoice")).then().statusCode(404).contentType("application/problem+json");
        String etag = Clients.supplier("0DF").get("/api/agreements/" + STATE.get("cm")).then().statusCode(404).extract().header("ETag");
        Clients.supplier("0DF").header("If-Match", "\"1\"").post("/api/agreements/" + STATE.get("cm") + "/acceptance").then().statusCode(404);
        Clients.anonymous().get("/api/invoices").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        assertEquals(null, etag);
    }

    @Test
    @Order(7)
    void anAllianceCareContractDeterminesItsPaymentSplit() {
        String terms = """
                {"ccgCode": "10Q", "model": "ALLIANCE", "pathway": "MENTAL_HEALTH", "annualValue": "35000000.00", "periodsPerYear": 4,
                 "startDate": "%s", "years": 5, "outcomeSharePercent": "10", "phases": [{"fromPeriod": 8, "sharePercent": "20"}],
                 "providers": [{"code": "RNU", "role": "MEMBER", "sharePercent": "70"}, {"code": "0DF", "role": "MEMBER", "sharePercent": "30"}],
                 "measures": [{"code": "RECOVERY", "description": "recovery rate %%", "baseline": "40", "target": "50", "weightPercent": "100",
                               "direction": "HIGHER_IS_BETTER"}]}""".formatted(START);
        String id = Clients.ccg("10Q").contentType(ContentType.JSON).body(terms).post("/api/care-contracts").then().statusCode(201).extract().path("id");
        // a member of the alliance submits the period's results; the commissioner agrees them; then the payment is determined
        Clients.ccg("10Q").contentType(ContentType.JSON).body(Map.of("actuals", Map.of("RECOVERY", 47)))
                .post("/api/care-contracts/" + id + "/periods/1/results").then().statusCode(403);
        int revision = Clients.supplier("0DF").contentType(ContentType.JSON).body(Map.of("actuals", Map.of("RECOVERY", 47)))
                .post("/api/care-contracts/" + id + "/periods/1/results").then().statusCode(201).body("status", equalTo("SUBMITTED"))
                .extract().path("revision");
        Clients.ccg("10Q").post("/api/care-contracts/" + id + "/periods/1/determination").then().statusCode(422);
        Clients.ccg("10Q").post("/api/care-contracts/" + id + "/periods/1/results/" + revision + "/agreement").then().statusCode(200)
                .body("status", equalTo("AGREED"));
        // core 35m × 0.9 ÷ 4 = 7,875,000.00; pot 875,000 × 0.7 = 612,500.00; total 8,487,500.00 → 70/30: 5,941,250.00 and 2,546,250.00
        Clients.ccg("10Q").post("/api/care-contracts/" + id + "/periods/1/determination").then().statusCode(201)
                .body("payment.total", equalTo("8487500.00")).body("payment.parts.amount", equalTo(List.of("5941250.00", "2546250.00")))
                .body("difference", equalTo("8487500.00"));
        // a correction: submitted, agreed, and determined as a new determination linked to the first, with the difference
        // RECOVERY 45 → attainment 0.5 → outcome 437,500.00; total 8,312,500.00; difference −175,000.00
        int correction = Clients.supplier("0DF").contentType(ContentType.JSON).body(Map.of("actuals", Map.of("RECOVERY", 45)))
                .post("/api/care-contracts/" + id + "/periods/1/results").then().statusCode(201).extract().path("revision");
        Clients.ccg("10Q").post("/api/care-contracts/" + id + "/periods/1/results/" + correction + "/agreement").then().statusCode(200);
        Clients.ccg("10Q").post("/api/care-contracts/" + id + "/periods/1/determination").then().statusCode(201)
                .body("payment.total", equalTo("8312500.00")).body("supersedes", equalTo(revision))
                .body("previousTotal", equalTo("8487500.00")).body("difference", equalTo("-175000.00"));
        Clients.supplier("0DF").get("/api/care-contracts/" + id + "/periods/1/determinations").then().statusCode(200)
                .body("payment.total", equalTo(List.of("8487500.00", "8312500.00")));
    }

    @Test
    @Order(8)
    void aTerminationAfterInvoicingIsCreditedAndPaymentsAndDisputesSettle() {
        String etag = Clients.ccg("10Q").get("/api/agreements/" + STATE.get("cm")).then().extract().header("ETag");
        LocalDate end = LocalDate.parse(Clients.ccg("10Q").header("If-Match", etag).contentType(ContentType.JSON).body(Map.of("reason", "bringing it in house"))
                .post("/api/agreements/" + STATE.get("cm") + "/termination").then().statusCode(200).body("status", equalTo("TERMINATED"))
                .extract().path("endDate"));
        JsonPath cmInvoice = invoice("0DE", "10Q", MONTH);
        // the credit: the month's 5,000.00 less what the days still covered keep
        long covered = Math.max(0, end.toEpochDay() - MONTH.atDay(1).toEpochDay());
        long monthly = 500_000;
        long keep = BigDecimal.valueOf(monthly * covered).divide(BigDecimal.valueOf(MONTH.lengthOfMonth()), 0, RoundingMode.HALF_UP).longValueExact();
        BigDecimal creditNet = BigDecimal.valueOf(monthly - keep, 2);
        // billing learns of the termination from contracts' event: a dry run of the month shows the credit its re-rating will issue
        if (creditNet.signum() > 0) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                String dry = Clients.operator().contentType(ContentType.JSON).body(Map.of("month", MONTH.toString(), "dryRun", true))
                        .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
                awaitJob(dry);
                String preview = Clients.operator().get(dry).path("preview");
                return preview != null && preview.contains("\"supplierCode\":\"0DE\",\"ccgCode\":\"10Q\"") && preview.contains("\"credits\":1");
            });
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> Db.count(Stack.database("billing"),
                "SELECT count(*) FROM billing_agreement WHERE agreement_id::text = ? AND status = 'TERMINATED'", STATE.get("cm")) == 1);
        runBilling(MONTH); // next month cannot be billed in advance; this month's re-run re-rates what the termination changed
        if (creditNet.signum() > 0) {
            Clients.ccg("10Q").get("/api/invoices/" + cmInvoice.getString("id") + "/credit-notes").then()
                    .body("net", equalTo(List.of(creditNet.toPlainString())));
        }
        // 06F pays its invoice in full; 10Q disputes the day-rate days and the supplier concedes one day
        JsonPath bed = invoice("0DF", "06F", MONTH);
        Clients.supplier("0DF").contentType(ContentType.JSON)
                .body(Map.of("invoiceId", bed.getString("id"), "amount", bed.getString("gross"), "receivedOn", LocalDate.now().toString()))
                .post("/api/payments").then().statusCode(201).body("status", equalTo("PAID"));
        String oxford = (String) STATE.get("oxfordInvoice");
        Clients.ccg("10Q").contentType(ContentType.JSON).body(Map.of("reason", "one procurement day was not delivered"))
                .post("/api/invoices/" + oxford + "/dispute").then().statusCode(200).body("status", equalTo("DISPUTED"));
        // the concession is on the day-rate line, so a later re-rating of that line counts it as given back
        long dayRateLine = Clients.ccg("10Q").get("/api/invoices/" + oxford).then().extract().jsonPath().getLong("lines.find { it.basis == 'DAY_RATE' }.id");
        Clients.supplier("0DF").contentType(ContentType.JSON)
                .body(Map.of("credit", "780.00", "reason", "one day at 650.00 plus VAT", "invoiceLineId", dayRateLine))
                .post("/api/invoices/" + oxford + "/dispute-resolution").then().statusCode(200).body("status", equalTo("PART_CREDITED"))
                .body("credited", equalTo("780.00"));
    }
}
