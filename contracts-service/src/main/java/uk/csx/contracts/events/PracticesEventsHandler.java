package uk.csx.contracts.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import uk.csx.platform.events.CloudEvent;
import uk.csx.platform.events.EventHandler;

import java.util.Set;

/** Keeps contracts-service's projection of commissioners from practices-service's events. */
@ApplicationScoped
public class PracticesEventsHandler implements EventHandler {
    static final String CCG_REGISTERED = "practices.CcgRegistered.v1";

    private final EntityManager entityManager;

    public PracticesEventsHandler(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public String topic() {
        return "practices.events.v1";
    }

    @Override
    public Set<String> types() {
        return Set.of(CCG_REGISTERED);
    }

    @Override
    public void handle(CloudEvent event) {
        entityManager.createNativeQuery("""
                        INSERT INTO ccg_projection (code, name, kind) VALUES (?1, ?2, ?3)
                        ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, updated_at = now()""")
                .setParameter(1, event.data().path("code").asText())
                .setParameter(2, event.data().path("name").asText())
                .setParameter(3, event.data().path("kind").asText())
                .executeUpdate();
    }
}
