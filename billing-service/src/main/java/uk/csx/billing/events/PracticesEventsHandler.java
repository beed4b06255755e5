package uk.csx.billing.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import uk.csx.platform.events.CloudEvent;
import uk.csx.platform.events.EventHandler;
import uk.csx.practicesprojection.PracticesProjection;

import java.util.Set;

/** Opens a billing account for each commissioner practices-service registers. */
@ApplicationScoped
public class PracticesEventsHandler implements EventHandler {
    static final String CCG_REGISTERED = "practices.CcgRegistered.v1";

    private final EntityManager entityManager;

    public PracticesEventsHandler(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public String topic() {
        return PracticesProjection.TOPIC;
    }

    @Override
    public Set<String> types() {
        return Set.of(CCG_REGISTERED);
    }

    @Override
    public void handle(CloudEvent event) {
        entityManager.createNativeQuery("""
                        INSERT INTO billing_account (ccg_code, name) VALUES (?1, ?2)
                        ON CONFLICT (ccg_code) DO UPDATE SET name = EXCLUDED.name""")
                .setParameter(1, event.data().path("code").asText())
                .setParameter(2, event.data().path("name").asText())
                .executeUpdate();
    }
}
