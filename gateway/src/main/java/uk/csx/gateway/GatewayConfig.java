package uk.csx.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The routing table and limits of the gateway (prefix {@code gateway}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {
    /** Upstream services by name, each with the first path segments it owns. */
    Map<String, Upstream> upstreams();

    /** Largest request body forwarded, in bytes. */
    @WithDefault("10485760")
    long maxBodyBytes();

    interface Upstream {
        URI url();

        List<String> segments();

        @WithDefault("PT30S")
        Duration timeout();
    }
}
