package uk.csx.acceptance;

import io.restassured.http.ContentType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;
import uk.csx.testsupport.Db;

import java.net.URI;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The invoice-run guard under randomised interleavings (jqwik): two to four runs of one month,
 * started on either of two billing-service processes sharing the database, each after a random
 * delay. Whatever the interleaving: one invoice per account, the runs' counts add up to it, and
 * every supplier's invoice numbers run 1..n in each year without a gap.
 */
class InvoiceRunInterleavingsIT {
    static final String SUPPLIER = "J0J";
    static final int ACCOUNTS = 12;
    // months no other test bills, so that the runs bill only these accounts
    static final YearMonth FIRST = YearMonth.of(2019, 1);
    static final AtomicInteger TRIES = new AtomicInteger();
    static URI[] instances;

    record RunStart(int instance, int delayMillis) {
    }

    /** Twelve CCGs that bought one fixed-fee line from J0J for 2019 and 2020 (expired now, still billable), and a second billing process. */
    @BeforeContainer
    static void twelveAccountsAndTwoBillingProcesses() {
        Clients.registerSupplier(SUPPLIER, "Interleavings Supplier");
        long offer = Clients.publishOffer(SUPPLIER, "INFORMATION_GOVERNANCE", "FIXED_ANNUAL", "6000.00", FIRST.atDay(1).toString());
        for (int i = 0; i < ACCOUNTS; i++) {
            String ccg = String.format("J%02d", i);
            Clients.signedBackdated(ccg, offer, "PO-" + ccg, FIRST.atDay(1).toString(), 24);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> Db.count(Stack.database("billing"),
                "SELECT count(*) FROM billing_agreement WHERE supplier_code = ? AND status = 'EXPIRED'", SUPPLIER) == ACCOUNTS);
        instances = new URI[]{Stack.get().serviceUrl("billing"), Stack.get().startSecondInstance("billing")};
    }

    @Provide
    Arbitrary<RunStart> runStarts() {
        return Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 150)).as(RunStart::new);
    }

    // each try bills a new month of the real stack, so shrinking (which replays tries) is off; jqwik prints the seed
    @Property(tries = 12, shrinking = ShrinkingMode.OFF)
    void anyInterleavingOfRunsMakesOneSetOfInvoicesWithGaplessNumbers(@ForAll @Size(min = 2, max = 4) List<@From("runStarts") RunStart> starts) {
        YearMonth month = FIRST.plusMonths(TRIES.getAndIncrement());
        String token = Clients.operatorToken();
        List<CompletableFuture<String>> runs = starts.stream().map(start -> CompletableFuture.supplyAsync(() -> {
            Pause.millis(start.delayMillis());
            URI instance = instances[start.instance()];
            String run = given().baseUri(instance.toString()).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("month", month.toString())).post("/api/billing-runs").then().statusCode(202).extract().header("Location");
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() ->
                    !"RUNNING".equals(given().baseUri(instance.toString()).auth().oauth2(token).get(run).path("status")));
            given().baseUri(instance.toString()).auth().oauth2(token).get(run).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("COMPLETED"));
            return run.substring(run.lastIndexOf('/') + 1);
        })).toList();
        List<String> runIds = runs.stream().map(CompletableFuture::join).toList();

        String context = month + " with " + starts;
        assertEquals(ACCOUNTS, Db.count(Stack.database("billing"),
                "SELECT count(*) FROM invoice WHERE supplier_code = ? AND CAST(run_id AS TEXT) = ANY (string_to_array(?, ','))",
                SUPPLIER, String.join(",", runIds)), context + ": invoices issued by these runs");
        assertEquals(ACCOUNTS, Db.count(Stack.database("billing"), """
                SELECT count(DISTINCT ccg_code) FROM invoice WHERE supplier_code = ? AND month = CAST(? AS DATE)""", SUPPLIER,
                month.atDay(1).toString()), context);
        assertEquals(ACCOUNTS, Db.count(Stack.database("billing"),
                "SELECT count(*) FROM invoice WHERE supplier_code = ? AND month = CAST(? AS DATE)", SUPPLIER, month.atDay(1).toString()), context);
        // numbers are per supplier and year: 1..n each year
        assertEquals(0, Db.count(Stack.database("billing"), """
                SELECT count(*) FROM (
                  SELECT CAST(split_part(number, '-', 3) AS BIGINT) AS n,
                         row_number() OVER (PARTITION BY split_part(number, '-', 2) ORDER BY CAST(split_part(number, '-', 3) AS BIGINT)) AS expected
                  FROM invoice WHERE supplier_code = ?) numbered
                WHERE n <> expected""", SUPPLIER), context + ": a gap or a double in J0J's invoice numbers");
    }

}
