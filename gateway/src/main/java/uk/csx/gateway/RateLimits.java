package uk.csx.gateway;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/** A token bucket per client (bucket4j), sized by the client's role; anonymous callers by address. */
@ApplicationScoped
public class RateLimits {
    public static final String ANONYMOUS = "anonymous";
    /** The gateway's own endpoints (tokens, client registry, documents), counted by caller address. */
    public static final String OWN_ENDPOINTS = "own-endpoints";

    private final GatewayConfig config;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(GatewayConfig config) {
        this.config = config;
    }

    /** The outcome of taking one token: allowed or not, and what the RateLimit headers report. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds) {
    }

    public Decision take(String role, String caller) {
        GatewayConfig.RateLimit limit = config.rateLimits().getOrDefault(role, config.rateLimits().get(ANONYMOUS));
        Bucket bucket = buckets.computeIfAbsent(role + "/" + caller, key -> Bucket.builder()
                .addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long wait = probe.isConsumed() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        long refill = (long) Math.ceil((double) (limit.capacity() - probe.getRemainingTokens()) / limit.perSecond());
        return new Decision(probe.isConsumed(), limit.capacity(), probe.getRemainingTokens(), probe.isConsumed() ? refill : wait);
    }
}
