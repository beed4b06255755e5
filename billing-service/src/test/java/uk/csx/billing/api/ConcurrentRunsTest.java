package uk.csx.billing.api;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import uk.csx.billing.domain.BillingRuns;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.PracticesEventsFixture;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Randomised interleavings of concurrent runs of one month (2 to 4 runs, each starting after a
 * random delay): whatever the interleaving, one invoice per account and gapless numbers.
 * The seed of each repetition is printed, so a failing interleaving can be replayed.
 */
@QuarkusTest
class ConcurrentRunsTest {
    static final int ACCOUNTS = 20;
    private static boolean seeded;
    private static int month;

    @Inject
    BillingRuns runs;
    @Inject
    DataSource dataSource;

    @BeforeEach
    void twentyAccounts() {
        if (seeded) {
            return;
        }
        for (int i = 0; i < ACCOUNTS; i++) {
            UUID id = UUID.randomUUID();
            String ccg = String.format("C%03d", i);
            PracticesEventsFixture.publish("contracts.events.v1", "/contracts-service", "contracts.AgreementSigned.v1", id.toString(),
                    "{\"agreementId\":\"" + id + "\",\"termsVersion\":1,\"effectiveFrom\":\"2024-01-01\",\"status\":\"ACTIVE\",\"ccgCode\":\"" + ccg
                            + "\",\"supplierCode\":\"C0C\",\"serviceLineCode\":\"IT_SERVICES\",\"basis\":\"FIXED_ANNUAL\",\"unitPrice\":1200.00,"
                            + "\"vatRate\":20,\"startDate\":\"2024-01-01\",\"endDate\":\"2025-01-01\",\"negotiated\":false,"
                            + "\"publishedUnitPrice\":1200.00,\"poNumber\":\"PO-" + ccg + "\"}");
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM billing_agreement WHERE supplier_code = 'C0C'") == ACCOUNTS);
        seeded = true;
    }

    @RepeatedTest(8)
    void concurrentRunsOfAMonthMakeOneSetOfInvoicesWithGaplessNumbers() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        YearMonth billed = YearMonth.of(2024, 1).plusMonths(month++);
        int concurrent = 2 + random.nextInt(3);
        List<CompletableFuture<BillingRuns.Counts>> started = new ArrayList<>();
        for (int r = 0; r < concurrent; r++) {
            long delay = random.nextInt(40);
            started.add(CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                UUID runId = UUID.randomUUID();
                io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> insertRun(runId, billed));
                return runs.run(runId, billed);
            }));
        }
        int issued = started.stream().map(CompletableFuture::join).mapToInt(BillingRuns.Counts::invoices).sum();
        String context = "seed " + seed + ", " + concurrent + " runs of " + billed;
        assertEquals(ACCOUNTS, issued, context);
        assertEquals(ACCOUNTS, Db.count(dataSource, "SELECT count(*) FROM invoice WHERE supplier_code = 'C0C' AND month = CAST(? AS DATE)",
                billed.atDay(1).toString()), context);
        List<Long> numbers = Db.longs(dataSource, "SELECT CAST(split_part(number, '-', 3) AS BIGINT) FROM invoice WHERE supplier_code = 'C0C' ORDER BY 1");
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(i + 1, numbers.get(i), context + ": numbers " + numbers);
        }
    }

    private void insertRun(UUID id, YearMonth month) {
        try (var c = dataSource.getConnection();
             var s = c.prepareStatement("INSERT INTO billing_run (id, month, dry_run, status) VALUES (?, ?, false, 'RUNNING')")) {
            s.setObject(1, id);
            s.setObject(2, month.atDay(1));
            s.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
