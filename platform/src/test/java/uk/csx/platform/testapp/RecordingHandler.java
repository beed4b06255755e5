package uk.csx.platform.testapp;

import uk.csx.platform.api.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.MDC;
import uk.csx.platform.events.CloudEvent;
import uk.csx.platform.events.EventHandler;

import javax.sql.DataSource;
import java.util.Set;

/** Records each applied event as a row; events of type test.Poison.v1 always fail. */
@ApplicationScoped
public class RecordingHandler implements EventHandler {
    @Inject
    DataSource dataSource;

    @Override
    public String topic() {
        return "platform-test.events.v1";
    }

    @Override
    public Set<String> types() {
        return Set.of("test.Happened.v1", "test.Poison.v1");
    }

    @Override
    public void handle(CloudEvent event) {
        if (event.type().equals("test.Poison.v1")) {
            throw new IllegalArgumentException("this event can never be applied");
        }
        try (var c = dataSource.getConnection();
             var insert = c.prepareStatement("INSERT INTO test_effect (event_id, subject, n, request_id) VALUES (?, ?, ?, ?)")) {
            insert.setObject(1, event.id());
            insert.setString(2, event.subject());
            insert.setInt(3, event.data().get("n").asInt());
            Object requestId = MDC.get(RequestIds.MDC_KEY);
            insert.setString(4, requestId == null ? null : requestId.toString());
            insert.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
