package uk.csx.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The routing table, authentication, limits and resilience settings of the gateway (prefix {@code gateway}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {
    /** Upstream services by name, each with the first path segments it owns. */
    Map<String, Upstream> upstreams();

    /** First segments whose GETs need no token (the published catalogue). */
    List<String> publicReads();

    /** Token buckets by role ({@code operator}, {@code ccg}, {@code supplier}, {@code anonymous}). */
    Map<String, RateLimit> rateLimits();

    Auth auth();

    /** Largest request body forwarded, in bytes. */
    @WithDefault("10485760")
    long maxBodyBytes();

    interface Upstream {
        URI url();

        List<String> segments();

        /** How long the upstream may take to answer before the caller gets 504. */
        @WithDefault("PT30S")
        Duration timeout();
    }

    interface RateLimit {
        long capacity();

        long perSecond();
    }

    interface Auth {
        String issuer();

        String audience();

        Duration tokenLifetime();

        /** Verify tokens against an external identity provider's JWKS instead of the gateway's own keys. */
        Optional<URI> jwksUrl();

        BootstrapOperator bootstrapOperator();

        interface BootstrapOperator {
            Optional<String> clientId();

            Optional<String> secret();
        }
    }
}
