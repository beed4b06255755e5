package uk.csx.acceptance;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Tokens;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OWASP API Security Top 10 (2023), item by item, against the whole stack through the gateway:
 * two CCGs and two suppliers, each with its own client, try to reach what is not theirs.
 * The catalogue of attacks and what each run showed is in docs/reliability.md.
 */
class SecurityIT {
    static final String CCG = "S1C", OTHER_CCG = "S2C", SUPPLIER = "S1S", OTHER_SUPPLIER = "S2S";
    static final YearMonth MONTH = YearMonth.now();
    static String agreement, invoice, locality, careContract;

    /** One agreement, its invoice, a locality and a care contract, all of CCG S1C and supplier S1S. */
    @BeforeAll
    static void resourcesOfOneCcgAndOneSupplier() {
        for (String supplier : List.of(SUPPLIER, OTHER_SUPPLIER)) {
            Clients.registerSupplier(supplier, "Security Test " + supplier);
        }
        long offer = Clients.publishOffer(SUPPLIER, "IT_SERVICES", "FIXED_ANNUAL", "24000.00", java.time.YearMonth.now().atDay(1).toString());
        agreement = Clients.ccg(CCG).contentType(ContentType.JSON).body(Map.of("ccgCode", CCG, "offerId", offer,
                "purchaseOrderNumber", "PO-SEC", "startDate", MONTH.atDay(1).toString(), "termMonths", 12, "noticeMonths", 1))
                .post("/api/agreements").then().statusCode(201).extract().path("id");
        String etag = Clients.supplier(SUPPLIER).get("/api/agreements/" + agreement).then().statusCode(200).extract().header("ETag");
        Clients.supplier(SUPPLIER).header("If-Match", etag).post("/api/agreements/" + agreement + "/acceptance").then().statusCode(200);
        // billing learns the agreement from its events; a run then invoices the month
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String run = Clients.operator().contentType(ContentType.JSON).body(Map.of("month", MONTH.toString()))
                    .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
            await().atMost(Duration.ofMinutes(1)).until(() -> !"RUNNING".equals(Clients.operator().get(run).path("status")));
            List<String> ids = Clients.ccg(CCG).get("/api/invoices?month=" + MONTH).then().statusCode(200).extract().path("items.id");
            invoice = ids.isEmpty() ? null : ids.get(0);
            return invoice != null;
        });
        Clients.operator().contentType(ContentType.JSON).body(Map.of("code", CCG, "name", "Security Test CCG"))
                .post("/api/ccgs").then().statusCode(201);
        locality = String.valueOf(((Number) Clients.ccg(CCG).contentType(ContentType.JSON).body(Map.of("name", "North"))
                .post("/api/ccgs/" + CCG + "/localities").then().statusCode(201).extract().path("id")).longValue());
        careContract = Clients.ccg(CCG).contentType(ContentType.JSON).body("""
                {"ccgCode": "%s", "model": "SINGLE", "pathway": "MSK", "annualValue": "1000000.00", "periodsPerYear": 4,
                 "startDate": "%s", "years": 2, "outcomeSharePercent": "10",
                 "providers": [{"code": "%s", "role": "LEAD", "sharePercent": "100"}],
                 "measures": [{"code": "WAIT", "description": "weeks waited", "baseline": "18", "target": "12", "weightPercent": "100",
                               "direction": "LOWER_IS_BETTER"}]}""".formatted(CCG, MONTH.atDay(1), SUPPLIER))
                .post("/api/care-contracts").then().statusCode(201).extract().path("id");
    }

    /** API1 Broken object level authorisation: every resource with an id, read and changed by another organisation. */
    @Test
    void anotherCcgOrSupplierCannotReachAnObjectByItsId() {
        List<Function<RequestSpecification, Response>> attempts = List.of(
                as -> as.get("/api/agreements/" + agreement),
                as -> as.get("/api/agreements/" + agreement + "/versions"),
                as -> as.header("If-Match", "\"1\"").post("/api/agreements/" + agreement + "/acceptance"),
                as -> as.header("If-Match", "\"1\"").post("/api/agreements/" + agreement + "/withdrawal"),
                as -> as.get("/api/invoices/" + invoice),
                as -> as.get("/api/invoices/" + invoice + "/apportionment"),
                as -> as.get("/api/invoices/" + invoice + "/credit-notes"),
                as -> as.contentType(ContentType.JSON).body(Map.of("reason", "not ours")).post("/api/invoices/" + invoice + "/dispute"),
                as -> as.contentType(ContentType.JSON).body(Map.of("invoiceId", invoice, "amount", "1.00", "receivedOn", MONTH.atDay(1).toString()))
                        .post("/api/payments"),
                as -> as.get("/api/care-contracts/" + careContract),
                as -> as.contentType(ContentType.JSON).body(Map.of("actuals", Map.of("WAIT", 12)))
                        .post("/api/care-contracts/" + careContract + "/periods/1/results"),
                as -> as.get("/api/care-contracts/" + careContract + "/periods/1/results"),
                as -> as.post("/api/care-contracts/" + careContract + "/periods/1/results/1/agreement"),
                as -> as.contentType(ContentType.JSON).body(Map.of("reason", "not ours"))
                        .post("/api/care-contracts/" + careContract + "/periods/1/results/1/dispute"),
                as -> as.post("/api/care-contracts/" + careContract + "/periods/1/determination"),
                as -> as.get("/api/care-contracts/" + careContract + "/history"));
        for (Supplier<RequestSpecification> other : List.<Supplier<RequestSpecification>>of(() -> Clients.ccg(OTHER_CCG),
                () -> Clients.supplier(OTHER_SUPPLIER))) {
            for (var attempt : attempts) {
                attempt.apply(other.get()).then().statusCode(anyOf(equalTo(403), equalTo(404))).contentType("application/problem+json");
            }
        }
        // a locality lives under its CCG: another CCG reaches it neither under its own code nor under the owner's
        Clients.ccg(OTHER_CCG).get("/api/ccgs/" + OTHER_CCG + "/localities/" + locality).then().statusCode(404);
        Clients.ccg(OTHER_CCG).get("/api/ccgs/" + CCG + "/localities/" + locality).then().statusCode(anyOf(equalTo(403), equalTo(404)));
        Clients.ccg(OTHER_CCG).header("If-Match", "\"1\"").contentType(ContentType.JSON).body(Map.of("name", "Taken"))
                .patch("/api/ccgs/" + CCG + "/localities/" + locality).then().statusCode(anyOf(equalTo(403), equalTo(404)));
        Clients.ccg(OTHER_CCG).get("/api/statements/ccgs/" + CCG).then().statusCode(anyOf(equalTo(403), equalTo(404)));
        Clients.supplier(OTHER_SUPPLIER).get("/api/statements/suppliers/" + SUPPLIER).then().statusCode(anyOf(equalTo(403), equalTo(404)));
        // and nothing was changed by the attempts
        Clients.ccg(CCG).get("/api/agreements/" + agreement).then().statusCode(200).body("status", equalTo("ACTIVE"));
        Clients.ccg(CCG).get("/api/invoices/" + invoice).then().statusCode(200).body("status", equalTo("ISSUED"));
        Clients.ccg(CCG).get("/api/ccgs/" + CCG + "/localities/" + locality).then().statusCode(200).body("name", equalTo("North"));
        // while the owners do reach them
        Clients.supplier(SUPPLIER).get("/api/invoices/" + invoice).then().statusCode(200);
        Clients.ccg(CCG).get("/api/care-contracts/" + careContract).then().statusCode(200);
    }

    /** API2 Broken authentication: no token, a forged one, alg none, a wrong issuer; at the gateway and at a service directly. */
    @Test
    void onlyTokensTheGatewaySignedAreAccepted() {
        Clients.anonymous().get("/api/agreements").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json");
        // signed by another key, with another issuer (the test keys): refused by the gateway and by the service itself
        String forged = Tokens.token("forger", "operator", null);
        Clients.anonymous().auth().oauth2(forged).get("/api/agreements").then().statusCode(401);
        given().baseUri(Stack.get().serviceUrl("contracts").toString()).auth().oauth2(forged).get("/api/agreements").then().statusCode(401);
        // the gateway's own token with its signature removed and alg none
        String real = Stack.token(uk.csx.localstack.DemoClients.OPERATOR);
        String[] parts = real.split("\\.");
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        Clients.anonymous().auth().oauth2(header + "." + parts[1] + ".").get("/api/agreements").then().statusCode(401);
        given().baseUri(Stack.get().serviceUrl("contracts").toString()).auth().oauth2(header + "." + parts[1] + ".")
                .get("/api/agreements").then().statusCode(401);
        // a wrong secret gets no token, and says nothing about whether the client exists
        String unknown = tokenError("nobody", "whatever-secret-000");
        String wrong = tokenError(uk.csx.localstack.DemoClients.OPERATOR.clientId(), "whatever-secret-000");
        assertEquals(unknown, wrong);
    }

    private static String tokenError(String clientId, String secret) {
        return Clients.anonymous().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", secret).post("/oauth2/token")
                .then().statusCode(401).extract().asString();
    }

    /** API3 Broken object property level authorisation: mass assignment is ignored; lists hold only the caller's objects. */
    @Test
    void fieldsACallerMayNotSetAreIgnoredAndListsHoldOnlyTheCallersObjects() {
        JsonPath offer = Clients.supplier(SUPPLIER).get("/api/offers?supplier=" + SUPPLIER).then().statusCode(200).extract().jsonPath();
        long offerId = offer.getLong("[0].id");
        // fields a caller may not set are ignored, not applied: the agreement is a draft of the offer's supplier at its price
        JsonPath drafted = Clients.ccg(OTHER_CCG).contentType(ContentType.JSON).body(Map.of("ccgCode", OTHER_CCG, "offerId", offerId,
                        "purchaseOrderNumber", "PO-MASS", "startDate", MONTH.plusMonths(1).atDay(1).toString(), "termMonths", 12, "noticeMonths", 1,
                        "status", "ACTIVE", "supplierCode", OTHER_SUPPLIER, "unitPrice", "0.01", "version", 99))
                .post("/api/agreements").then().statusCode(201).extract().jsonPath();
        assertEquals("DRAFT", drafted.getString("status"));
        assertEquals(SUPPLIER, drafted.getString("supplierCode"));
        assertEquals(offer.getString("[0].unitPrice"), drafted.getString("unitPrice"));
        assertEquals(0, drafted.getInt("version"));
        // a CCG cannot draft in another CCG's name, nor publish an offer in another supplier's name
        Clients.ccg(OTHER_CCG).contentType(ContentType.JSON).body(Map.of("ccgCode", CCG, "offerId", offerId, "purchaseOrderNumber", "PO-X",
                "startDate", MONTH.plusMonths(1).atDay(1).toString(), "termMonths", 12, "noticeMonths", 1))
                .post("/api/agreements").then().statusCode(anyOf(equalTo(403), equalTo(404)));
        Clients.supplier(OTHER_SUPPLIER).contentType(ContentType.JSON).body(Map.of("supplierCode", SUPPLIER, "serviceLineCode", "IT_SERVICES",
                "basis", "FIXED_ANNUAL", "unitPrice", "1.00", "vatRate", "20", "validFrom", java.time.LocalDate.now().toString(), "description", "undercut"))
                .post("/api/offers").then().statusCode(403);
        // no other organisation's data in a list
        List<String> ccgs = Clients.ccg(OTHER_CCG).get("/api/agreements?limit=200").then().statusCode(200).extract().path("items.ccgCode");
        assertTrue(ccgs.stream().allMatch(OTHER_CCG::equals), "agreements of " + ccgs);
        List<String> invoiceCcgs = Clients.ccg(OTHER_CCG).get("/api/invoices?limit=200").then().statusCode(200).extract().path("items.ccgCode");
        assertTrue(invoiceCcgs.stream().allMatch(OTHER_CCG::equals), "invoices of " + invoiceCcgs);
        List<String> suppliers = Clients.supplier(OTHER_SUPPLIER).get("/api/invoices?limit=200").then().statusCode(200)
                .extract().path("items.supplierCode");
        assertTrue(suppliers.stream().allMatch(OTHER_SUPPLIER::equals), "invoices of " + suppliers);
    }

    /** API4 Unrestricted resource consumption: page size, body size, string length and rate limits. */
    @Test
    void pageBodyAndRateLimitsHold() throws Exception {
        Clients.ccg(CCG).get("/api/agreements?limit=100000").then().statusCode(400).contentType("application/problem+json");
        Clients.operator().contentType(ContentType.JSON).body("{\"name\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}")
                .post("/api/ccgs").then().statusCode(413);
        Clients.ccg(CCG).contentType(ContentType.JSON).body(Map.of("name", "y".repeat(20_000)))
                .post("/api/ccgs/" + CCG + "/localities").then().statusCode(400).contentType("application/problem+json");
        // guessing client secrets at speed: the token endpoint is limited by caller address
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 200 && limited == null; i++) {
            Response r = Clients.anonymous().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                    .formParam("client_id", "guess").formParam("client_secret", "guess-" + i).post("/oauth2/token");
            statuses.add(r.statusCode());
            limited = r.statusCode() == 429 ? r : null;
        }
        assertTrue(limited != null, "no 429 in " + statuses.size() + " guesses");
        limited.then().header("Retry-After", not(nullValue())).header("RateLimit-Remaining", equalTo("0")).contentType("application/problem+json");
        // the other tests of this JVM fetch tokens from the same address: wait for the bucket to refill
        Thread.sleep(6_000);
    }

    /** API5 Broken function level authorisation: CCG and supplier tokens on operator functions. */
    @Test
    void ccgAndSupplierTokensCannotUseOperatorFunctions() {
        for (Supplier<RequestSpecification> notOperator : List.<Supplier<RequestSpecification>>of(() -> Clients.ccg(CCG),
                () -> Clients.supplier(SUPPLIER))) {
            notOperator.get().contentType(ContentType.JSON).body(Map.of("code", "ZZZ", "name", "Not allowed", "kind", "PRIVATE"))
                    .post("/api/suppliers").then().statusCode(403).contentType("application/problem+json");
            notOperator.get().contentType(ContentType.JSON).body(Map.of("month", MONTH.toString())).post("/api/billing-runs").then().statusCode(403);
            notOperator.get().contentType(ContentType.JSON).body(Map.of("code", "ZZZ", "name", "Not allowed")).post("/api/ccgs").then().statusCode(403);
            notOperator.get().contentType("text/csv").body("x").post("/api/ods-imports").then().statusCode(anyOf(equalTo(403), equalTo(415)));
            notOperator.get().contentType(ContentType.JSON).body(Map.of("clientId", "sneaky", "role", "operator", "secret", "sneaky-secret-0001"))
                    .post("/oauth2/clients").then().statusCode(403);
            notOperator.get().get("/api/price-reports?month=" + MONTH).then().statusCode(anyOf(equalTo(403), equalTo(404)));
            notOperator.get().get("/q/metrics").then().statusCode(403).contentType("application/problem+json");
        }
        // no client was registered by the attempts
        Clients.anonymous().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .formParam("client_id", "sneaky").formParam("client_secret", "sneaky-secret-0001").post("/oauth2/token").then().statusCode(401);
    }

    /** API7 Server-side request forgery: the one place the gateway fetches a URL takes a service name, never a URL. */
    @Test
    void theDocumentEndpointFetchesOnlyKnownServices() {
        for (String target : List.of("http:%2F%2F169.254.169.254%2Flatest", "..%2F..%2Fetc%2Fpasswd", "127.0.0.1:5432", "gateway")) {
            Clients.anonymous().urlEncodingEnabled(false).get("/openapi/" + target).then().statusCode(anyOf(equalTo(404), equalTo(400)));
        }
    }

    /** API8 Security misconfiguration: no stack traces, no version headers, CORS closed. */
    @Test
    void errorsRevealNothingAndCorsIsClosed() {
        Response malformed = Clients.ccg(CCG).contentType(ContentType.JSON).body("{\"name\": [1, {").post("/api/ccgs/" + CCG + "/localities");
        malformed.then().statusCode(400).contentType("application/problem+json");
        String body = malformed.asString();
        for (String leak : List.of("Exception", "at uk.csx", "at io.", "org.hibernate", "jackson", "SQL")) {
            assertFalse(body.contains(leak), "the problem reveals '" + leak + "': " + body);
        }
        Response ok = Clients.ccg(CCG).get("/api/agreements");
        for (String header : List.of("X-Powered-By", "X-AspNet-Version")) {
            assertEquals(null, ok.header(header));
        }
        String server = ok.header("Server");
        assertTrue(server == null || !server.matches(".*\\d.*"), "Server header reveals a version: " + server);
        Clients.anonymous().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .options("/api/offers").then().header("Access-Control-Allow-Origin", nullValue());
        Clients.anonymous().header("Origin", "https://evil.example").get("/api/offers").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    /** API9 Improper inventory: every route the gateway serves is documented, and nothing undocumented answers. */
    @Test
    void everyRouteIsDocumentedAndNothingElseAnswers() throws Exception {
        List<String> documented = new ArrayList<>();
        for (String service : List.of("practices", "contracts", "billing")) {
            Map<String, Object> paths = Clients.anonymous().get("/openapi/" + service).then().statusCode(200).extract().path("paths");
            documented.addAll(paths.keySet());
        }
        Map<String, Object> own = Clients.anonymous().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().path("paths");
        documented.addAll(own.keySet());
        // every segment the gateway routes is the start of a documented path
        for (String upstream : routedSegments()) {
            assertTrue(documented.stream().anyMatch(p -> p.startsWith("/api/" + upstream + "/") || p.equals("/api/" + upstream)),
                    "the gateway routes /api/" + upstream + " but no API document describes it");
        }
        // operational endpoints: health (status only) is public, the gateway's metrics need an operator
        Clients.anonymous().get("/q/metrics").then().statusCode(401);
        Clients.operator().get("/q/metrics").then().statusCode(200);
        // undocumented paths get a 404 problem, not an answer
        for (String path : List.of("/api/admin", "/api/internal/outbox", "/api/agreements/" + agreement + "/delete", "/q/dev-ui",
                "/actuator/env", "/api/q/openapi", "/api/ccgs/../q/health")) {
            int status = Clients.operator().get(path).statusCode();
            assertTrue(status == 404 || status == 405, path + " answered " + status);
        }
    }

    /** The segments of the gateway's routing table, as its configuration lists them. */
    private static List<String> routedSegments() throws java.io.IOException {
        java.util.Properties config = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(Stack.get().settings().projectDir().resolve("gateway/src/main/resources/application.properties"))) {
            config.load(in);
        }
        List<String> segments = config.stringPropertyNames().stream().filter(k -> k.matches("gateway\\.upstreams\\.\\w+\\.segments"))
                .flatMap(k -> List.of(config.getProperty(k).split(",")).stream()).toList();
        assertTrue(segments.size() >= 15, "segments " + segments);
        return segments;
    }

    /** API6 and API10: a business flow that must not be repeated is guarded; consumed events are validated (FaultsIT: poison → DLQ). */
    @Test
    void anInvoicedMonthIsNeverInvoicedTwice() {
        String run = Clients.operator().contentType(ContentType.JSON).body(Map.of("month", MONTH.toString()))
                .post("/api/billing-runs").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofMinutes(1)).until(() -> !"RUNNING".equals(Clients.operator().get(run).path("status")));
        List<String> ids = Clients.ccg(CCG).get("/api/invoices?month=" + MONTH).then().statusCode(200).extract().path("items.id");
        assertEquals(List.of(invoice), ids);
        Clients.ccg(CCG).get("/api/invoices/" + invoice).then().body("supplierCode", equalTo(SUPPLIER));
    }

    /**
     * API6 Unrestricted access to sensitive business flows: each flow that changes what someone pays
     * needs the party entitled to drive it (a variation, both parties), stays within its bounds, and
     * a refused attempt changes nothing. docs/reliability.md lists every flow and who may drive it.
     */
    @Test
    void api6MoneyFlowsNeedTheRightPartiesAndStayWithinBounds() {
        Response read = Clients.ccg(CCG).get("/api/agreements/" + agreement);
        String price = read.path("unitPrice");
        String end = read.path("endDate");
        String etag = read.header("ETag");
        // the supplier alone cannot raise the price: its proposal changes nothing until the CCG answers, and it cannot answer it itself
        String proposal = Clients.supplier(SUPPLIER).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("unitPrice", "240000.00", "effectiveFrom", MONTH.atDay(1).toString()))
                .post("/api/agreements/" + agreement + "/variations").then().statusCode(201).body("status", equalTo("PROPOSED")).extract().path("id");
        Clients.ccg(CCG).get("/api/agreements/" + agreement).then().body("unitPrice", equalTo(price));
        String proposalTag = Clients.supplier(SUPPLIER).get("/api/agreements/" + agreement + "/variations/" + proposal).then().extract().header("ETag");
        Clients.supplier(SUPPLIER).header("If-Match", proposalTag).contentType(ContentType.JSON).body("{}")
                .post("/api/agreements/" + agreement + "/variations/" + proposal + "/acceptance").then().statusCode(403);
        // nor can an operator answer for the CCG
        Clients.operator().header("If-Match", proposalTag).contentType(ContentType.JSON).body("{}")
                .post("/api/agreements/" + agreement + "/variations/" + proposal + "/acceptance").then().statusCode(403);
        // not even through the on-behalf endpoint, with a reason: a variation binds only the parties themselves
        Clients.onBehalf().header("If-Match", proposalTag).contentType(ContentType.JSON).body("{}")
                .post("/api/agreements/" + agreement + "/variations/" + proposal + "/acceptance").then().statusCode(403);
        // and "any version" is no answer: a party answers the version it read
        Clients.ccg(CCG).header("If-Match", "*").contentType(ContentType.JSON).body("{}")
                .post("/api/agreements/" + agreement + "/variations/" + proposal + "/acceptance").then().statusCode(428);
        Clients.ccg(CCG).header("If-Match", proposalTag).contentType(ContentType.JSON).body(Map.of("reason", "no"))
                .post("/api/agreements/" + agreement + "/variations/" + proposal + "/rejection").then().statusCode(200);
        Clients.ccg(CCG).get("/api/agreements/" + agreement).then().body("unitPrice", equalTo(price)).body("endDate", equalTo(end));

        // back-dated or unbounded proposals are refused, naming the field
        Clients.ccg(CCG).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("unitPrice", "0.01", "effectiveFrom", MONTH.minusMonths(2).atDay(1).toString()))
                .post("/api/agreements/" + agreement + "/variations").then().statusCode(422).body("errors[0].field", equalTo("effectiveFrom"));
        Clients.supplier(SUPPLIER).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("endDate", "2099-12-31", "effectiveFrom", MONTH.atDay(1).toString()))
                .post("/api/agreements/" + agreement + "/variations").then().statusCode(422).body("errors[0].field", equalTo("endDate"));

        // billing runs only for months of the exchange's life; payments only dated between issue and today; an operator says why
        for (String month : List.of("0000-01", "9999-12")) {
            Clients.operator().contentType(ContentType.JSON).body(Map.of("month", month)).post("/api/billing-runs").then().statusCode(422);
        }
        String balance = Clients.ccg(CCG).get("/api/invoices/" + invoice).path("balance");
        for (String date : List.of("0001-01-01", "9999-12-31")) {
            Clients.supplier(SUPPLIER).contentType(ContentType.JSON).body(Map.of("invoiceId", invoice, "amount", "1.00", "receivedOn", date))
                    .post("/api/payments").then().statusCode(422).body("detail", startsWith("receivedOn"));
        }
        Clients.operator().contentType(ContentType.JSON)
                .body(Map.of("invoiceId", invoice, "amount", "1.00", "receivedOn", java.time.LocalDate.now().toString()))
                .post("/api/payments").then().statusCode(403).body("type", org.hamcrest.Matchers.endsWith("on-behalf-endpoint-required"));
        Clients.ccg(CCG).get("/api/invoices/" + invoice).then().body("balance", equalTo(balance));
        // every change on the record: the rejected proposal, with who made it
        Clients.ccg(CCG).get("/api/agreements/" + agreement + "/history").then().statusCode(200)
                .body("role", org.hamcrest.Matchers.hasItems("supplier", "ccg"));
        Clients.ccg(OTHER_CCG).get("/api/agreements/" + agreement + "/history").then().statusCode(404);

        // care contract results: the provider submits, only the commissioner agrees or disputes, only agreed results are determined,
        // once; an operator acts for either only with a reason
        String results = "/api/care-contracts/" + careContract + "/periods/2/results";
        String determination = "/api/care-contracts/" + careContract + "/periods/2/determination";
        Clients.ccg(CCG).contentType(ContentType.JSON).body(Map.of("actuals", Map.of("WAIT", 12))).post(results).then().statusCode(403);
        Clients.operator().contentType(ContentType.JSON).body(Map.of("actuals", Map.of("WAIT", 12))).post(results).then().statusCode(403)
                .body("type", org.hamcrest.Matchers.endsWith("on-behalf-endpoint-required"));
        int revision = Clients.supplier(SUPPLIER).contentType(ContentType.JSON).body(Map.of("actuals", Map.of("WAIT", 12))).post(results)
                .then().statusCode(201).body("status", equalTo("SUBMITTED")).extract().path("revision");
        Clients.ccg(CCG).post(determination).then().statusCode(422);
        Clients.supplier(SUPPLIER).post(results + "/" + revision + "/agreement").then().statusCode(403);
        Clients.operator().post(results + "/" + revision + "/agreement").then().statusCode(403)
                .body("type", org.hamcrest.Matchers.endsWith("on-behalf-endpoint-required"));
        Clients.ccg(CCG).post(results + "/" + revision + "/agreement").then().statusCode(200).body("status", equalTo("AGREED"));
        Clients.ccg(CCG).post(results + "/" + revision + "/agreement").then().statusCode(409);
        Clients.supplier(SUPPLIER).post(determination).then().statusCode(403);
        Clients.ccg(CCG).post(determination).then().statusCode(201).body("supersedes", org.hamcrest.Matchers.nullValue());
        Clients.ccg(CCG).post(determination).then().statusCode(409);
        Clients.ccg(CCG).get("/api/care-contracts/" + careContract + "/periods/2/determinations").then().body("", org.hamcrest.Matchers.hasSize(1));
    }
}
