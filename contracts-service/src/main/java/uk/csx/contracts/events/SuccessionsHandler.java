package uk.csx.contracts.events;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.contracts.domain.Agreements;
import uk.csx.platform.events.CloudEvent;
import uk.csx.platform.events.EventHandler;
import uk.csx.practicesprojection.PracticesProjection;

import java.time.LocalDate;
import java.util.Set;

/** Novates a commissioner's agreements to its successor when practices-service records a succession. */
@ApplicationScoped
public class SuccessionsHandler implements EventHandler {
    static final String COMMISSIONER_SUCCEEDED = "practices.CommissionerSucceeded.v1";

    private final Agreements agreements;

    public SuccessionsHandler(Agreements agreements) {
        this.agreements = agreements;
    }

    @Override
    public String topic() {
        return PracticesProjection.TOPIC;
    }

    @Override
    public Set<String> types() {
        return Set.of(COMMISSIONER_SUCCEEDED);
    }

    @Override
    public void handle(CloudEvent event) {
        agreements.novate(event.data().path("predecessorCode").asText(), event.data().path("successorCode").asText(),
                LocalDate.parse(event.data().path("effectiveDate").asText()));
    }
}
