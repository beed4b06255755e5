package uk.csx.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.jboss.logging.MDC;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Publishes a domain event the only way the services do: as an outbox row written in the
 * caller's transaction. Nothing reaches Kafka unless that transaction commits; the relay sends it.
 */
@ApplicationScoped
public class EventPublisher {
    public static final String REQUEST_ID_MDC = "requestId";

    private final AgroalDataSource dataSource;
    private final ObjectMapper objectMapper;
    private final EventsConfig config;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    public EventPublisher(AgroalDataSource dataSource, ObjectMapper objectMapper, EventsConfig config,
                          TransactionSynchronizationRegistry transactions, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.objectMapper = objectMapper;
        this.config = config;
        this.transactions = transactions;
        this.relay = relay;
    }

    /** Writes the event to the outbox; must run inside the business transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(String type, String subject, Object data) {
        CloudEvent event = CloudEvent.of(config.source(), type, subject, objectMapper.valueToTree(data));
        Object requestId = MDC.get(REQUEST_ID_MDC);
        // the connection Agroal enlisted in this transaction: the row commits or rolls back with the change
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO outbox_event (id, topic, event_key, event_type, envelope, request_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, event.id());
            insert.setString(2, config.topic());
            insert.setString(3, subject);
            insert.setString(4, type);
            insert.setString(5, objectMapper.writeValueAsString(event));
            insert.setString(6, requestId == null ? null : requestId.toString());
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not write event " + type + " to the outbox", e);
        }
        transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        return event;
    }

    private record WakeRelayOnCommit(OutboxRelay relay) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wake();
            }
        }
    }
}
