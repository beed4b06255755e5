package uk.csx.practices.events;

import java.time.LocalDate;

/** The events practices-service publishes on {@code practices.events.v1} and their payloads. */
public final class PracticesEvents {
    public static final String COMMISSIONER_REGISTERED = "practices.CommissionerRegistered.v1";

    private PracticesEvents() {
    }

    public record CommissionerRegistered(String code, String name, String kind, LocalDate openDate, LocalDate closeDate) {
    }
}
