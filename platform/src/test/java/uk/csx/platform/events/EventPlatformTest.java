package uk.csx.platform.events;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.KafkaTopics;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class EventPlatformTest {
    static final String TOPIC = "platform-test.events.v1";

    @Inject
    DataSource dataSource;

    private String subject() {
        return "agg-" + UUID.randomUUID();
    }

    private void publish(String subject, int n, boolean fail, int expectedStatus) {
        given().header("X-Request-Id", "req-" + subject).queryParam("subject", subject).queryParam("n", n).queryParam("fail", fail)
                .post("/test/events").then().statusCode(expectedStatus);
    }

    private long applied(String subject) {
        return Db.count(dataSource, "SELECT count(*) FROM test_effect WHERE subject = ?", subject);
    }

    @Test
    void aCommittedEventIsPublishedAndAppliedOnceWithItsRequestId() {
        String subject = subject();
        publish(subject, 1, false, 202);

        await().atMost(Duration.ofSeconds(20)).until(() -> applied(subject) == 1);
        assertEquals(List.of(0L), Db.longs(dataSource, "SELECT count(*) FROM outbox_event WHERE event_key = ? AND sent_at IS NULL", subject));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM test_effect WHERE subject = ? AND request_id = ?", subject, "req-" + subject));
        ConsumerRecord<String, String> record = KafkaTopics.readAll(TOPIC).stream().filter(r -> subject.equals(r.key())).findFirst().orElseThrow();
        assertTrue(record.value().contains("\"specversion\":\"1.0\""), record.value());
        assertTrue(record.value().contains("\"source\":\"/platform-test\""), record.value());
        assertEquals("req-" + subject, new String(record.headers().lastHeader("x-request-id").value(), StandardCharsets.UTF_8));
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        String rolledBack = subject();
        publish(rolledBack, 1, true, 409);
        String later = subject();
        publish(later, 2, false, 202);

        await().atMost(Duration.ofSeconds(20)).until(() -> applied(later) == 1);
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_key = ?", rolledBack));
        assertEquals(0, applied(rolledBack));
        assertTrue(KafkaTopics.readAll(TOPIC).stream().noneMatch(r -> rolledBack.equals(r.key())));
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        String subject = subject();
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/elsewhere\","
                + "\"type\":\"test.Happened.v1\",\"subject\":\"" + subject + "\",\"time\":\"2026-11-30T10:00:00Z\",\"data\":{\"n\":7},\"extra\":\"ignored\"}";
        KafkaTopics.send(TOPIC, subject, envelope);
        KafkaTopics.send(TOPIC, subject, envelope);
        String sentinel = subject();
        publish(sentinel, 1, false, 202);

        await().atMost(Duration.ofSeconds(20)).until(() -> applied(sentinel) == 1);
        assertEquals(1, applied(subject));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String malformed = subject();
        String unknownVersion = subject();
        String failing = subject();
        KafkaTopics.send(TOPIC, malformed, "{not json");
        KafkaTopics.send(TOPIC, unknownVersion, "{\"specversion\":\"0.3\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"test.Happened.v1\",\"data\":{\"n\":1}}");
        given().queryParam("subject", failing).queryParam("n", 1).queryParam("type", "test.Poison.v1").post("/test/events").then().statusCode(202);
        String after = subject();
        publish(after, 3, false, 202);

        await().atMost(Duration.ofSeconds(30)).until(() -> applied(after) == 1);
        List<String> deadKeys = KafkaTopics.readAll(TOPIC + ".dlq").stream().map(ConsumerRecord::key).toList();
        assertTrue(deadKeys.containsAll(List.of(malformed, unknownVersion, failing)), "dead letters: " + deadKeys);
        assertEquals(0, applied(failing));
    }

    @Test
    void unknownEventTypesAreSkipped() {
        String unknown = subject();
        given().queryParam("subject", unknown).queryParam("n", 1).queryParam("type", "test.SomethingNew.v9").post("/test/events").then().statusCode(202);
        String after = subject();
        publish(after, 1, false, 202);

        await().atMost(Duration.ofSeconds(20)).until(() -> applied(after) == 1);
        assertEquals(0, applied(unknown));
        assertTrue(KafkaTopics.readAll(TOPIC + ".dlq").stream().noneMatch(r -> unknown.equals(r.key())));
    }
}
