package uk.csx.acceptance;

import io.restassured.http.ContentType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import uk.csx.testsupport.Db;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected on the real stack: nothing is lost, doubled or leaked. The broker and the
 * database are stopped and started as processes; records are replayed and poisoned on the real topic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    static final String SUPPLIER = "F0F";
    static final String START = YearMonth.now().atDay(1).toString();
    static long offer;

    @BeforeAll
    static void aSupplierWithAnOffer() {
        Clients.registerSupplier(SUPPLIER, "Fault Test Supplier");
        offer = Clients.publishOffer(SUPPLIER, "IT_SERVICES", "FIXED_ANNUAL", "12000.00", java.time.YearMonth.now().atDay(1).toString());
    }

    private static String signedAgreement(String ccg) {
        String id = Clients.ccg(ccg).contentType(ContentType.JSON).body(Map.of("ccgCode", ccg, "offerId", offer, "purchaseOrderNumber",
                "PO-" + ccg, "startDate", START, "termMonths", 12, "noticeMonths", 1)).post("/api/agreements").then().statusCode(201).extract().path("id");
        String etag = Clients.supplier(SUPPLIER).get("/api/agreements/" + id).then().statusCode(200).extract().header("ETag");
        Clients.supplier(SUPPLIER).header("If-Match", etag).post("/api/agreements/" + id + "/acceptance").then().statusCode(200);
        return id;
    }

    private static DataSource billing() {
        return Stack.database("billing");
    }

    /** Waits until billing-service has committed everything on contracts.events.v1. */
    private static void awaitBillingCaughtUp() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.get().kafka().bootstrapServers()))) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("billing-service.contracts.events.v1")
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                IntStream.range(0, 3).forEach(p -> latest.put(new TopicPartition("contracts.events.v1", p), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(e -> committed.containsKey(e.getKey())
                        && committed.get(e.getKey()).offset() >= e.getValue().offset());
            });
        }
    }

    @Test
    @Order(1)
    void whileTheBrokerIsDownWritesSucceedAndEveryEventArrivesOnceAfterIt() throws Exception {
        // a day-rate agreement billing has just applied, to submit usage for during the outage
        long dayRate = Clients.publishOffer(SUPPLIER, "PROCUREMENT", "DAY_RATE", "500.00", java.time.YearMonth.now().atDay(1).toString());
        String usageAgreement = Clients.ccg("F00").contentType(ContentType.JSON).body(Map.of("ccgCode", "F00", "offerId", dayRate,
                "purchaseOrderNumber", "PO-F00", "startDate", START, "termMonths", 12, "noticeMonths", 1)).post("/api/agreements")
                .then().statusCode(201).extract().path("id");
        Clients.supplier(SUPPLIER).header("If-Match", "\"0\"").post("/api/agreements/" + usageAgreement + "/acceptance").then().statusCode(200);
        await().atMost(Duration.ofMinutes(1)).until(() ->
                Db.count(billing(), "SELECT count(*) FROM billing_agreement WHERE agreement_id::text = ?", usageAgreement) == 1);

        Stack.get().kafka().stop();
        List<String> agreements = new ArrayList<>();
        long downSince = System.nanoTime();
        try {
            for (int i = 1; i <= 5; i++) {
                agreements.add(signedAgreement("F0" + i));
            }
            for (int i = 0; i < 3; i++) {
                Clients.supplier(SUPPLIER).contentType(ContentType.JSON).body(Map.of("agreementId", usageAgreement,
                        "month", YearMonth.now().toString(), "days", 1.5)).post("/api/usage").then().statusCode(201);
            }
            // keep it down for a minute, as an outage would
            Thread.sleep(Math.max(0, 60_000 - (System.nanoTime() - downSince) / 1_000_000));
        } finally {
            Stack.get().kafka().start();
        }
        // the five agreements signed during the outage are active in billing (F00's was before it)
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> agreements.stream().allMatch(id ->
                Db.count(billing(), "SELECT count(*) FROM billing_agreement WHERE agreement_id::text = ? AND status = 'ACTIVE'", id) == 1));
        // each of the 10 events (drafted + signed, 5 times) is in billing's inbox exactly once
        List<String> ids = new ArrayList<>();
        for (String agreement : agreements) {
            try (var c = Stack.database("contracts").getConnection();
                 var s = c.prepareStatement("SELECT id::text FROM outbox_event WHERE event_key = ?")) {
                s.setString(1, agreement);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
        }
        assertEquals(10, ids.size());
        assertEquals(3, Db.count(billing(), "SELECT count(*) FROM usage_record WHERE agreement_id::text = ?", usageAgreement));
        // every one of them reaches billing's inbox (where its id is a primary key: applied at most once)
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> ids.stream().allMatch(id ->
                Db.count(billing(), "SELECT count(*) FROM inbox_event WHERE event_id::text = ?", id) == 1));
    }

    @Test
    @Order(2)
    void replayingTheTopicFromOffsetZeroChangesNothing() {
        awaitBillingCaughtUp();
        long agreements = Db.count(billing(), "SELECT count(*) FROM billing_agreement");
        long inbox = Db.count(billing(), "SELECT count(*) FROM inbox_event");
        String snapshot = String.valueOf(Db.longs(billing(), "SELECT sum(terms_version) FROM billing_agreement"));
        List<ConsumerRecord<String, String>> all = uk.csx.testsupport.KafkaTopics.readAll("contracts.events.v1", Stack.get().kafka().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Stack.get().kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (ConsumerRecord<String, String> r : all) {
                producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()));
            }
            producer.flush();
        }
        awaitBillingCaughtUp();
        assertTrue(all.size() > 10);
        assertEquals(agreements, Db.count(billing(), "SELECT count(*) FROM billing_agreement"));
        assertEquals(inbox, Db.count(billing(), "SELECT count(*) FROM inbox_event"));
        assertEquals(snapshot, String.valueOf(Db.longs(billing(), "SELECT sum(terms_version) FROM billing_agreement")));
    }

    @Test
    @Order(3)
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String key = "poison-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Stack.get().kafka().bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("contracts.events.v1", key, "{\"specversion\":\"1.0\",\"id\":\"not-a-uuid\""));
            producer.send(new ProducerRecord<>("contracts.events.v1", key + "-v9", "{\"specversion\":\"9.9\",\"id\":\"" + UUID.randomUUID()
                    + "\",\"type\":\"contracts.AgreementSigned.v1\",\"data\":{}}"));
        }
        String after = signedAgreement("F06");
        await().atMost(Duration.ofMinutes(1)).until(() ->
                Db.count(billing(), "SELECT count(*) FROM billing_agreement WHERE agreement_id::text = ?", after) == 1);
        List<String> dead = uk.csx.testsupport.KafkaTopics.readAll("contracts.events.v1.dlq", Stack.get().kafka().bootstrapServers())
                .stream().map(ConsumerRecord::key).toList();
        assertTrue(dead.contains(key) && dead.contains(key + "-v9"), dead.toString());
    }

    @Test
    @Order(4)
    void twoAnswersWithTheSameETagOneWinsTheOtherGets412() {
        String id = signedAgreement("F07");
        String etag = Clients.ccg("F07").get("/api/agreements/" + id).then().extract().header("ETag");
        // the CCG proposes a new price; the supplier's portal answers it twice at once with the proposal's ETag
        String proposal = Clients.ccg("F07").header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("unitPrice", "11000.00", "effectiveFrom", START)).post("/api/agreements/" + id + "/variations")
                .then().statusCode(201).extract().path("id");
        String proposalTag = Clients.supplier(SUPPLIER).get("/api/agreements/" + id + "/variations/" + proposal).then().statusCode(200)
                .extract().header("ETag");
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> Clients.supplier(SUPPLIER).header("If-Match", proposalTag).contentType(ContentType.JSON)
                    .body("{}").post("/api/agreements/" + id + "/variations/" + proposal + "/acceptance").statusCode()));
        }
        List<Integer> statuses = answers.stream().map(CompletableFuture::join).sorted().toList();
        assertEquals(List.of(200, 412), statuses);
        Clients.ccg("F07").get("/api/agreements/" + id + "/versions").then().body("size()", equalTo(2));
    }

    @Test
    @Order(5)
    void fiftyConcurrentPostsWithOneIdempotencyKeyMakeOneAgreement() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("ccgCode", "F08", "offerId", offer, "purchaseOrderNumber", "PO-IDEM-" + key.substring(0, 8),
                "startDate", START, "termMonths", 12, "noticeMonths", 1);
        var ccg = Clients.ccg("F08"); // the token, once
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<CompletableFuture<Integer>> posts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            posts.add(CompletableFuture.supplyAsync(() -> Clients.ccg("F08").header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body(body).post("/api/agreements").statusCode(), pool));
        }
        List<Integer> statuses = posts.stream().map(CompletableFuture::join).toList();
        pool.shutdown();
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), statuses.toString());
        assertTrue(statuses.contains(201));
        assertEquals(1, Db.count(Stack.database("contracts"), "SELECT count(*) FROM agreement WHERE po_number = ?", "PO-IDEM-" + key.substring(0, 8)));
        String first = ccg.header("Idempotency-Key", key).contentType(ContentType.JSON).body(body).post("/api/agreements")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract().path("id");
        Clients.ccg("F08").get("/api/agreements/" + first).then().statusCode(200);
        Clients.ccg("F08").header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("ccgCode", "F08", "offerId", offer, "purchaseOrderNumber", "PO-OTHER", "startDate", START, "termMonths", 12,
                        "noticeMonths", 1)).post("/api/agreements").then().statusCode(422).contentType("application/problem+json");
    }

    /** 300 CCGs each buying one fixed-fee line from supplier K0K, known to billing. */
    private static void threeHundredAccounts() {
        Clients.registerSupplier("K0K", "Kill Test Supplier");
        long fixed = Clients.publishOffer("K0K", "SERVICE_REDESIGN", "FIXED_ANNUAL", "1200.00", "2025-06-01");
        for (int i = 0; i < 300; i++) {
            String ccg = String.format("K%03d", i);
            Clients.signedBackdated(ccg, fixed, "PO-" + ccg, "2025-06-01", 24);
        }
        await().atMost(Duration.ofMinutes(2)).until(() ->
                Db.count(billing(), "SELECT count(*) FROM billing_agreement WHERE supplier_code = 'K0K' AND status = 'ACTIVE'") == 300);
    }

    private static void assertOneSetOfInvoices(String month, int expected) {
        assertEquals(expected, Db.count(billing(), "SELECT count(*) FROM invoice WHERE supplier_code = 'K0K' AND month = CAST(? AS DATE)", month + "-01"));
        assertEquals(expected, Db.count(billing(), """
                SELECT count(*) FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.supplier_code = 'K0K' AND i.month = CAST(? AS DATE)""",
                month + "-01"));
        List<Long> numbers = Db.longs(billing(), "SELECT CAST(split_part(number, '-', 3) AS BIGINT) FROM invoice WHERE supplier_code = 'K0K' ORDER BY 1");
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(i + 1, numbers.get(i), "K0K invoice numbers must have no gap: " + numbers);
        }
    }

    @Test
    @Order(6)
    void billingKilledInTheMiddleOfARunCompletesAfterARestartWithNoGapOrDouble() {
        threeHundredAccounts();
        String run = Clients.operator().contentType(ContentType.JSON).body(Map.of("month", "2025-06")).post("/api/billing-runs")
                .then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() ->
                Db.count(billing(), "SELECT count(*) FROM invoice WHERE supplier_code = 'K0K'") > 0);
        Stack.get().kill("billing");
        long atKill = Db.count(billing(), "SELECT count(*) FROM invoice WHERE supplier_code = 'K0K'");
        assertTrue(atKill < 300, "the run was killed in its middle: " + atKill + " of 300 invoices");
        Stack.get().restart("billing");
        String again = Clients.operator().contentType(ContentType.JSON).body(Map.of("month", "2025-06")).post("/api/billing-runs")
                .then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                "COMPLETED".equals(Clients.operator().get(again).path("status")));
        Clients.operator().get(again).then().body("alreadyInvoiced", equalTo((int) atKill)).body("invoices", equalTo(300 - (int) atKill));
        assertOneSetOfInvoices("2025-06", 300);
        // the killed run no longer holds its lock: it reports that it was interrupted, not that it is still running
        Clients.operator().get(run).then().body("status", equalTo("INTERRUPTED"));
    }

    @Test
    @Order(7)
    void twoBillingInstancesRunningTheSameMonthAtOnceMakeOneSetOfInvoices() {
        java.net.URI first = Stack.get().serviceUrl("billing");
        java.net.URI second = Stack.get().startSecondInstance("billing");
        String token = Clients.operatorToken();
        List<CompletableFuture<String>> runs = new ArrayList<>();
        for (java.net.URI instance : List.of(first, second)) {
            runs.add(CompletableFuture.supplyAsync(() -> io.restassured.RestAssured.given().baseUri(instance.toString()).auth().oauth2(token)
                    .contentType(ContentType.JSON).body(Map.of("month", "2025-07")).post("/api/billing-runs")
                    .then().statusCode(202).extract().header("Location")));
        }
        for (CompletableFuture<String> run : runs) {
            String location = run.join(); // absolute: each instance answers for its own run
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "COMPLETED".equals(io.restassured.RestAssured.given().auth().oauth2(token).get(location).path("status")));
        }
        assertOneSetOfInvoices("2025-07", 300);
    }

    @Test
    @Order(8)
    void whenTheDatabaseRestartsUnderLoadCallsGet503ThenEveryPaymentLandsOnce() throws Exception {
        Clients.ccg("F01").get("/api/agreements").then().statusCode(200); // its token, while the gateway's database is up
        Clients.supplier("K0K"); // its token, while the gateway's database is up
        List<String> invoices = Db.strings(billing(), """
                SELECT CAST(id AS TEXT) FROM invoice WHERE supplier_code = 'K0K' AND month = DATE '2025-06-01' ORDER BY number LIMIT 40""");
        assertEquals(40, invoices.size());
        var noHang = Clients.noHang(Duration.ofSeconds(30));
        java.util.Set<Integer> statuses = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        // each invoice gets one payment of 1.00 under its own key, retried with that key until it is taken
        java.util.Random spread = new java.util.Random();
        List<CompletableFuture<Void>> payments = invoices.stream().map(invoice -> CompletableFuture.runAsync(() -> {
            // the payments start spread over the first 3 s, so that the load goes on through the outage (0.3 s to 5.3 s)
            Pause.millis(spread.nextInt(3_000));
            String key = UUID.randomUUID().toString();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                var answer = Clients.supplier("K0K").config(noHang).header("Idempotency-Key", key).contentType(ContentType.JSON)
                        .body(Map.of("invoiceId", invoice, "amount", "1.00", "receivedOn", java.time.LocalDate.now().toString())).post("/api/payments");
                statuses.add(answer.statusCode());
                if (answer.statusCode() == 201) {
                    return;
                }
                assertTrue(answer.statusCode() == 503 || answer.statusCode() == 409, "payment answered " + answer.statusCode() + ": " + answer.asString());
                assertTrue(answer.contentType().startsWith("application/problem+json"));
                Pause.millis(300);
            }
            throw new AssertionError("the payment of " + invoice + " never landed");
        }, pool)).toList();
        Pause.millis(300);
        Stack.get().postgres().close();
        try {
            Clients.ccg("F01").config(noHang).get("/api/agreements").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue());
            Pause.millis(5_000);
        } finally {
            Stack.get().postgres().start();
        }
        try {
            CompletableFuture.allOf(payments.toArray(CompletableFuture[]::new)).get(4, java.util.concurrent.TimeUnit.MINUTES);
        } finally {
            pool.shutdown();
            // every service and the gateway report healthy again, none restarted (awaited first: the tests after this one need them)
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Clients.anonymous().get("/q/health").statusCode() == 200 && Clients.ccg("F01").get("/api/agreements").statusCode() == 200);
        }
        assertTrue(statuses.contains(503), "the load met the outage: " + statuses);
        // nothing lost, nothing doubled: each invoice has exactly one payment of 1.00
        assertEquals(40, Db.count(billing(), """
                SELECT count(*) FROM (SELECT invoice_id FROM payment WHERE CAST(invoice_id AS TEXT) = ANY (string_to_array(?, ','))
                GROUP BY invoice_id HAVING count(*) = 1 AND sum(amount_pence) = 100) once""", String.join(",", invoices)));
    }

}
