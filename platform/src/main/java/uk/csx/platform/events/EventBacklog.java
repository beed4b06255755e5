package uk.csx.platform.events;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * How far behind the service is, for its health data, its metrics and anything that must not act on
 * stale projections (an invoice run): per subscribed topic, the consumer group's committed offsets
 * against the topic's end (as {@code kafka-consumer-groups --describe} shows them, whichever replica
 * applied the events), the age of the oldest event not yet applied, and the outbox rows not yet
 * published.
 */
@ApplicationScoped
public class EventBacklog {
    private static final long TIMEOUT_SECONDS = 3;

    private final KafkaClients kafka;
    private final EventConsumers consumers;
    private final AgroalDataSource dataSource;
    private final MeterRegistry meters;
    private volatile Cached cached = new Cached(0, List.of());

    public EventBacklog(KafkaClients kafka, EventConsumers consumers, AgroalDataSource dataSource, MeterRegistry meters) {
        this.kafka = kafka;
        this.consumers = consumers;
        this.dataSource = dataSource;
        this.meters = meters;
    }

    /** One subscription's progress: offsets summed over the topic's partitions. */
    public record Subscription(String topic, String group, long applied, long end, Duration oldestUnappliedAge) {
        public long lag() {
            return Math.max(0, end - applied);
        }
    }

    /** Outbox rows written but not yet published. */
    public record Outbox(long pending, Duration oldestPendingAge) {
    }

    private record Cached(long readAtNanos, List<Subscription> subscriptions) {
    }

    void registerMetrics(@Observes StartupEvent event) {
        for (String topic : consumers.subscribedTopics()) {
            gauge("csx.events.consumer.lag", "events of the topic not yet applied by this service's consumer group", topic,
                    s -> s.lag(), null);
            gauge("csx.events.consumer.oldest.unapplied.age", "seconds since the oldest event not yet applied was published", topic,
                    s -> s.oldestUnappliedAge().toMillis() / 1000.0, "seconds");
        }
        Gauge.builder("csx.events.outbox.pending", this, b -> b.outbox().pending())
                .description("outbox rows not yet published to Kafka").register(meters);
        Gauge.builder("csx.events.outbox.oldest.pending.age", this, b -> b.outbox().oldestPendingAge().toMillis() / 1000.0)
                .description("seconds the oldest unpublished outbox row has waited").baseUnit("seconds").register(meters);
    }

    private void gauge(String name, String description, String topic, ToDoubleFunction<Subscription> value, String unit) {
        Gauge.builder(name, this, b -> b.cachedSubscriptions().stream().filter(s -> s.topic().equals(topic))
                        .mapToDouble(value).findFirst().orElse(Double.NaN))
                .description(description).baseUnit(unit).tag("topic", topic).register(meters);
    }

    /** The subscriptions read at most a second ago: a scrape of every gauge asks Kafka once. */
    private List<Subscription> cachedSubscriptions() {
        Cached c = cached;
        if (System.nanoTime() - c.readAtNanos() > TimeUnit.SECONDS.toNanos(1)) {
            try {
                c = new Cached(System.nanoTime(), subscriptions());
            } catch (RuntimeException e) {
                c = new Cached(System.nanoTime(), List.of());
            }
            cached = c;
        }
        return c.subscriptions();
    }

    /** Every subscription's progress, read from the broker now. */
    public List<Subscription> subscriptions() {
        List<Subscription> found = new ArrayList<>();
        for (String topic : consumers.subscribedTopics()) {
            found.add(subscription(topic));
        }
        return found;
    }

    public Subscription subscription(String topic) {
        String group = consumers.groupOf(topic);
        Map<TopicPartition, Long> end = endOffsets(topic);
        Map<TopicPartition, Long> applied = committedOffsets(group, end);
        long endSum = end.values().stream().mapToLong(Long::longValue).sum();
        long appliedSum = applied.values().stream().mapToLong(Long::longValue).sum();
        Duration age = endSum > appliedSum ? consumers.oldestUnappliedAge(topic) : Duration.ZERO;
        return new Subscription(topic, group, appliedSum, endSum, age);
    }

    /**
     * Waits until this service has applied every event of the topic published before the call
     * (the group's committed offsets reach the end offsets read now); false after the timeout.
     */
    public boolean awaitApplied(String topic, Duration timeout) throws InterruptedException {
        Map<TopicPartition, Long> end = endOffsets(topic);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, Long> applied = committedOffsets(consumers.groupOf(topic), end);
            if (end.entrySet().stream().allMatch(e -> applied.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    public Outbox outbox() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox_event WHERE sent_at IS NULL");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return new Outbox(rs.getLong(1), Duration.ofMillis(Math.round(rs.getDouble(2) * 1000)));
        } catch (SQLException e) {
            throw new IllegalStateException("outbox unreadable: " + e.getMessage(), e);
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        return offsets(topic, OffsetSpec.latest());
    }

    private Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec) {
        try {
            Admin admin = kafka.admin();
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), spec);
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                    : admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
                offsets.put(e.getKey(), e.getValue().offset());
            }
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("offsets of " + topic + " unreadable: " + e.getMessage(), e);
        }
    }

    /** The group's committed offsets; a partition it never committed counts from the log's start. */
    private Map<TopicPartition, Long> committedOffsets(String group, Map<TopicPartition, Long> partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, Long> applied = new HashMap<>();
            Map<TopicPartition, Long> start = null;
            for (TopicPartition tp : partitions.keySet()) {
                OffsetAndMetadata offset = committed.get(tp);
                if (offset == null) {
                    start = start != null ? start : offsets(tp.topic(), OffsetSpec.earliest());
                    applied.put(tp, start.getOrDefault(tp, 0L));
                } else {
                    applied.put(tp, offset.offset());
                }
            }
            return applied;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of " + group, e);
        } catch (Exception e) {
            throw new IllegalStateException("offsets of group " + group + " unreadable: " + e.getMessage(), e);
        }
    }
}
