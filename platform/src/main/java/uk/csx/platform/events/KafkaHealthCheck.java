package uk.csx.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.TimeUnit;

/** Readiness: the Kafka broker answers. */
@Readiness
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {
    private final KafkaClients kafka;

    public KafkaHealthCheck(KafkaClients kafka) {
        this.kafka = kafka;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int nodes = kafka.admin().describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
            return HealthCheckResponse.named("Kafka broker").up().withData("nodes", nodes).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("Kafka broker").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
