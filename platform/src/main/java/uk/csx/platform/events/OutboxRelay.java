package uk.csx.platform.events;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends pending outbox rows to Kafka in the order they were written, then marks them sent.
 * Wakes right after a commit that wrote an event, else polls. When the broker is down it backs
 * off and tries the same rows again: an event is never lost; a resend after a partial failure is
 * harmless because consumers are idempotent. One relay per database publishes at a time
 * (an advisory lock), so several instances of a service keep each key's order.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x6373785f72656cL; // "csx_rel"
    static final String REQUEST_ID_HEADER = "x-request-id";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    KafkaClients kafka;
    @Inject
    EventsConfig config;

    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private volatile KafkaProducer<String, String> producer;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            wake();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (producer != null) {
                producer.close(java.time.Duration.ofSeconds(5));
            }
        }
    }

    /** Called after a commit that wrote an event, so it goes out without waiting for the next poll. */
    public void wake() {
        wakeUp.release();
    }

    private void run() {
        // the producer is made here, off the start-up path, once the topics exist (or their creation gave up)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (running && System.nanoTime() < deadline && !kafka.awaitTopics(100, TimeUnit.MILLISECONDS)) {
                // a stop while waiting ends the thread
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!running) {
            return;
        }
        producer = kafka.producer(config.source() + "-outbox-relay");
        long backoffMillis = 0;
        while (running) {
            try {
                if (backoffMillis > 0) {
                    Thread.sleep(backoffMillis);
                }
                int sent = publishBatch();
                backoffMillis = 0;
                if (sent < config.relayBatchSize()) {
                    wakeUp.tryAcquire(config.relayPollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                backoffMillis = Math.min(10_000, Math.max(250, backoffMillis * 2));
                LOG.warnf("outbox relay could not publish (%s); retrying in %d ms", e.getMessage(), backoffMillis);
            }
        }
    }

    /** Publishes up to one batch of pending events; returns how many went out. */
    int publishBatch() throws SQLException, InterruptedException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int sent = publishBatch(connection);
                connection.commit();
                return sent;
            } catch (SQLException | RuntimeException | InterruptedException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private int publishBatch(Connection connection) throws SQLException, InterruptedException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return 0; // another instance is relaying
                }
            }
        }
        List<Long> seqs = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, topic, event_key, envelope, request_id FROM outbox_event WHERE sent_at IS NULL ORDER BY seq LIMIT ?")) {
            select.setInt(1, config.relayBatchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(rs.getString(2), rs.getString(3), rs.getString(4));
                    String requestId = rs.getString(5);
                    if (requestId != null) {
                        record.headers().add(REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
                    }
                    seqs.add(rs.getLong(1));
                    sends.add(producer.send(record));
                }
            }
        }
        if (seqs.isEmpty()) {
            return 0;
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("broker did not acknowledge: " + e.getMessage(), e);
            }
        }
        try (PreparedStatement mark = connection.prepareStatement("UPDATE outbox_event SET sent_at = now() WHERE seq = ANY (?)")) {
            Array array = connection.createArrayOf("bigint", seqs.toArray());
            mark.setArray(1, array);
            mark.executeUpdate();
        }
        return seqs.size();
    }
}
