package uk.csx.practicesprojection;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import uk.csx.platform.events.CloudEvent;
import uk.csx.platform.events.EventHandler;

import java.time.LocalDate;
import java.util.Set;

/**
 * Keeps a consumer's copy of practices-service's register from {@code practices.events.v1}: CCGs,
 * practices, dated membership, list sizes, the complete list-size extracts (which practices each
 * holds) and weighted populations. Applied once per event by the
 * platform's inbox; each write is an upsert, so the copy converges whatever the redelivery.
 */
@ApplicationScoped
public class PracticesProjection implements EventHandler {
    public static final String TOPIC = "practices.events.v1";

    private final EntityManager em;

    public PracticesProjection(EntityManager em) {
        this.em = em;
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public Set<String> types() {
        return Set.of("practices.CcgRegistered.v1", "practices.PracticeRegistered.v1", "practices.PracticeUpdated.v1",
                "practices.MembershipChanged.v1", "practices.ListSizeReported.v1", "practices.WeightedPopulationReported.v1",
                "practices.LocalityCreated.v1", "practices.LocalityRenamed.v1", "practices.ListSizeSnapshotImported.v1",
                "practices.CommissionerParentChanged.v1");
    }

    @Override
    public void handle(CloudEvent event) {
        JsonNode d = event.data();
        switch (event.type()) {
            case "practices.CcgRegistered.v1" -> em.createNativeQuery("""
                            INSERT INTO pp_ccg (code, name, kind) VALUES (?1, ?2, ?3)
                            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind""")
                    .setParameter(1, d.path("code").asText()).setParameter(2, d.path("name").asText())
                    .setParameter(3, d.path("kind").asText()).executeUpdate();
            case "practices.PracticeRegistered.v1", "practices.PracticeUpdated.v1" -> em.createNativeQuery("""
                            INSERT INTO pp_practice (code, name, status, prescribing_setting) VALUES (?1, ?2, ?3, ?4)
                            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status,
                                prescribing_setting = EXCLUDED.prescribing_setting""")
                    .setParameter(1, d.path("code").asText()).setParameter(2, d.path("name").asText())
                    .setParameter(3, d.path("status").asText()).setParameter(4, d.path("prescribingSetting").asInt()).executeUpdate();
            case "practices.MembershipChanged.v1" -> membershipChanged(d);
            case "practices.CommissionerParentChanged.v1" -> parentChanged(d);
            case "practices.ListSizeSnapshotImported.v1" -> snapshotImported(d);
            case "practices.ListSizeReported.v1" -> em.createNativeQuery("""
                            INSERT INTO pp_list_size (practice_code, as_of, patients) VALUES (?1, ?2, ?3)
                            ON CONFLICT (practice_code, as_of) DO UPDATE SET patients = EXCLUDED.patients""")
                    .setParameter(1, d.path("practiceCode").asText()).setParameter(2, LocalDate.parse(d.path("asOf").asText()))
                    .setParameter(3, d.path("patients").asInt()).executeUpdate();
            case "practices.WeightedPopulationReported.v1" -> em.createNativeQuery("""
                            INSERT INTO pp_weighted_population (practice_code, year, weighted) VALUES (?1, ?2, ?3)
                            ON CONFLICT (practice_code, year) DO UPDATE SET weighted = EXCLUDED.weighted""")
                    .setParameter(1, d.path("practiceCode").asText()).setParameter(2, d.path("year").asText())
                    .setParameter(3, d.path("weightedPopulation").decimalValue()).executeUpdate();
            case "practices.LocalityCreated.v1", "practices.LocalityRenamed.v1" -> em.createNativeQuery("""
                            INSERT INTO pp_locality (id, ccg_code, name) VALUES (?1, ?2, ?3)
                            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name""")
                    .setParameter(1, d.path("localityId").asLong()).setParameter(2, d.path("ccgCode").asText())
                    .setParameter(3, d.path("name").asText()).executeUpdate();
            default -> {
            }
        }
    }

    /**
     * A complete list-size extract: its practices replace whatever an earlier event said of the same extract date, in one
     * multi-row insert (an extract holds about 6,700 practices).
     */
    private void snapshotImported(JsonNode d) {
        LocalDate extractDate = LocalDate.parse(d.path("extractDate").asText());
        JsonNode codes = d.path("practiceCodes");
        em.createNativeQuery("""
                        INSERT INTO pp_list_size_extract (extract_date, practices, total_patients) VALUES (?1, ?2, ?3)
                        ON CONFLICT (extract_date) DO UPDATE SET practices = EXCLUDED.practices, total_patients = EXCLUDED.total_patients""")
                .setParameter(1, extractDate).setParameter(2, codes.size())
                .setParameter(3, d.path("totalPatients").asLong()).executeUpdate();
        em.createNativeQuery("DELETE FROM pp_list_size_extract_practice WHERE extract_date = ?1")
                .setParameter(1, extractDate).executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO pp_list_size_extract_practice (extract_date, practice_code)
                        SELECT DISTINCT CAST(?1 AS date), code FROM jsonb_array_elements_text(CAST(?2 AS jsonb)) AS codes (code)""")
                .setParameter(1, extractDate).setParameter(2, codes.isArray() ? codes.toString() : "[]").executeUpdate();
    }

    /**
     * A commissioner's parent from a date: the parent held then ends on it, and the new one holds until the next
     * change already known (events of one commissioner arrive in order; a redelivery writes the same rows).
     */
    private void parentChanged(JsonNode d) {
        String code = d.path("code").asText();
        LocalDate from = LocalDate.parse(d.path("effectiveFrom").asText());
        em.createNativeQuery("""
                        UPDATE pp_commissioner_parent SET effective_to = ?2 WHERE code = ?1 AND effective_from < ?2
                          AND (effective_to IS NULL OR effective_to > ?2)""")
                .setParameter(1, code).setParameter(2, from).executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO pp_commissioner_parent (code, parent_code, effective_from, effective_to)
                        VALUES (?1, ?3, ?2, (SELECT min(n.effective_from) FROM pp_commissioner_parent n WHERE n.code = ?1 AND n.effective_from > ?2))
                        ON CONFLICT (code, effective_from) DO UPDATE SET parent_code = EXCLUDED.parent_code""")
                .setParameter(1, code).setParameter(2, from).setParameter(3, d.path("parentCode").asText()).executeUpdate();
    }

    /** The new period is written as stated; the period it follows ends where the new one starts. */
    private void membershipChanged(JsonNode d) {
        String practice = d.path("practiceCode").asText();
        LocalDate from = LocalDate.parse(d.path("effectiveFrom").asText());
        LocalDate to = d.path("effectiveTo").isNull() || d.path("effectiveTo").isMissingNode() ? null : LocalDate.parse(d.path("effectiveTo").asText());
        em.createNativeQuery("""
                        UPDATE pp_membership SET effective_to = ?2 WHERE practice_code = ?1 AND effective_from < ?2
                          AND (effective_to IS NULL OR effective_to > ?2)""")
                .setParameter(1, practice).setParameter(2, from).executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO pp_membership (practice_code, effective_from, effective_to, ccg_code, locality_id)
                        VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT (practice_code, effective_from) DO UPDATE SET effective_to = EXCLUDED.effective_to,
                            ccg_code = EXCLUDED.ccg_code, locality_id = EXCLUDED.locality_id""")
                .setParameter(1, practice).setParameter(2, from).setParameter(3, to)
                .setParameter(4, d.path("toCcgCode").asText())
                .setParameter(5, d.path("toLocalityId").isNumber() ? d.path("toLocalityId").asLong() : null)
                .executeUpdate();
    }
}
