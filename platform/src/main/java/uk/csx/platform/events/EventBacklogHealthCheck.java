package uk.csx.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The event backlog in the health data: per subscribed topic the events applied, the topic's end,
 * the lag and the age of the oldest unapplied event; the outbox rows not yet published. A backlog
 * does not make the service unready (it still answers, from projections that are catching up), so
 * the check is UP and only reports; an operator or {@code ./run.sh} reads the figures.
 */
@Readiness
@ApplicationScoped
public class EventBacklogHealthCheck implements HealthCheck {
    private final EventBacklog backlog;

    public EventBacklogHealthCheck(EventBacklog backlog) {
        this.backlog = backlog;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("Event backlog").up();
        try {
            EventBacklog.Outbox outbox = backlog.outbox();
            answer.withData("outbox.pending", outbox.pending()).withData("outbox.oldestPendingSeconds", outbox.oldestPendingAge().toSeconds());
        } catch (RuntimeException e) {
            answer.withData("outbox.error", String.valueOf(e.getMessage()));
        }
        try {
            for (EventBacklog.Subscription s : backlog.subscriptions()) {
                answer.withData(s.topic() + ".applied", s.applied())
                        .withData(s.topic() + ".end", s.end())
                        .withData(s.topic() + ".lag", s.lag())
                        .withData(s.topic() + ".oldestUnappliedSeconds", s.oldestUnappliedAge().toSeconds());
            }
        } catch (RuntimeException e) {
            answer.withData("subscriptions.error", String.valueOf(e.getMessage()));
        }
        return answer.build();
    }
}
