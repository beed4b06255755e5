package uk.csx.practices.domain;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.platform.persistence.NativeValues;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.events.EventPublisher;
import uk.csx.practices.events.PracticesEvents;
import uk.csx.practices.persistence.MembershipRepository;
import uk.csx.practices.persistence.PracticeRepository;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A practice's registered patients as of a date, reported one at a time (bulk files go through the import). */
@ApplicationScoped
public class ListSizes {
    private final EntityManager entityManager;
    private final PracticeRepository practices;
    private final MembershipRepository memberships;
    private final EventPublisher events;

    public ListSizes(EntityManager entityManager, PracticeRepository practices, MembershipRepository memberships, EventPublisher events) {
        this.entityManager = entityManager;
        this.practices = practices;
        this.memberships = memberships;
        this.events = events;
    }

    public record ListSize(String practiceCode, LocalDate asOf, int patients) {
    }

    /** Records the list size; reporting the same figure again changes nothing and publishes nothing. */
    @Transactional
    public boolean report(String practiceCode, LocalDate asOf, int patients) {
        if (practices.findByIdOptional(practiceCode).isEmpty()) {
            throw ProblemException.notFound("practice", practiceCode);
        }
        int changed = entityManager.createNativeQuery("""
                        INSERT INTO list_size (practice_code, as_of, patients) VALUES (?1, ?2, ?3)
                        ON CONFLICT (practice_code, as_of) DO UPDATE SET patients = EXCLUDED.patients
                        WHERE list_size.patients <> EXCLUDED.patients""")
                .setParameter(1, practiceCode).setParameter(2, asOf).setParameter(3, patients).executeUpdate();
        if (changed == 0) {
            return false;
        }
        String ccg = memberships.on(practiceCode, asOf).map(Membership::ccgCode).orElse(null);
        @SuppressWarnings("unchecked")
        List<BigDecimal> weighted = entityManager.createNativeQuery(
                        "SELECT weighted FROM weighted_population WHERE practice_code = ?1 ORDER BY year DESC LIMIT 1")
                .setParameter(1, practiceCode).getResultList();
        events.publish(PracticesEvents.LIST_SIZE_REPORTED, practiceCode, new PracticesEvents.ListSizeReported(
                practiceCode, ccg, asOf, patients, weighted.isEmpty() ? null : weighted.get(0)));
        return true;
    }

    public List<ListSize> history(String practiceCode) {
        if (practices.findByIdOptional(practiceCode).isEmpty()) {
            throw ProblemException.notFound("practice", practiceCode);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                        "SELECT as_of, patients FROM list_size WHERE practice_code = ?1 ORDER BY as_of")
                .setParameter(1, practiceCode).getResultList();
        return rows.stream().map(r -> new ListSize(practiceCode, NativeValues.localDate(r[0]),
                ((Number) r[1]).intValue())).toList();
    }
}
