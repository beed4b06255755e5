package uk.csx.platform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Settings of the event platform (prefix {@code csx.events}). */
@ConfigMapping(prefix = "csx.events")
public interface EventsConfig {
    /** CloudEvents {@code source} of what this service publishes, e.g. {@code /practices-service}. */
    String source();

    /** The topic this service publishes to, e.g. {@code practices.events.v1}. */
    String topic();

    /** Consumer group of this service. */
    @WithName("consumer-group")
    String consumerGroup();

    @WithDefault("3")
    int partitions();

    @WithName("relay.batch-size")
    @WithDefault("500")
    int relayBatchSize();

    @WithName("relay.poll-interval")
    @WithDefault("PT0.2S")
    Duration relayPollInterval();

    @WithName("consumer.max-attempts")
    @WithDefault("3")
    int consumerMaxAttempts();

    @WithName("enabled")
    @WithDefault("true")
    boolean enabled();
}
