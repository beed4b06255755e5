package uk.csx.gateway;

import io.smallrye.health.api.HealthRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Registers one readiness check per upstream: the gateway is ready when every service is. */
@ApplicationScoped
public class UpstreamHealthChecks {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    GatewayConfig config;

    @Inject
    @Readiness
    HealthRegistry readiness;

    void register(@Observes StartupEvent event) {
        config.upstreams().forEach((name, upstream) ->
                readiness.register(name + "-service", () -> check(name + "-service", upstream.url())));
    }

    private HealthCheckResponse check(String name, URI base) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return HealthCheckResponse.named(name).status(response.statusCode() == 200)
                    .withData("url", base.toString()).withData("status", response.statusCode()).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return HealthCheckResponse.named(name).down().withData("url", base.toString())
                    .withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
