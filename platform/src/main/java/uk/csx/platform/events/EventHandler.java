package uk.csx.platform.events;

import java.util.Set;

/**
 * Applies events of one topic to this service's data. The platform calls {@link #handle} inside
 * a transaction that also records the event id in the inbox, so an event is applied once.
 * Types not in {@link #types()} are skipped (consumers ignore unknown event types).
 */
public interface EventHandler {
    String topic();

    Set<String> types();

    void handle(CloudEvent event);
}
