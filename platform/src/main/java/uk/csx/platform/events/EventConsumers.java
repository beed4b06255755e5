package uk.csx.platform.events;

import uk.csx.platform.api.RequestIds;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one kafka-clients consumer loop per subscribed topic. Each event is applied and its id
 * written to the inbox in one transaction; the offset is committed after. A redelivered event
 * finds its id in the inbox and changes nothing. A record that cannot be read, or that fails
 * {@code max-attempts} times while the database is reachable, goes to {@code <topic>.dlq}; the
 * loop goes on. While the database is unreachable the loop waits instead: an outage must not
 * send good events to the dead-letter topic.
 */
@ApplicationScoped
public class EventConsumers {
    private static final Logger LOG = Logger.getLogger(EventConsumers.class);
    public static final String DLQ_SUFFIX = ".dlq";

    @Inject
    Instance<EventHandler> handlers;
    @Inject
    KafkaClients kafka;
    @Inject
    EventsConfig config;
    @Inject
    ObjectMapper objectMapper;
    @Inject
    AgroalDataSource dataSource;

    private final List<Loop> loops = new ArrayList<>();
    private KafkaProducer<String, String> deadLetters;
    private boolean stopped;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        // off the start-up path: the service answers (writing events to its outbox) while the Kafka clients connect
        Thread starter = new Thread(this::start, "events-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Creates the topics (then lets the relay send), the dead-letter producer and a consumer loop per subscribed topic. */
    private void start() {
        Map<String, List<EventHandler>> byTopic = new LinkedHashMap<>();
        for (EventHandler handler : handlers) {
            byTopic.computeIfAbsent(handler.topic(), t -> new ArrayList<>()).add(handler);
        }
        Set<String> topics = new LinkedHashSet<>();
        topics.add(config.topic());
        topics.add(config.topic() + DLQ_SUFFIX);
        for (String topic : byTopic.keySet()) {
            topics.add(topic);
            topics.add(topic + DLQ_SUFFIX);
        }
        try {
            kafka.createTopics(topics, config.partitions());
        } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
            // the broker may be down at start; the topics are created when it comes (auto-create) and the loops wait
            LOG.warnf("could not create topics %s now: %s", topics, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            kafka.topicsCreated();
        }
        if (!byTopic.isEmpty()) {
            startLoops(byTopic);
        }
    }

    private synchronized void startLoops(Map<String, List<EventHandler>> byTopic) {
        if (stopped) {
            return;
        }
        deadLetters = kafka.producer(config.source() + "-dead-letters");
        byTopic.forEach((topic, topicHandlers) -> {
            Loop loop = new Loop(topic, topicHandlers);
            loops.add(loop);
            loop.thread.start();
        });
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        loops.forEach(Loop::stop);
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(5));
        }
    }

    /** The topics this service's handlers subscribe to. */
    public Set<String> subscribedTopics() {
        Set<String> topics = new LinkedHashSet<>();
        handlers.forEach(h -> topics.add(h.topic()));
        return topics;
    }

    /**
     * How long ago the event this service is applying (or applied last) was published: while the
     * consumer is behind, the age of the oldest event it has not applied yet.
     */
    public synchronized Duration oldestUnappliedAge(String topic) {
        for (Loop loop : loops) {
            if (loop.topic.equals(topic) && loop.applyingPublishedAt > 0) {
                return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - loop.applyingPublishedAt));
            }
        }
        return Duration.ZERO;
    }

    /** The consumer group of this service's subscription to a topic, e.g. {@code billing-service.contracts.events.v1}. */
    public String groupOf(String topic) {
        return config.consumerGroup() + "." + topic;
    }

    private final class Loop implements Runnable {
        private final String topic;
        private final List<EventHandler> topicHandlers;
        private final KafkaConsumer<String, String> consumer;
        private final Thread thread;
        private volatile boolean running = true;
        /** The publication time of the record being applied or applied last (ms), for the backlog's age. */
        private volatile long applyingPublishedAt;

        Loop(String topic, List<EventHandler> topicHandlers) {
            this.topic = topic;
            this.topicHandlers = topicHandlers;
            // one group per subscription: a consumer never waits on a rebalance caused by another topic's consumer
            this.consumer = kafka.consumer(groupOf(topic), config.consumerGroup() + "-" + topic);
            this.thread = new Thread(this, "events-" + topic);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                consumer.subscribe(List.of(topic));
                while (running) {
                    try {
                        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                        for (ConsumerRecord<String, String> record : records) {
                            applyingPublishedAt = record.timestamp();
                            process(record);
                        }
                        if (!records.isEmpty()) {
                            consumer.commitSync(Duration.ofSeconds(10));
                        }
                    } catch (WakeupException e) {
                        throw e;
                    } catch (KafkaException e) {
                        // the broker is away (e.g. a commit timed out): what was applied is in the inbox, so a
                        // redelivery after the next rebalance changes nothing; keep the loop alive and try again
                        LOG.warnf("consumer of %s: %s; retrying", topic, e.getMessage());
                        Thread.sleep(1_000);
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.errorf(e, "consumer loop of %s stopped", topic);
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        void stop() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void process(ConsumerRecord<String, String> record) throws InterruptedException {
            CloudEvent event;
            try {
                event = objectMapper.readValue(record.value(), CloudEvent.class);
                if (!CloudEvent.SPEC_VERSION.equals(event.specversion()) || event.id() == null || event.type() == null) {
                    throw new IllegalArgumentException("not a CloudEvents 1.0 envelope");
                }
            } catch (Exception e) {
                deadLetter(record, "unreadable: " + e.getMessage());
                return;
            }
            List<EventHandler> interested = topicHandlers.stream().filter(h -> h.types().contains(event.type())).toList();
            if (interested.isEmpty()) {
                return; // unknown types are ignored
            }
            String requestId = header(record, OutboxRelay.REQUEST_ID_HEADER);
            if (requestId != null) {
                MDC.put(RequestIds.MDC_KEY, requestId);
            }
            try {
                int failures = 0;
                while (running) {
                    try {
                        QuarkusTransaction.requiringNew().run(() -> {
                            if (recordInInbox(event)) {
                                interested.forEach(h -> h.handle(event));
                            }
                        });
                        return;
                    } catch (RuntimeException e) {
                        if (!databaseReachable()) {
                            LOG.warnf("database unreachable while applying %s; waiting", event.id());
                            Thread.sleep(1_000);
                            continue;
                        }
                        if (++failures >= config.consumerMaxAttempts()) {
                            LOG.errorf(e, "event %s (%s) failed %d times; sending it to %s%s", event.id(), event.type(), failures, topic, DLQ_SUFFIX);
                            deadLetter(record, e.toString());
                            return;
                        }
                        Thread.sleep(200L * failures);
                    }
                }
            } finally {
                MDC.remove(RequestIds.MDC_KEY);
            }
        }

        /** True when the id was new; false for a redelivery, which then changes nothing. */
        private boolean recordInInbox(CloudEvent event) {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO inbox_event (event_id, topic, event_type) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setObject(1, event.id());
                insert.setString(2, topic);
                insert.setString(3, event.type());
                return insert.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private void deadLetter(ConsumerRecord<String, String> record, String reason) throws InterruptedException {
            ProducerRecord<String, String> dead = new ProducerRecord<>(topic + DLQ_SUFFIX, record.key(), record.value());
            record.headers().forEach(h -> dead.headers().add(h));
            dead.headers().add("dlq-reason", reason.getBytes(StandardCharsets.UTF_8));
            dead.headers().add("dlq-origin", (record.topic() + "/" + record.partition() + "/" + record.offset()).getBytes(StandardCharsets.UTF_8));
            while (running) {
                try {
                    deadLetters.send(dead).get(30, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (e instanceof InterruptedException ie) {
                        throw ie;
                    }
                    LOG.warnf("could not write to %s%s (%s); retrying", topic, DLQ_SUFFIX, e.getMessage());
                    Thread.sleep(1_000);
                }
            }
        }

        private boolean databaseReachable() {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        }

        private String header(ConsumerRecord<String, String> record, String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }
}
