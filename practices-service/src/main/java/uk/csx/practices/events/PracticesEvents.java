package uk.csx.practices.events;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The events practices-service publishes on {@code practices.events.v1}, keyed by practice or CCG
 * code, and their payloads (documented in practices-service/asyncapi.yaml).
 */
public final class PracticesEvents {
    public static final String CCG_REGISTERED = "practices.CcgRegistered.v1";
    public static final String LOCALITY_CREATED = "practices.LocalityCreated.v1";
    public static final String LOCALITY_RENAMED = "practices.LocalityRenamed.v1";
    public static final String PRACTICE_REGISTERED = "practices.PracticeRegistered.v1";
    public static final String PRACTICE_UPDATED = "practices.PracticeUpdated.v1";
    public static final String MEMBERSHIP_CHANGED = "practices.MembershipChanged.v1";
    public static final String LIST_SIZE_REPORTED = "practices.ListSizeReported.v1";
    public static final String LIST_SIZE_SNAPSHOT_IMPORTED = "practices.ListSizeSnapshotImported.v1";
    public static final String WEIGHTED_POPULATION_REPORTED = "practices.WeightedPopulationReported.v1";
    public static final String COMMISSIONER_PARENT_CHANGED = "practices.CommissionerParentChanged.v1";
    public static final String COMMISSIONER_RENAMED = "practices.CommissionerRenamed.v1";
    public static final String COMMISSIONER_CLOSED = "practices.CommissionerClosed.v1";
    public static final String COMMISSIONER_SUCCEEDED = "practices.CommissionerSucceeded.v1";

    private PracticesEvents() {
    }

    public record CcgRegistered(String code, String name, String kind, LocalDate openDate, LocalDate closeDate) {
    }

    public record CommissionerRenamed(String code, String name) {
    }

    public record CommissionerClosed(String code, LocalDate closeDate) {
    }

    /** The predecessor's role passes to the successor on the date, for the reason (MERGER, RENAME, ABOLITION, SPLIT). */
    public record CommissionerSucceeded(String predecessorCode, String successorCode, LocalDate effectiveDate, String reason) {
    }

    /** A commissioner's parent (a sub-ICB location's ICB, an ICB's region) from a date; {@code fromParentCode}: the one before, if any. */
    public record CommissionerParentChanged(String code, String fromParentCode, String parentCode, LocalDate effectiveFrom) {
    }

    public record LocalityCreated(long localityId, String ccgCode, String name, String pcnCode) {
    }

    public record LocalityRenamed(long localityId, String ccgCode, String name) {
    }

    public record PracticeChanged(String code, String name, String postcode, String status, int prescribingSetting,
                                  LocalDate openDate, LocalDate closeDate) {
    }

    /** A membership opened, moved or closed: from/to are null where there was or is none. */
    public record MembershipChanged(String practiceCode, String fromCcgCode, Long fromLocalityId, String toCcgCode,
                                    Long toLocalityId, LocalDate effectiveFrom, LocalDate effectiveTo) {
    }

    public record ListSizeReported(String practiceCode, String ccgCode, LocalDate asOf, int patients, BigDecimal weightedPopulation) {
    }

    /**
     * A complete list-size extract as of its date: the practices of the register it holds (sorted), how many, and their
     * patients in total. It replaces what an earlier event said of the same extract date.
     */
    public record ListSizeSnapshotImported(LocalDate extractDate, int practiceCount, long totalPatients, java.util.List<String> practiceCodes) {
    }

    public record WeightedPopulationReported(String practiceCode, String ccgCode, String year, int patients, BigDecimal weightedPopulation) {
    }
}
