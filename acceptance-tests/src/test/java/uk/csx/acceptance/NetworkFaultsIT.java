package uk.csx.acceptance;

import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import uk.csx.testsupport.Db;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Network faults between a service and PostgreSQL, through a TCP proxy: a contracts-service
 * instance reaches its database only through the proxy, which adds latency, black-holes or
 * resets the connections. A caller always gets an answer (a 503 problem, never a hang) and
 * the instance recovers by itself when the network does. And a frozen broker (SIGSTOP): writes
 * go on into the outbox, and every event arrives once when it thaws.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkFaultsIT {
    // longer than the services' 20 s statement timeout, so that a black hole shows as their 503, not as the client's timeout
    private static final RestAssuredConfig NO_HANG = Clients.noHang(Duration.ofSeconds(60));
    static final String SUPPLIER = "N0N";
    static TcpProxy database;
    static URI contracts;
    static String token;
    static long offer;

    @BeforeAll
    static void aContractsInstanceThatReachesPostgresThroughAProxy() throws Exception {
        URI jdbc = URI.create(Stack.get().jdbcUrl("contracts").substring("jdbc:".length()));
        database = new TcpProxy(jdbc.getPort());
        String proxied = Stack.get().jdbcUrl("contracts").replace(":" + jdbc.getPort() + "/", ":" + database.port() + "/");
        contracts = Stack.get().startSecondInstance("contracts", proxied);
        token = Clients.operatorToken();
        Clients.registerSupplier(SUPPLIER, "Network Faults Supplier");
        offer = Clients.publishOffer(SUPPLIER, "CONTRACT_MANAGEMENT", "FIXED_ANNUAL", "9000.00", java.time.YearMonth.now().atDay(1).toString());
    }

    @AfterAll
    static void networkBackToNormal() {
        database.latency(0);
        database.blackHole(false);
    }

    private static Response agreements() {
        return given().baseUri(contracts.toString()).config(NO_HANG).auth().oauth2(token).get("/api/agreements?limit=5");
    }

    private static void awaitRecovered() {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> agreements().statusCode() == 200);
    }

    @Test
    @Order(1)
    void addedLatencySlowsCallsDownButNoneFails() {
        database.latency(50);
        try {
            for (int i = 0; i < 5; i++) {
                agreements().then().statusCode(200);
            }
        } finally {
            database.latency(0);
        }
    }

    @Test
    @Order(2)
    void aBlackHoledDatabaseGets503NotAHangAndTheServiceRecovers() {
        agreements().then().statusCode(200);
        database.blackHole(true);
        try {
            agreements().then().statusCode(503).contentType("application/problem+json");
        } finally {
            database.blackHole(false);
        }
        awaitRecovered();
    }

    @Test
    @Order(3)
    void resetConnectionsCostAt503AndThenEveryCallSucceeds() {
        agreements().then().statusCode(200);
        database.resetAll();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Response answer = agreements();
            statuses.add(answer.statusCode());
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 503 && answer.contentType().startsWith("application/problem+json"),
                    "after a reset: " + statuses);
        }
        assertEquals(200, statuses.get(statuses.size() - 1), "recovered after a reset: " + statuses);
    }

    @Test
    @Order(4)
    void aWriteCutByAResetIsRetriedWithItsKeyAndLandsOnce() {
        String key = UUID.randomUUID().toString();
        String po = "PO-NET-" + key.substring(0, 8);
        Map<String, Object> body = Map.of("ccgCode", "N01", "offerId", offer, "purchaseOrderNumber", po,
                "startDate", "2031-01-01", "termMonths", 12, "noticeMonths", 1);
        database.latency(20);
        List<Integer> statuses = new ArrayList<>();
        try {
            Thread cut = new Thread(() -> {
                Pause.millis(30);
                database.resetAll();
            });
            cut.start();
            for (int attempt = 0; attempt < 20; attempt++) {
                Response answer = given().baseUri(contracts.toString()).config(NO_HANG).auth().oauth2(token).header("Idempotency-Key", key)
                        .header("X-On-Behalf-Reason", "test data set up by the operator") // the operator drafts in the CCG's place
                        .contentType(ContentType.JSON).body(body).post("/api/on-behalf/agreements");
                statuses.add(answer.statusCode());
                if (answer.statusCode() == 201) {
                    break;
                }
                assertTrue(answer.statusCode() == 503 || answer.statusCode() == 409, "a write across a reset: " + statuses);
                Pause.millis(3_000);
            }
        } finally {
            database.latency(0);
        }
        assertEquals(201, statuses.get(statuses.size() - 1), "the write landed: " + statuses);
        assertEquals(1, Db.count(Stack.database("contracts"), "SELECT count(*) FROM agreement WHERE po_number = ?", po));
    }

    @Test
    @Order(5)
    void aFrozenBrokerDelaysEventsButWritesGoOnAndEveryEventArrivesOnce() throws Exception {
        long broker = Stack.get().kafka().pid();
        List<String> agreements = new ArrayList<>();
        signal("STOP", broker); // the broker keeps its connections but answers nothing, as a hung host would
        long frozenSince = System.nanoTime();
        try {
            for (int i = 1; i <= 3; i++) {
                String ccg = "NF" + i;
                String id = Clients.onBehalf().config(NO_HANG).contentType(ContentType.JSON).body(Map.of("ccgCode", ccg, "offerId", offer,
                        "purchaseOrderNumber", "PO-" + ccg, "startDate", "2031-01-01", "termMonths", 12, "noticeMonths", 1))
                        .post("/api/agreements").then().statusCode(201).extract().path("id");
                Clients.onBehalf().config(NO_HANG).header("If-Match", "\"0\"").post("/api/agreements/" + id + "/acceptance").then().statusCode(200);
                agreements.add(id);
            }
            Pause.millis(Math.max(0, 20_000 - (System.nanoTime() - frozenSince) / 1_000_000));
        } finally {
            signal("CONT", broker);
        }
        // every event of the three agreements (drafted and signed) reaches billing's inbox exactly once
        List<String> events = new ArrayList<>();
        for (String agreement : agreements) {
            events.addAll(Db.strings(Stack.database("contracts"), "SELECT CAST(id AS TEXT) FROM outbox_event WHERE event_key = ?", agreement));
        }
        assertEquals(6, events.size());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> events.stream().allMatch(id ->
                Db.count(Stack.database("billing"), "SELECT count(*) FROM inbox_event WHERE CAST(event_id AS TEXT) = ?", id) == 1));
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor());
    }

}
