package uk.csx.platform.events;

import uk.csx.platform.api.RequestIds;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a domain event the only way the services do: as an outbox row written in the
 * caller's transaction. Nothing reaches Kafka unless that transaction commits; the relay sends it.
 */
@ApplicationScoped
public class EventPublisher {

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

    /** An event to publish: its type, its subject (the aggregate id, also the Kafka key) and its payload. */
    public record Draft(String type, String subject, Object data) {
    }

    /** Writes the event to the outbox; must run inside the business transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(String type, String subject, Object data) {
        return publishAll(List.of(new Draft(type, subject, data))).get(0);
    }

    /** Writes many events to the outbox in one batch (imports), in the given order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<CloudEvent> publishAll(List<Draft> drafts) {
        List<CloudEvent> published = new ArrayList<>(drafts.size());
        if (drafts.isEmpty()) {
            return published;
        }
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        // the connection Agroal enlisted in this transaction: the rows commit or roll back with the change
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO outbox_event (id, topic, event_key, event_type, envelope, request_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Draft draft : drafts) {
                CloudEvent event = CloudEvent.of(config.source(), draft.type(), draft.subject(), objectMapper.valueToTree(draft.data()));
                insert.setObject(1, event.id());
                insert.setString(2, config.topic());
                insert.setString(3, draft.subject());
                insert.setString(4, draft.type());
                insert.setString(5, objectMapper.writeValueAsString(event));
                insert.setString(6, requestId == null ? null : requestId.toString());
                insert.addBatch();
                published.add(event);
            }
            insert.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not write " + drafts.size() + " events to the outbox", e);
        }
        transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        return published;
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
