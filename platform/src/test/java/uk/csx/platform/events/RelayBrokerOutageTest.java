package uk.csx.platform.events;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import uk.csx.infra.KafkaBroker;
import uk.csx.infra.TestInfrastructure;
import uk.csx.testsupport.Db;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class RelayBrokerOutageTest {
    @Inject
    DataSource dataSource;

    @Test
    void writesSucceedWhileTheBrokerIsDownAndTheRelayCatchesUpInOrder() {
        KafkaBroker broker = TestInfrastructure.get().kafka();
        String subject = "outage-" + UUID.randomUUID();
        broker.stop();
        try {
            for (int n = 1; n <= 20; n++) {
                given().queryParam("subject", subject).queryParam("n", n).post("/test/events").then().statusCode(202);
            }
            assertEquals(20, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_key = ? AND sent_at IS NULL", subject));
        } finally {
            broker.start();
        }

        await().atMost(Duration.ofSeconds(90)).until(() ->
                Db.count(dataSource, "SELECT count(*) FROM test_effect WHERE subject = ?", subject) == 20);
        List<Long> order = Db.longs(dataSource, "SELECT n FROM test_effect WHERE subject = ? ORDER BY seq", subject);
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), order);
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_key = ? AND sent_at IS NULL", subject));
    }
}
