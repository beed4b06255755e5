package uk.csx.contracts.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ContractsApiTest {
    private static boolean seeded;
    /** The exchange's today (UTC): offers are published from today, agreements start no earlier than this month. */
    private static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);

    @Inject
    DataSource dataSource;

    /** Suppliers from the real csus.csv, and a CCG whose population arrives as practices events. */
    @BeforeEach
    void seed() throws Exception {
        Tokens.actAnonymously();
        if (seeded) {
            return;
        }
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(System.getProperty("nhs.data.dir")).resolve("csus.csv"));
        for (String line : lines.subList(1, lines.size())) {
            var csv = org.apache.commons.csv.CSVParser.parse(line, org.apache.commons.csv.CSVFormat.DEFAULT).getRecords().get(0);
            given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                    .body(Map.of("code", csv.get(0), "name", csv.get(1), "kind", csv.get(1).contains("Commissioning Support Unit") ? "CSU" : "PRIVATE",
                            "town", csv.get(2), "postcode", csv.get(3)))
                    .post("/api/suppliers").then().statusCode(201);
        }
        // 3 practices: 10,000 + 20,000 + 30,000 = 60,000 registered; weighted 50,000
        PracticesEventsFixture.ccgWithPractices("T1T", new String[]{"T00001", "T00002", "T00003"}, new int[]{10_000, 20_000, 30_000},
                new double[]{10_000, 15_000, 25_000});
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM pp_list_size WHERE practice_code LIKE 'T0000%'") == 3
                        && Db.count(dataSource, "SELECT count(*) FROM pp_weighted_population WHERE practice_code LIKE 'T0000%'") == 3);
        seeded = true;
    }

    private static long offer(String supplier, String line, String basis, String price, String vat, String from) {
        return ((Number) given().auth().oauth2(Tokens.supplier(supplier)).contentType(ContentType.JSON)
                .body(Map.of("supplierCode", supplier, "serviceLineCode", line, "basis", basis, "unitPrice", price, "vatRate", vat,
                        "validFrom", from, "description", line + " from " + supplier))
                .post("/api/offers").then().statusCode(201).extract().path("id")).longValue();
    }

    @Test
    void theCatalogueAndSuppliersArePublic() {
        given().get("/api/service-lines").then().statusCode(200).body("", hasSize(14))
                .body("code", hasItem("OUTCOMES_BASED_CONTRACTING_SUPPORT"));
        given().get("/api/suppliers").then().statusCode(200).body("", hasSize(19)).body("code", hasItem("0DG"));
        given().get("/api/suppliers/0DG").then().statusCode(200).body("kind", equalTo("PRIVATE"));
        given().contentType(ContentType.JSON).body(Map.of("code", "X_LINE", "name", "x", "description", "x", "group", "x"))
                .post("/api/service-lines").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void comparisonCostsEachOfferForTheCcgsRealShapeCheapestFirst() {
        offer("0AP", "PROCUREMENT", "PER_CAPITA", "0.9500", "20", TODAY.toString());   // 0.95 × 60,000 = 57,000.00
        offer("0AR", "PROCUREMENT", "FIXED_ANNUAL", "48000.00", "20", TODAY.toString()); // 48,000.00
        offer("0CX", "PROCUREMENT", "DAY_RATE", "650.0000", "0", TODAY.toString());     // 650 × 80 = 52,000.00
        given().queryParam("serviceLine", "PROCUREMENT").queryParam("ccg", "T1T").queryParam("asOf", TODAY.toString())
                .queryParam("estimatedDays", 80).get("/api/offers/comparison")
                .then().statusCode(200)
                .body("registeredPopulation", equalTo(60_000))
                .body("offers.offer.supplierCode", equalTo(List.of("0AR", "0CX", "0AP")))
                .body("offers.estimatedAnnualCost", equalTo(List.of("48000.00", "52000.00", "57000.00")))
                .body("offers[0].perRegisteredPatient", equalTo(0.8f))
                .body("offers[2].perWeightedPatient", equalTo(1.14f));
        // without estimatedDays the day rate cannot be costed and goes last
        given().queryParam("serviceLine", "PROCUREMENT").queryParam("ccg", "T1T").queryParam("asOf", TODAY.toString())
                .get("/api/offers/comparison").then().statusCode(200)
                .body("offers.offer.supplierCode", equalTo(List.of("0AR", "0AP", "0CX")))
                .body("offers[2].note", equalTo("give estimatedDays to cost a day rate"));
    }

    @Test
    void aNewOfferSupersedesTheOldFromItsValidFromDate() {
        LocalDate next = TODAY.plusYears(1);
        long first = offer("0CH", "HR_AND_OD", "FIXED_ANNUAL", "30000.00", "20", TODAY.toString());
        long second = offer("0CH", "HR_AND_OD", "FIXED_ANNUAL", "32000.00", "20", next.toString());
        given().get("/api/offers/" + first).then().body("validTo", equalTo(next.toString()));
        given().queryParam("serviceLine", "HR_AND_OD").queryParam("supplier", "0CH").queryParam("asOf", next.minusDays(1).toString()).get("/api/offers")
                .then().body("id", equalTo(List.of((int) first)));
        given().queryParam("serviceLine", "HR_AND_OD").queryParam("supplier", "0CH").queryParam("asOf", next.toString()).get("/api/offers")
                .then().body("id", equalTo(List.of((int) second)));
    }

    @Test
    void suppliersPublishOnlyTheirOwnOffersAndBadPricesAreRefused() {
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("supplierCode", "0DF", "serviceLineCode", "IT_SERVICES", "basis", "FIXED_ANNUAL", "unitPrice", "1.00",
                        "vatRate", "20", "validFrom", TODAY.toString(), "description", "not mine"))
                .post("/api/offers").then().statusCode(403).contentType("application/problem+json");
        for (String price : List.of("-1.00", "1.00001", "abc", "0", "0.00", "10000000.0001", "1000000000000000")) {
            given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                    .body(Map.of("supplierCode", "0DE", "serviceLineCode", "IT_SERVICES", "basis", "FIXED_ANNUAL", "unitPrice", price,
                            "vatRate", "20", "validFrom", TODAY.toString(), "description", "bad price"))
                    .post("/api/offers").then().statusCode(400).contentType("application/problem+json");
        }
        // within the parser's rules but out of range: the answer names the field
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("supplierCode", "0DE", "serviceLineCode", "IT_SERVICES", "basis", "FIXED_ANNUAL", "unitPrice", "10000000.0001",
                        "vatRate", "20", "validFrom", TODAY.toString(), "description", "too dear"))
                .post("/api/offers").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.endsWith("unitPrice"));
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON)
                .body(Map.of("supplierCode", "0DE", "serviceLineCode", "NO_SUCH_LINE", "basis", "FIXED_ANNUAL", "unitPrice", "1.00",
                        "vatRate", "20", "validFrom", TODAY.toString(), "description", "unknown line"))
                .post("/api/offers").then().statusCode(404);
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM offer WHERE service_line_code = 'IT_SERVICES' AND supplier_code IN ('0DE', '0DF')"));
    }

    @Test
    void anAgreementGoesFromDraftToSignedWithVersionsAndEventsAndOnlyItsPartiesSeeIt() {
        long offer = offer("0DF", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "0.9500", "20", TODAY.toString());
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("ccgCode", "T1T", "offerId", offer, "purchaseOrderNumber", "PO-T1T-0001",
                "startDate", TODAY.toString(), "termMonths", 24, "noticeMonths", 3);
        var created = given().auth().oauth2(Tokens.ccg("T1T")).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/agreements").then().statusCode(201).body("status", equalTo("DRAFT")).body("negotiated", equalTo(false))
                .body("unitPrice", equalTo("0.9500")).extract();
        String id = created.path("id");
        String etag = created.header("ETag");
        // the retry answers the same and creates nothing
        given().auth().oauth2(Tokens.ccg("T1T")).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/agreements").then().statusCode(201).body("id", equalTo(id)).header("Idempotent-Replayed", "true");
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM agreement WHERE ccg_code = 'T1T' AND offer_id = ?", offer));

        // another CCG or supplier cannot see it; a stranger cannot accept it
        given().auth().oauth2(Tokens.ccg("06F")).get("/api/agreements/" + id).then().statusCode(404);
        given().auth().oauth2(Tokens.supplier("0DE")).header("If-Match", etag).post("/api/agreements/" + id + "/acceptance").then().statusCode(404);
        // the CCG itself cannot accept: only the supplier named
        given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", etag).post("/api/agreements/" + id + "/acceptance").then().statusCode(403);
        // a stale or missing version
        given().auth().oauth2(Tokens.supplier("0DF")).header("If-Match", "\"99\"").post("/api/agreements/" + id + "/acceptance").then().statusCode(412);
        given().auth().oauth2(Tokens.supplier("0DF")).post("/api/agreements/" + id + "/acceptance").then().statusCode(428);

        String signedTag = given().auth().oauth2(Tokens.supplier("0DF")).header("If-Match", etag).post("/api/agreements/" + id + "/acceptance")
                .then().statusCode(200).body("status", equalTo("ACTIVE")).extract().header("ETag");
        // accepting twice is an illegal transition
        given().auth().oauth2(Tokens.supplier("0DF")).header("If-Match", signedTag).post("/api/agreements/" + id + "/acceptance")
                .then().statusCode(409).contentType("application/problem+json");
        // a second live agreement for the same CCG + supplier + line is refused
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(body).post("/api/agreements").then().statusCode(409);

        // a variation is a proposal: the terms change only when the other party accepts it
        var proposed = given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", signedTag).contentType(ContentType.JSON)
                .body(Map.of("unitPrice", "0.9200", "effectiveFrom", TODAY.toString(), "reason", "annual review"))
                .post("/api/agreements/" + id + "/variations").then().statusCode(201).body("status", equalTo("PROPOSED"))
                .body("proposedBy", equalTo("CCG")).body("unitPrice", equalTo("0.9200")).extract();
        String variation = proposed.path("id");
        String proposalTag = proposed.header("ETag");
        assertEquals("/api/agreements/" + id + "/variations/" + variation, java.net.URI.create(proposed.header("Location")).getPath());
        given().auth().oauth2(Tokens.supplier("0DF")).get("/api/agreements/" + id).then().statusCode(200)
                .body("unitPrice", equalTo("0.9500")).body("negotiated", equalTo(false)).header("ETag", equalTo(signedTag));
        // the proposer cannot accept its own proposal, nor an operator for the supplier; stale or missing versions fail
        given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", proposalTag).post("/api/agreements/" + id + "/variations/" + variation + "/acceptance")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.operator()).header("If-Match", proposalTag).post("/api/agreements/" + id + "/variations/" + variation + "/acceptance")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.supplier("0DF")).header("If-Match", "\"99\"").post("/api/agreements/" + id + "/variations/" + variation + "/acceptance")
                .then().statusCode(412);
        given().auth().oauth2(Tokens.supplier("0DF")).post("/api/agreements/" + id + "/variations/" + variation + "/acceptance").then().statusCode(428);
        // one open proposal per agreement
        given().auth().oauth2(Tokens.supplier("0DF")).header("If-Match", signedTag).contentType(ContentType.JSON)
                .body(Map.of("unitPrice", "1.9000", "effectiveFrom", TODAY.toString())).post("/api/agreements/" + id + "/variations")
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_key = ? AND event_type = ?", id, "contracts.AgreementVaried.v1"));

        given().auth().oauth2(Tokens.supplier("0DF")).header("If-Match", proposalTag).post("/api/agreements/" + id + "/variations/" + variation + "/acceptance")
                .then().statusCode(200).body("status", equalTo("ACCEPTED")).body("answeredBy", equalTo("SUPPLIER")).body("termsVersion", equalTo(2));
        var varied = given().auth().oauth2(Tokens.ccg("T1T")).get("/api/agreements/" + id).then().statusCode(200)
                .body("negotiated", equalTo(true)).body("unitPrice", equalTo("0.9200")).extract();
        String variedTag = varied.header("ETag");
        given().auth().oauth2(Tokens.supplier("0DF")).get("/api/agreements/" + id + "/variations").then().statusCode(200)
                .body("status", equalTo(List.of("ACCEPTED")));
        given().auth().oauth2(Tokens.supplier("0DF")).header("If-Match", variedTag).contentType(ContentType.JSON)
                .body(Map.of("reason", "ending the service")).post("/api/agreements/" + id + "/termination")
                .then().statusCode(200).body("status", equalTo("TERMINATED"))
                .body("endDate", equalTo(TODAY.plusMonths(3).toString()));
        given().auth().oauth2(Tokens.ccg("T1T")).get("/api/agreements/" + id + "/versions").then().statusCode(200)
                .body("version", equalTo(List.of(1, 2, 3))).body("unitPrice", equalTo(List.of("0.9500", "0.9200", "0.9200")));

        for (String type : List.of("AgreementDrafted", "AgreementSigned", "AgreementVaried", "AgreementTerminated")) {
            assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_key = ? AND event_type = ?",
                    id, "contracts." + type + ".v1"), type);
        }
        given().auth().oauth2(Tokens.supplier("0DF")).get("/api/agreements").then().body("items.id", hasItem(id));
        given().auth().oauth2(Tokens.supplier("0AP")).get("/api/agreements").then().body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
    }

    @Test
    void anAllianceCareContractPaysItsProvidersExactly() {
        String terms = """
                {"ccgCode": "T1T", "model": "ALLIANCE", "pathway": "MSK", "annualValue": "24000000.00", "periodsPerYear": 4,
                 "startDate": "2026-04-01", "years": 5, "outcomeSharePercent": "10", "phases": [{"fromPeriod": 5, "sharePercent": "20"}],
                 "providers": [{"code": "RNU", "role": "MEMBER", "sharePercent": "60"}, {"code": "0DF", "role": "MEMBER", "sharePercent": "40"}],
                 "measures": [
                   {"code": "PROMS", "description": "Oxford hip score gain", "baseline": "10", "target": "20", "weightPercent": "50",
                    "direction": "HIGHER_IS_BETTER"},
                   {"code": "WAIT", "description": "weeks waited", "baseline": "18", "target": "12", "weightPercent": "50",
                    "direction": "LOWER_IS_BETTER"}]}""";
        String id = given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(terms).post("/api/care-contracts")
                .then().statusCode(201).extract().path("id");
        // period 1: 10% at risk; pot = 24m × 0.1 ÷ 4 = 600,000; PROMS 15 → 0.5, WAIT 13.5 → 0.75: Σ = 0.25 + 0.375 = 0.625
        // outcome = 375,000.00; core = 24m × 0.9 ÷ 4 = 5,400,000.00; total 5,775,000.00 split 60/40
        Map<String, Object> results = Map.of("actuals", Map.of("PROMS", 15, "WAIT", 13.5));
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(results)
                .post("/api/care-contracts/" + id + "/periods/1/payment-preview").then().statusCode(200)
                .body("outcomePayment", equalTo("375000.00")).body("total", equalTo("5775000.00"));
        // an alliance member submits the results; the commissioner agrees them before anything is determined
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(results)
                .post("/api/care-contracts/" + id + "/periods/1/results").then().statusCode(403);
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON).body(results)
                .post("/api/care-contracts/" + id + "/periods/1/results").then().statusCode(201).body("revision", equalTo(1))
                .body("status", equalTo("SUBMITTED")).body("submittedFor", equalTo("0DF"));
        given().auth().oauth2(Tokens.ccg("T1T")).post("/api/care-contracts/" + id + "/periods/1/results/1/agreement").then().statusCode(200)
                .body("status", equalTo("AGREED"));
        given().auth().oauth2(Tokens.ccg("T1T")).post("/api/care-contracts/" + id + "/periods/1/determination").then().statusCode(201)
                .body("payment.corePayment", equalTo("5400000.00"))
                .body("payment.parts.amount", equalTo(List.of("3465000.00", "2310000.00")))
                .body("supersedes", org.hamcrest.Matchers.nullValue()).body("difference", equalTo("5775000.00"));
        // determined once; a correction is a new revision, agreed, then determined in its turn with the difference
        given().auth().oauth2(Tokens.ccg("T1T")).post("/api/care-contracts/" + id + "/periods/1/determination").then().statusCode(409);
        given().auth().oauth2(Tokens.supplier("RNU")).contentType(ContentType.JSON).body(Map.of("actuals", Map.of("PROMS", 20, "WAIT", 12)))
                .post("/api/care-contracts/" + id + "/periods/1/results").then().statusCode(201).body("revision", equalTo(2));
        given().auth().oauth2(Tokens.ccg("T1T")).post("/api/care-contracts/" + id + "/periods/1/results/2/agreement").then().statusCode(200);
        given().auth().oauth2(Tokens.ccg("T1T")).post("/api/care-contracts/" + id + "/periods/1/determination").then().statusCode(201)
                .body("payment.total", equalTo("6000000.00")).body("supersedes", equalTo(1))
                .body("previousTotal", equalTo("5775000.00")).body("difference", equalTo("225000.00"));
        // period 5 (year 2): the phased 20% applies: pot = 1,200,000, core 4,800,000
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON).body(results)
                .post("/api/care-contracts/" + id + "/periods/5/payment-preview").then().statusCode(200)
                .body("corePayment", equalTo("4800000.00")).body("outcomePot", equalTo("1200000.00"));
        given().auth().oauth2(Tokens.ccg("06F")).get("/api/care-contracts/" + id).then().statusCode(404);
        given().auth().oauth2(Tokens.ccg("T1T")).get("/api/care-contracts/" + id + "/periods/1/determinations").then().body("", hasSize(2));
    }

    @Test
    void termsThatCannotBePaidAreRefusedAndNothingIsStored() {
        long before = Db.count(dataSource, "SELECT count(*) FROM care_contract");
        String badWeights = """
                {"ccgCode": "T1T", "model": "SINGLE", "pathway": "MSK", "annualValue": "1000.00", "periodsPerYear": 4,
                 "startDate": "2026-04-01", "years": 1, "outcomeSharePercent": "10", "phases": [],
                 "providers": [{"code": "RNU", "role": "SINGLE", "sharePercent": "100"}],
                 "measures": [{"code": "A", "description": "a", "baseline": "1", "target": "2", "weightPercent": "90",
                               "direction": "HIGHER_IS_BETTER"}]}""";
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(badWeights).post("/api/care-contracts")
                .then().statusCode(400).body("detail", equalTo("measures[].weightPercent must sum to 100"))
                .body("errors[0].field", equalTo("measures[].weightPercent"));
        assertEquals(before, Db.count(dataSource, "SELECT count(*) FROM care_contract"));
    }

    @Test
    void anIcbBuysComparesAndSeesForItsSubIcbLocationsButNotTheOtherWayRound() {
        // T2S: 10,000 + 20,000 and T3S: 30,000 under ICB T9I: 60,000 registered, weighted 10,000 + 15,000 + 25,000 = 50,000
        PracticesEventsFixture.ccgWithPractices("T2S", new String[]{"T00021", "T00022"}, new int[]{10_000, 20_000}, new double[]{10_000, 15_000});
        PracticesEventsFixture.ccgWithPractices("T3S", new String[]{"T00031"}, new int[]{30_000}, new double[]{25_000});
        PracticesEventsFixture.icbOf("T9I", "T2S", "T3S");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM pp_commissioner_parent WHERE parent_code = 'T9I'") == 2
                        && Db.count(dataSource, "SELECT count(*) FROM pp_weighted_population WHERE practice_code IN ('T00021', 'T00022', 'T00031')") == 3);
        long offer = offer("0AP", "FINANCIAL_MANAGEMENT", "PER_CAPITA", "0.5000", "20", TODAY.toString());
        // the ICB's comparison counts its sub-ICB locations: 0.50 × 60,000 = 30,000.00, 0.60 per weighted patient
        given().auth().oauth2(Tokens.ccg("T9I")).queryParam("serviceLine", "FINANCIAL_MANAGEMENT").queryParam("ccg", "T9I")
                .queryParam("asOf", TODAY.toString()).get("/api/offers/comparison").then().statusCode(200)
                .body("registeredPopulation", equalTo(60_000))
                .body("offers.find { it.offer.supplierCode == '0AP' }.estimatedAnnualCost", equalTo("30000.00"))
                .body("offers.find { it.offer.supplierCode == '0AP' }.perWeightedPatient", equalTo(0.6f));

        String icbOwn = agreement("T9I", offer, TODAY.withDayOfMonth(1).plusMonths(1), 12, 3);
        String subIcbs = agreement("T2S", offer, TODAY.withDayOfMonth(1).plusMonths(1), 12, 3);
        // the ICB sees and acts for its sub-ICB location; the sub-ICB location sees only its own; a sibling sees neither
        given().auth().oauth2(Tokens.ccg("T9I")).get("/api/agreements/" + subIcbs).then().statusCode(200).body("ccgCode", equalTo("T2S"));
        given().auth().oauth2(Tokens.ccg("T2S")).get("/api/agreements/" + icbOwn).then().statusCode(404);
        given().auth().oauth2(Tokens.ccg("T3S")).get("/api/agreements/" + subIcbs).then().statusCode(404);
        List<String> listed = given().auth().oauth2(Tokens.ccg("T9I")).queryParam("limit", 200).get("/api/agreements").then().statusCode(200)
                .extract().path("items.id");
        assertTrue(listed.containsAll(List.of(icbOwn, subIcbs)), listed.toString());
        List<String> own = given().auth().oauth2(Tokens.ccg("T2S")).queryParam("limit", 200).get("/api/agreements").then().statusCode(200)
                .extract().path("items.id");
        assertEquals(List.of(subIcbs), own);
        given().auth().oauth2(Tokens.ccg("T9I")).contentType(ContentType.JSON)
                .body(Map.of("ccgCode", "T3S", "offerId", offer, "purchaseOrderNumber", "PO-T3S", "startDate", TODAY.withDayOfMonth(1).plusMonths(1).toString(),
                        "termMonths", 12, "noticeMonths", 3))
                .post("/api/agreements").then().statusCode(201).body("ccgCode", equalTo("T3S"));
        given().auth().oauth2(Tokens.ccg("T2S")).contentType(ContentType.JSON)
                .body(Map.of("ccgCode", "T9I", "offerId", offer, "purchaseOrderNumber", "PO-T9I", "startDate", TODAY.withDayOfMonth(1).plusMonths(1).toString(),
                        "termMonths", 12, "noticeMonths", 3))
                .post("/api/agreements").then().statusCode(403);
    }

    @Test
    void aSucceededCommissionersLiveAgreementsMoveToItsSuccessorAsANewVersionOnce() {
        PracticesEventsFixture.ccgWithPractices("T5P", new String[]{"T00051"}, new int[]{5_000}, new double[]{5_000});
        PracticesEventsFixture.ccgWithPractices("T6S", new String[]{"T00061"}, new int[]{6_000}, new double[]{6_000});
        long line = offer("0AR", "IT_SERVICES", "FIXED_ANNUAL", "24000.00", "20", TODAY.toString());
        long other = offer("0AR", "CORPORATE_GOVERNANCE", "FIXED_ANNUAL", "12000.00", "20", TODAY.toString());
        LocalDate start = TODAY.withDayOfMonth(1).plusMonths(1);
        String moving = agreement("T5P", line, start, 12, 3);
        String colliding = agreement("T5P", other, start, 12, 3);
        String successorsOwn = agreement("T6S", other, start, 12, 3);
        long drafted = offer("0AR", "COMMUNICATIONS_AND_ENGAGEMENT", "FIXED_ANNUAL", "6000.00", "20", TODAY.toString());
        String draft = given().auth().oauth2(Tokens.ccg("T5P")).contentType(ContentType.JSON)
                .body(Map.of("ccgCode", "T5P", "offerId", drafted, "purchaseOrderNumber", "PO-D", "startDate", start.toString(),
                        "termMonths", 12, "noticeMonths", 3)).post("/api/agreements").then().statusCode(201).extract().path("id");
        LocalDate effective = start.plusMonths(2).withDayOfMonth(15);

        String succession = "{\"predecessorCode\":\"T5P\",\"successorCode\":\"T6S\",\"effectiveDate\":\"" + effective + "\",\"reason\":\"MERGER\"}";
        PracticesEventsFixture.send("practices.CommissionerSucceeded.v1", "T5P", succession);
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(dataSource, "SELECT count(*) FROM agreement_novation WHERE predecessor_code = 'T5P'") == 2);
        // delivered again (a redelivery), nothing more moves
        PracticesEventsFixture.send("practices.CommissionerSucceeded.v1", "T5P", succession);

        // the successor holds it from the date, as version 2 with the reason; the predecessor's months stay its own in version 1
        given().auth().oauth2(Tokens.ccg("T6S")).get("/api/agreements/" + moving).then().statusCode(200).body("ccgCode", equalTo("T6S"));
        given().auth().oauth2(Tokens.ccg("T6S")).get("/api/agreements/" + moving + "/versions").then()
                .body("effectiveFrom", equalTo(List.of(start.toString(), effective.toString())))
                .body("reason[1]", equalTo("novation: T5P succeeded by T6S on " + effective));
        given().auth().oauth2(Tokens.supplier("0AR")).get("/api/agreements/" + moving).then().statusCode(200).body("ccgCode", equalTo("T6S"));
        given().auth().oauth2(Tokens.ccg("T5P")).get("/api/agreements/" + moving).then().statusCode(404);
        // a draft is not novated; the event billing reads names both commissioners
        given().auth().oauth2(Tokens.ccg("T5P")).get("/api/agreements/" + draft).then().statusCode(200).body("ccgCode", equalTo("T5P"));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type = 'contracts.AgreementNovated.v1' AND event_key = ?"
                + " AND envelope LIKE '%\"predecessorCcgCode\":\"T5P\"%' AND envelope LIKE '%\"ccgCode\":\"T6S\"%'", moving));

        // the successor already bought that line from that supplier: both kept where they are, the collision reported to operators only
        given().auth().oauth2(Tokens.ccg("T5P")).get("/api/agreements/" + colliding).then().statusCode(200).body("ccgCode", equalTo("T5P"));
        given().auth().oauth2(Tokens.ccg("T6S")).get("/api/agreements/" + successorsOwn).then().statusCode(200).body("ccgCode", equalTo("T6S"));
        given().auth().oauth2(Tokens.operator()).queryParam("collisions", true).get("/api/agreements/novations").then().statusCode(200)
                .body("find { it.agreementId == '" + colliding + "' }.collidesWith", equalTo(successorsOwn))
                .body("find { it.agreementId == '" + colliding + "' }.termsVersion", org.hamcrest.Matchers.nullValue())
                .body("agreementId", org.hamcrest.Matchers.not(hasItem(moving)));
        given().auth().oauth2(Tokens.ccg("T6S")).get("/api/agreements/novations").then().statusCode(403);
        // once the redelivery is applied too, still the two novations
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(dataSource, "SELECT count(*) FROM inbox_event WHERE event_type = 'practices.CommissionerSucceeded.v1'") >= 2);
        assertEquals(2, Db.count(dataSource, "SELECT count(*) FROM agreement_novation WHERE predecessor_code = 'T5P'"));
    }

    private static String agreement(String ccg, long offer, LocalDate start, int termMonths, int noticeMonths) {
        var draft = given().auth().oauth2(Tokens.ccg(ccg)).contentType(ContentType.JSON)
                .body(Map.of("ccgCode", ccg, "offerId", offer, "purchaseOrderNumber", "PO-" + ccg, "startDate", start.toString(),
                        "termMonths", termMonths, "noticeMonths", noticeMonths))
                .post("/api/agreements").then().statusCode(201).extract();
        String id = draft.path("id");
        given().auth().oauth2(Tokens.supplier(given().get("/api/offers/" + offer).path("supplierCode"))).header("If-Match", draft.header("ETag"))
                .post("/api/agreements/" + id + "/acceptance").then().statusCode(200);
        return id;
    }

    private static String etag(String token, String path) {
        return given().auth().oauth2(token).get(path).then().statusCode(200).extract().header("ETag");
    }

    @Test
    void aVariationIsBoundedRejectedOrWithdrawnAndOnlyAnAcceptedOneChangesTheTerms() {
        long offer = offer("0AP", "CONTRACT_MANAGEMENT", "FIXED_ANNUAL", "60000.00", "20", TODAY.toString());
        String id = agreement("T1T", offer, TODAY, 12, 3);
        String path = "/api/agreements/" + id;
        LocalDate end = TODAY.plusMonths(12);
        String tag = etag(Tokens.ccg("T1T"), path);

        // bounds, each naming the field: back-dated, past the 120-month term, a price out of range
        given().auth().oauth2(Tokens.supplier("0AP")).header("If-Match", tag).contentType(ContentType.JSON)
                .body(Map.of("unitPrice", "600000.00", "effectiveFrom", TODAY.withDayOfMonth(1).minusMonths(2).toString()))
                .post(path + "/variations").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("effectiveFrom"));
        given().auth().oauth2(Tokens.supplier("0AP")).header("If-Match", tag).contentType(ContentType.JSON)
                .body(Map.of("endDate", "2099-12-31", "effectiveFrom", TODAY.toString()))
                .post(path + "/variations").then().statusCode(422).body("errors[0].field", equalTo("endDate"));
        for (String price : List.of("0.00", "10000000.0001")) {
            given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", tag).contentType(ContentType.JSON)
                    .body(Map.of("unitPrice", price, "effectiveFrom", TODAY.toString()))
                    .post(path + "/variations").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.endsWith("unitPrice"));
        }
        given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", tag).contentType(ContentType.JSON)
                .body(Map.of("effectiveFrom", TODAY.toString())).post(path + "/variations").then().statusCode(400);
        // an operator is neither party; a stranger does not see the agreement
        given().auth().oauth2(Tokens.operator()).header("If-Match", tag).contentType(ContentType.JSON)
                .body(Map.of("unitPrice", "0.01", "effectiveFrom", TODAY.toString())).post(path + "/variations").then().statusCode(403);
        given().auth().oauth2(Tokens.supplier("0DE")).header("If-Match", tag).contentType(ContentType.JSON)
                .body(Map.of("unitPrice", "0.01", "effectiveFrom", TODAY.toString())).post(path + "/variations").then().statusCode(404);
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM agreement_variation WHERE agreement_id = ?::uuid", id));

        // the CCG wants out in a month (its notice is three): the supplier rejects
        Map<String, Object> early = Map.of("endDate", TODAY.plusMonths(1).toString(), "effectiveFrom", TODAY.toString(), "reason", "leaving");
        var first = given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", tag).contentType(ContentType.JSON).body(early)
                .post(path + "/variations").then().statusCode(201).extract();
        String firstPath = path + "/variations/" + first.path("id");
        given().auth().oauth2(Tokens.supplier("0AP")).header("If-Match", first.header("ETag")).contentType(ContentType.JSON)
                .body(Map.of("reason", "three months' notice")).post(firstPath + "/rejection")
                .then().statusCode(200).body("status", equalTo("REJECTED")).body("answerReason", equalTo("three months' notice"));
        given().auth().oauth2(Tokens.ccg("T1T")).get(path).then().body("endDate", equalTo(end.toString())).header("ETag", equalTo(tag));

        // proposed again, and withdrawn by the CCG (not by the supplier)
        var second = given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", tag).contentType(ContentType.JSON).body(early)
                .post(path + "/variations").then().statusCode(201).extract();
        String secondPath = path + "/variations/" + second.path("id");
        given().auth().oauth2(Tokens.supplier("0AP")).header("If-Match", second.header("ETag")).post(secondPath + "/withdrawal").then().statusCode(403);
        String withdrawnTag = given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", second.header("ETag")).post(secondPath + "/withdrawal")
                .then().statusCode(200).body("status", equalTo("WITHDRAWN")).extract().header("ETag");
        given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", withdrawnTag).post(secondPath + "/withdrawal").then().statusCode(409);
        given().auth().oauth2(Tokens.supplier("0AP")).header("If-Match", withdrawnTag).post(secondPath + "/acceptance").then().statusCode(409);

        // the third time the supplier agrees: ending earlier than notice allows is possible as an accepted variation
        var third = given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", tag).contentType(ContentType.JSON).body(early)
                .post(path + "/variations").then().statusCode(201).extract();
        given().auth().oauth2(Tokens.supplier("0AP")).header("If-Match", third.header("ETag")).post(path + "/variations/" + third.path("id") + "/acceptance")
                .then().statusCode(200).body("status", equalTo("ACCEPTED"));
        given().auth().oauth2(Tokens.ccg("T1T")).get(path).then().body("endDate", equalTo(TODAY.plusMonths(1).toString()))
                .body("unitPrice", equalTo("60000.0000"));
        given().auth().oauth2(Tokens.ccg("T1T")).get(path + "/versions").then().body("endDate", equalTo(List.of(end.toString(), TODAY.plusMonths(1).toString())));
        given().auth().oauth2(Tokens.ccg("T1T")).get(path + "/variations").then().body("status", equalTo(List.of("REJECTED", "WITHDRAWN", "ACCEPTED")));
        given().auth().oauth2(Tokens.ccg("06F")).get(firstPath).then().statusCode(404);
        given().auth().oauth2(Tokens.supplier("0AP")).get(firstPath).then().statusCode(200).body("status", equalTo("REJECTED"))
                .body("proposedBy", equalTo("CCG")).body("answeredBy", equalTo("SUPPLIER"));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_key = ? AND event_type = ?", id, "contracts.AgreementVaried.v1"));
    }

    @Test
    void concurrentProposalsLeaveOneOpenAndConcurrentAcceptancesApplyItOnce() {
        long offer = offer("0CX", "CORPORATE_GOVERNANCE", "FIXED_ANNUAL", "30000.00", "20", TODAY.toString());
        String id = agreement("T1T", offer, TODAY, 24, 3);
        String path = "/api/agreements/" + id;
        String tag = etag(Tokens.ccg("T1T"), path);
        String ccg = Tokens.ccg("T1T");
        String supplier = Tokens.supplier("0CX");
        List<java.util.concurrent.CompletableFuture<io.restassured.response.Response>> proposals = new java.util.ArrayList<>();
        for (String price : List.of("31000.00", "32000.00", "33000.00", "34000.00")) {
            proposals.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(ccg).header("If-Match", tag)
                    .contentType(ContentType.JSON).body(Map.of("unitPrice", price, "effectiveFrom", TODAY.toString())).post(path + "/variations")));
        }
        List<io.restassured.response.Response> answers = proposals.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        assertEquals(List.of(201, 409, 409, 409), answers.stream().map(io.restassured.response.Response::statusCode).sorted().toList());
        io.restassured.response.Response open = answers.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow();
        String accept = path + "/variations/" + open.path("id") + "/acceptance";
        List<java.util.concurrent.CompletableFuture<Integer>> acceptances = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            acceptances.add(java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    given().auth().oauth2(supplier).header("If-Match", open.header("ETag")).post(accept).statusCode()));
        }
        assertEquals(List.of(200, 412), acceptances.stream().map(java.util.concurrent.CompletableFuture::join).sorted().toList());
        given().auth().oauth2(ccg).get(path + "/versions").then().body("size()", equalTo(2)).body("[1].unitPrice", equalTo(open.path("unitPrice")));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_key = ? AND event_type = ?", id, "contracts.AgreementVaried.v1"));
    }

    @Test
    void anAgreementCannotStartBeforeTheCurrentMonthNorAnOfferBeBackDated() {
        long offer = offer("0CX", "IT_SERVICES", "FIXED_ANNUAL", "12000.00", "20", TODAY.toString());
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON)
                .body(Map.of("ccgCode", "T1T", "offerId", offer, "purchaseOrderNumber", "PO-BACK", "termMonths", 12, "noticeMonths", 1,
                        "startDate", TODAY.withDayOfMonth(1).minusDays(1).toString()))
                .post("/api/agreements").then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("startDate"));
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON)
                .body(Map.of("ccgCode", "T1T", "offerId", offer, "purchaseOrderNumber", "PO-DEAR", "termMonths", 12, "noticeMonths", 1,
                        "startDate", TODAY.toString(), "negotiatedUnitPrice", "10000000.01"))
                .post("/api/agreements").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.endsWith("negotiatedUnitPrice"));
        given().auth().oauth2(Tokens.supplier("0CX")).contentType(ContentType.JSON)
                .body(Map.of("supplierCode", "0CX", "serviceLineCode", "PROCUREMENT", "basis", "FIXED_ANNUAL", "unitPrice", "1.00",
                        "vatRate", "20", "validFrom", TODAY.minusDays(1).toString(), "description", "back-dated"))
                .post("/api/offers").then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("validFrom"));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM agreement WHERE po_number IN ('PO-BACK', 'PO-DEAR')"));
        // nor ten years or more ahead, nor at the edge of the calendar (a 400 or 422 naming the field, never a 500)
        for (String start : List.of("+999999999-12-01", TODAY.plusYears(11).toString())) {
            given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON)
                    .body("{\"ccgCode\":\"T1T\",\"offerId\":1,\"purchaseOrderNumber\":\"PO-FAR\",\"startDate\":\"" + start
                            + "\",\"termMonths\":12,\"noticeMonths\":1}")
                    .post("/api/agreements").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(422)))
                    .body("errors[0].field", equalTo("startDate"));
        }
    }

    @Test
    void anOperatorBackDatesAnOfferOrApprovesABackDatedStartOnlyWithAReasonOnRecord() {
        String lastMonth = TODAY.withDayOfMonth(1).minusMonths(1).toString();
        Map<String, Object> offerBody = new java.util.HashMap<>(Map.of("supplierCode", "0AR", "serviceLineCode", "FINANCIAL_MANAGEMENT",
                "basis", "FIXED_ANNUAL", "unitPrice", "24000.00", "vatRate", "20", "validFrom", lastMonth, "description", "paper price"));
        given().auth().oauth2(Tokens.supplier("0AR")).contentType(ContentType.JSON).body(offerBody).post("/api/offers")
                .then().statusCode(422).body("errors[0].field", equalTo("validFrom"));
        // an operator acts in the supplier's place only through the on-behalf endpoint, saying why: the reason header
        // on the party's own endpoint does nothing, and the on-behalf endpoint without it is refused
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(offerBody).post("/api/offers")
                .then().statusCode(403).body("type", org.hamcrest.Matchers.endsWith("on-behalf-endpoint-required"));
        given().auth().oauth2(Tokens.operator()).header("X-On-Behalf-Reason", "loading the supplier's paper price list").contentType(ContentType.JSON)
                .body(offerBody).post("/api/offers").then().statusCode(403).body("type", org.hamcrest.Matchers.endsWith("on-behalf-endpoint-required"));
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(offerBody).post("/api/on-behalf/offers")
                .then().statusCode(400).body("type", org.hamcrest.Matchers.endsWith("on-behalf-reason-required"));
        // and a party cannot dress its own action up as an operator's
        given().auth().oauth2(Tokens.supplier("0AR")).header("X-On-Behalf-Reason", "me").contentType(ContentType.JSON).body(offerBody)
                .post("/api/on-behalf/offers").then().statusCode(403);
        given().auth().oauth2(Tokens.operator()).header("X-On-Behalf-Reason", "loading the supplier's paper price list").contentType(ContentType.JSON)
                .body(offerBody).post("/api/on-behalf/offers").then().statusCode(422).body("errors[0].field", equalTo("validFrom"));
        offerBody.put("backdatingReason", "price agreed on paper before the exchange");
        given().auth().oauth2(Tokens.supplier("0AR")).contentType(ContentType.JSON).body(offerBody).post("/api/offers").then().statusCode(422);
        long offer = ((Number) given().auth().oauth2(Tokens.operator()).header("X-On-Behalf-Reason", "loading the supplier's paper price list")
                .contentType(ContentType.JSON).body(offerBody).post("/api/on-behalf/offers")
                .then().statusCode(201).body("backdatingReason", equalTo("price agreed on paper before the exchange")).extract().path("id")).longValue();

        Map<String, Object> draftBody = new java.util.HashMap<>(Map.of("ccgCode", "T1T", "offerId", offer, "purchaseOrderNumber", "PO-PAPER",
                "startDate", lastMonth, "termMonths", 12, "noticeMonths", 1));
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(draftBody).post("/api/agreements")
                .then().statusCode(422).body("errors[0].field", equalTo("startDate"));
        draftBody.put("backdatingReason", "service began last month on a paper order");
        var draft = given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(draftBody).post("/api/agreements")
                .then().statusCode(201).body("status", equalTo("DRAFT")).body("backdatingReason", equalTo("service began last month on a paper order"))
                .extract();
        String path = "/api/agreements/" + draft.path("id");
        String tag = draft.header("ETag");
        // the supplier cannot accept it yet; only an operator approves, with a reason, on the version it read
        given().auth().oauth2(Tokens.supplier("0AR")).header("If-Match", tag).post(path + "/acceptance").then().statusCode(409);
        Map<String, Object> approval = Map.of("reason", "paper order PO-PAPER seen");
        given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", tag).contentType(ContentType.JSON).body(approval)
                .post(path + "/backdating-approval").then().statusCode(403);
        given().auth().oauth2(Tokens.supplier("0AR")).header("If-Match", tag).contentType(ContentType.JSON).body(approval)
                .post(path + "/backdating-approval").then().statusCode(403);
        given().auth().oauth2(Tokens.operator()).header("If-Match", tag).contentType(ContentType.JSON).body(Map.of("reason", ""))
                .post(path + "/backdating-approval").then().statusCode(400);
        given().auth().oauth2(Tokens.operator()).header("If-Match", "\"99\"").contentType(ContentType.JSON).body(approval)
                .post(path + "/backdating-approval").then().statusCode(412);
        String approvedTag = given().auth().oauth2(Tokens.operator()).header("If-Match", tag).contentType(ContentType.JSON).body(approval)
                .post(path + "/backdating-approval").then().statusCode(200)
                .body("backdatingApprovedBy", org.hamcrest.Matchers.notNullValue())
                .body("backdatingApprovalReason", equalTo("paper order PO-PAPER seen")).extract().header("ETag");
        given().auth().oauth2(Tokens.operator()).header("If-Match", approvedTag).contentType(ContentType.JSON).body(approval)
                .post(path + "/backdating-approval").then().statusCode(409);
        given().auth().oauth2(Tokens.supplier("0AR")).header("If-Match", approvedTag).post(path + "/acceptance").then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("startDate", equalTo(lastMonth));
    }

    @Test
    void everyChangeToAnAgreementSaysWhoMadeItAndAnOperatorMustSayWhy() {
        long offer = offer("0AP", "CORPORATE_GOVERNANCE", "FIXED_ANNUAL", "30000.00", "20", TODAY.toString());
        String id = given().auth().oauth2(Tokens.ccg("T1T")).header("X-Request-Id", "audit-draft-1").contentType(ContentType.JSON)
                .body(Map.of("ccgCode", "T1T", "offerId", offer, "purchaseOrderNumber", "PO-AUDIT", "startDate", TODAY.toString(),
                        "termMonths", 12, "noticeMonths", 1)).post("/api/agreements").then().statusCode(201).extract().path("id");
        // the operator may accept in the supplier's place only with a reason, which the trail keeps
        given().auth().oauth2(Tokens.operator()).header("If-Match", "\"0\"").post("/api/agreements/" + id + "/acceptance").then().statusCode(403);
        String signed = given().auth().oauth2(Tokens.operator()).header("If-Match", "\"0\"")
                .header("X-On-Behalf-Reason", "supplier signed on paper; scan filed as CS-7781").post("/api/on-behalf/agreements/" + id + "/acceptance")
                .then().statusCode(200).extract().header("ETag");
        String proposal = given().auth().oauth2(Tokens.supplier("0AP")).header("If-Match", signed).contentType(ContentType.JSON)
                .body(Map.of("unitPrice", "33000.00", "effectiveFrom", TODAY.toString(), "reason", "indexation"))
                .post("/api/agreements/" + id + "/variations").then().statusCode(201).extract().path("id");
        String proposalTag = given().auth().oauth2(Tokens.ccg("T1T")).get("/api/agreements/" + id + "/variations/" + proposal).then()
                .extract().header("ETag");
        given().auth().oauth2(Tokens.ccg("T1T")).header("If-Match", proposalTag).contentType(ContentType.JSON).body("{}")
                .post("/api/agreements/" + id + "/variations/" + proposal + "/acceptance").then().statusCode(200);

        given().auth().oauth2(Tokens.supplier("0AP")).get("/api/agreements/" + id + "/history").then().statusCode(200)
                .body("action", equalTo(List.of("drafted", "accepted", "variation " + proposal + " proposed by SUPPLIER: indexation",
                        "variation " + proposal + " accepted by CCG")))
                .body("[0].role", equalTo("ccg")).body("[0].org", equalTo("T1T")).body("[0].requestId", equalTo("audit-draft-1"))
                .body("[1].role", equalTo("operator")).body("[1].onBehalfReason", equalTo("supplier signed on paper; scan filed as CS-7781"))
                .body("[1].changes.status.before", equalTo("DRAFT")).body("[1].changes.status.after", equalTo("ACTIVE"))
                .body("[2].role", equalTo("supplier")).body("[2].changes.proposedUnitPrice.after", equalTo("33000.0000"))
                .body("[3].changes.unitPrice.before", equalTo("30000.0000")).body("[3].changes.unitPrice.after", equalTo("33000.0000"));
        // another CCG cannot read it
        given().auth().oauth2(Tokens.ccg("06F")).get("/api/agreements/" + id + "/history").then().statusCode(404);
    }

    @Test
    void aWithdrawnOfferIsNoLongerListedComparedOrDraftedFrom() {
        long offer = offer("0DE", "MEDICINES_OPTIMISATION", "PER_CAPITA", "0.5000", "20", TODAY.toString());
        given().queryParam("serviceLine", "MEDICINES_OPTIMISATION").get("/api/offers").then().body("id", hasItem((int) offer));
        given().auth().oauth2(Tokens.supplier("0DF")).post("/api/offers/" + offer + "/withdrawal").then().statusCode(403);
        given().post("/api/offers/" + offer + "/withdrawal").then().statusCode(401);
        given().auth().oauth2(Tokens.operator()).post("/api/offers/" + offer + "/withdrawal").then().statusCode(403);
        given().auth().oauth2(Tokens.supplier("0DE")).post("/api/offers/" + offer + "/withdrawal").then().statusCode(200)
                .body("withdrawnAt", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(Tokens.supplier("0DE")).post("/api/offers/" + offer + "/withdrawal").then().statusCode(409);
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type = 'contracts.OfferWithdrawn.v1' AND envelope LIKE ?",
                "%\"offerId\":" + offer + ",%"));
        given().queryParam("serviceLine", "MEDICINES_OPTIMISATION").get("/api/offers").then().body("id", org.hamcrest.Matchers.not(hasItem((int) offer)));
        given().queryParam("serviceLine", "MEDICINES_OPTIMISATION").queryParam("ccg", "T1T").get("/api/offers/comparison").then().statusCode(200)
                .body("offers.offer.id", org.hamcrest.Matchers.not(hasItem((int) offer)));
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON)
                .body(Map.of("ccgCode", "T1T", "offerId", offer, "purchaseOrderNumber", "PO-GONE", "startDate", TODAY.toString(),
                        "termMonths", 12, "noticeMonths", 1))
                .post("/api/agreements").then().statusCode(409).contentType("application/problem+json");
        // the supplier publishes a corrected price from today in its place
        long corrected = offer("0DE", "MEDICINES_OPTIMISATION", "PER_CAPITA", "0.4500", "20", TODAY.toString());
        given().queryParam("serviceLine", "MEDICINES_OPTIMISATION").get("/api/offers").then().body("id", hasItem((int) corrected));
    }

    @Test
    void careContractSharesWeightsAndResultsAreBounded() {
        String template = """
                {"ccgCode": "T1T", "model": "ALLIANCE", "pathway": "MSK", "annualValue": "%s", "periodsPerYear": 4,
                 "startDate": "%s", "years": 1, "outcomeSharePercent": "10",
                 "providers": [{"code": "RNU", "role": "MEMBER", "sharePercent": "%s"}, {"code": "0DF", "role": "MEMBER", "sharePercent": "%s"}],
                 "measures": [
                   {"code": "A", "description": "a", "baseline": "1", "target": "2", "weightPercent": "%s", "direction": "HIGHER_IS_BETTER"},
                   {"code": "B", "description": "b", "baseline": "1", "target": "2", "weightPercent": "%s", "direction": "HIGHER_IS_BETTER"}]}""";
        String start = TODAY.withDayOfMonth(1).toString();
        long before = Db.count(dataSource, "SELECT count(*) FROM care_contract");
        for (List<String> bad : List.of(
                List.of("1000.00", "150", "-50", "50", "50", "providers[0].sharePercent"),
                List.of("1000.00", "60", "40", "200", "-100", "measures[0].weightPercent"),
                List.of("1000.00", "60", "50", "50", "50", "providers[].sharePercent"),
                List.of("10000000000.01", "60", "40", "50", "50", "annualValue"))) {
            given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON)
                    .body(template.formatted(bad.get(0), start, bad.get(1), bad.get(2), bad.get(3), bad.get(4))).post("/api/care-contracts")
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo(bad.get(5)));
        }
        assertEquals(before, Db.count(dataSource, "SELECT count(*) FROM care_contract"));
        String id = given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON)
                .body(template.formatted("1000.00", start, "60", "40", "50", "50")).post("/api/care-contracts").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.supplier("RNU")).contentType(ContentType.JSON).body(Map.of("actuals", Map.of("A", 1, "B", 2, "C", 3)))
                .post("/api/care-contracts/" + id + "/periods/1/results").then().statusCode(400).body("errors[0].field", equalTo("actuals.C"));
        given().auth().oauth2(Tokens.supplier("RNU")).contentType(ContentType.JSON).body(Map.of("actuals", Map.of("A", 1, "B", 2)))
                .post("/api/care-contracts/" + id + "/periods/5/results").then().statusCode(404);
    }

    /**
     * Issue 18, rule 6: the provider (the LEAD of a prime contract) submits results, the commissioner
     * agrees or disputes them, only agreed results are determined, a determination is final, and a
     * correction is a new determination linked to the one it supersedes, carrying the exact difference.
     */
    @Test
    void theLeadProviderSubmitsTheCommissionerAgreesAndACorrectionIsALinkedDetermination() {
        String terms = """
                {"ccgCode": "T1T", "model": "PRIME_PROVIDER", "pathway": "MSK", "annualValue": "400000.00", "periodsPerYear": 4,
                 "startDate": "%s", "years": 1, "outcomeSharePercent": "10",
                 "providers": [{"code": "0DE", "role": "LEAD"}, {"code": "0DF", "role": "SUBCONTRACTOR"}],
                 "measures": [{"code": "WAIT", "description": "weeks waited", "baseline": "18", "target": "12", "weightPercent": "100",
                               "direction": "LOWER_IS_BETTER"}]}""".formatted(TODAY.withDayOfMonth(1));
        String id = given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(terms).post("/api/care-contracts")
                .then().statusCode(201).extract().path("id");
        String results = "/api/care-contracts/" + id + "/periods/1/results";
        String determination = "/api/care-contracts/" + id + "/periods/1/determination";
        Map<String, Object> firstResults = Map.of("actuals", Map.of("WAIT", 16));
        // nobody but the lead provider submits: not the commissioner, not a subcontractor, not an operator without a reason
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(firstResults).post(results).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON).body(firstResults).post(results).then().statusCode(403);
        given().auth().oauth2(Tokens.supplier("0AP")).contentType(ContentType.JSON).body(firstResults).post(results).then().statusCode(404);
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(firstResults).post(results).then().statusCode(403)
                .body("type", org.hamcrest.Matchers.endsWith("on-behalf-endpoint-required"));
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON).body(firstResults).post(results).then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/periods/1/results/1"))
                .body("revision", equalTo(1)).body("status", equalTo("SUBMITTED")).body("submittedFor", equalTo("0DE"));
        // submitted is not agreed: nothing to determine yet
        given().auth().oauth2(Tokens.ccg("T1T")).post(determination).then().statusCode(422).contentType("application/problem+json");
        // only the commissioner answers: not the provider, not an operator without a reason; a dispute says why
        given().auth().oauth2(Tokens.supplier("0DE")).post(results + "/1/agreement").then().statusCode(403);
        given().auth().oauth2(Tokens.operator()).post(results + "/1/agreement").then().statusCode(403)
                .body("type", org.hamcrest.Matchers.endsWith("on-behalf-endpoint-required"));
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(Map.of("reason", " ")).post(results + "/1/dispute")
                .then().statusCode(400);
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(Map.of("reason", "waits in our SUS extract are 17 weeks"))
                .post(results + "/1/dispute").then().statusCode(200).body("status", equalTo("DISPUTED"))
                .body("disputeReason", equalTo("waits in our SUS extract are 17 weeks"));
        given().auth().oauth2(Tokens.ccg("T1T")).post(results + "/1/agreement").then().statusCode(409);
        given().auth().oauth2(Tokens.ccg("T1T")).post(determination).then().statusCode(422);
        given().auth().oauth2(Tokens.ccg("T1T")).post(results + "/9/agreement").then().statusCode(404);
        // the provider resubmits; the commissioner agrees the new revision, once
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON).body(Map.of("actuals", Map.of("WAIT", 15)))
                .post(results).then().statusCode(201).body("revision", equalTo(2));
        given().auth().oauth2(Tokens.ccg("T1T")).post(results + "/2/agreement").then().statusCode(200).body("status", equalTo("AGREED"))
                .body("answeredBy", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(Tokens.ccg("T1T")).post(results + "/2/agreement").then().statusCode(409);
        given().auth().oauth2(Tokens.ccg("T1T")).contentType(ContentType.JSON).body(Map.of("reason", "changed our mind"))
                .post(results + "/2/dispute").then().statusCode(409);
        // core 400,000 × 0.9 ÷ 4 = 90,000.00; pot 10,000; WAIT 15 → attainment 0.5 → 5,000.00; total 95,000.00, all to the lead
        given().auth().oauth2(Tokens.ccg("T1T")).post(determination).then().statusCode(201).body("resultsRevision", equalTo(2))
                .body("supersedes", org.hamcrest.Matchers.nullValue()).body("previousTotal", org.hamcrest.Matchers.nullValue())
                .body("difference", equalTo("95000.00")).body("payment.total", equalTo("95000.00"))
                .body("payment.parts.providerCode", equalTo(List.of("0DE")));
        given().auth().oauth2(Tokens.ccg("T1T")).post(determination).then().statusCode(409);
        // a correction (the operator in the lead's place, with a reason): WAIT 16.5 → 0.25 → 2,500.00; total 92,500.00; difference −2,500.00
        given().auth().oauth2(Tokens.supplier("0DE")).contentType(ContentType.JSON).body(Map.of("actuals", Map.of("WAIT", 17)))
                .post(results).then().statusCode(201).body("revision", equalTo(3));
        given().auth().oauth2(Tokens.operator()).header("X-On-Behalf-Reason", "lead provider's portal down; figures sent by email, ref MSK-44")
                .contentType(ContentType.JSON).body(Map.of("actuals", Map.of("WAIT", 16.5))).post(results.replace("/api/", "/api/on-behalf/"))
                .then().statusCode(201)
                .body("revision", equalTo(4)).body("submittedFor", equalTo("0DE"));
        given().auth().oauth2(Tokens.ccg("T1T")).post(results + "/3/agreement").then().statusCode(409); // superseded: only the latest is answered
        given().auth().oauth2(Tokens.ccg("T1T")).post(results + "/4/agreement").then().statusCode(200);
        given().auth().oauth2(Tokens.ccg("T1T")).post(determination).then().statusCode(201).body("resultsRevision", equalTo(4))
                .body("supersedes", equalTo(2)).body("previousTotal", equalTo("95000.00")).body("difference", equalTo("-2500.00"))
                .body("payment.total", equalTo("92500.00"));
        // never an overwrite: both determinations stand, linked
        given().auth().oauth2(Tokens.supplier("0DE")).get("/api/care-contracts/" + id + "/periods/1/determinations").then().statusCode(200)
                .body("resultsRevision", equalTo(List.of(2, 4))).body("payment.total", equalTo(List.of("95000.00", "92500.00")))
                .body("supersedes", equalTo(java.util.Arrays.asList(null, 2))).body("difference", equalTo(List.of("95000.00", "-2500.00")));
        given().auth().oauth2(Tokens.ccg("T1T")).get(results).then().statusCode(200)
                .body("status", equalTo(List.of("DISPUTED", "AGREED", "SUBMITTED", "AGREED")));
        given().auth().oauth2(Tokens.supplier("0DE")).get(results + "/1").then().statusCode(200).body("status", equalTo("DISPUTED"))
                .body("actuals.WAIT", equalTo(16));
        given().auth().oauth2(Tokens.supplier("0AP")).get(results + "/1").then().statusCode(404);
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type = 'contracts.OutcomePaymentDetermined.v1' "
                + "AND envelope LIKE ? AND envelope LIKE ?", "%" + id + "%", "%\"supersedesRevision\":2,\"previousTotal\":\"95000.00\",\"difference\":\"-2500.00\"%"));
        // who did what: submissions, the dispute with its reason, agreements, the operator's reason, determinations
        given().auth().oauth2(Tokens.ccg("T1T")).get("/api/care-contracts/" + id + "/history").then().statusCode(200)
                .body("action", hasItem("results for period 1 (revision 1) disputed: waits in our SUS extract are 17 weeks"))
                .body("action", hasItem("results for period 1 (revision 4) agreed"))
                .body("action", hasItem("payment determined for period 1 on results revision 4, superseding revision 2 (difference -2500.00)"))
                .body("findAll { it.action == 'results submitted for period 1 (revision 4)' }[0].onBehalfReason",
                        equalTo("lead provider's portal down; figures sent by email, ref MSK-44"))
                .body("findAll { it.action == 'results submitted for period 1 (revision 1)' }[0].role", equalTo("supplier"))
                .body("findAll { it.action == 'results for period 1 (revision 2) agreed' }[0].role", equalTo("ccg"));
    }
}
