package uk.csx.practicesprojection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Populations from the projection, by the design's rule: a CCG's registered population on a date
 * is the sum of the latest list size (as of that date) of each GP practice (prescribing setting 4)
 * that was a member on that date.
 */
@ApplicationScoped
public class Populations {
    private static final String MEMBERS = """
            SELECT m.practice_code, m.locality_id, l.name,
                   (SELECT s.patients FROM pp_list_size s WHERE s.practice_code = m.practice_code AND s.as_of <= ?2
                    ORDER BY s.as_of DESC LIMIT 1) AS patients,
                   (SELECT w.weighted FROM pp_weighted_population w WHERE w.practice_code = m.practice_code
                    ORDER BY w.year DESC LIMIT 1) AS weighted
            FROM pp_membership m JOIN pp_practice p ON p.code = m.practice_code AND p.prescribing_setting = 4
            LEFT JOIN pp_locality l ON l.id = m.locality_id
            WHERE m.ccg_code = ?1 AND m.effective_from <= ?2 AND (m.effective_to IS NULL OR m.effective_to > ?2)
            ORDER BY m.practice_code""";

    private final EntityManager em;

    public Populations(EntityManager em) {
        this.em = em;
    }

    /** A member GP practice on a date with its latest list size (null when none) and weighted population. */
    public record Member(String practiceCode, Long localityId, String localityName, Integer patients, BigDecimal weighted) {
    }

    public record Population(long registered, BigDecimal weighted, int memberPractices) {
    }

    public List<Member> members(String ccgCode, LocalDate date) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(MEMBERS).setParameter(1, ccgCode).setParameter(2, date).getResultList();
        return rows.stream().map(r -> new Member((String) r[0], r[1] == null ? null : ((Number) r[1]).longValue(), (String) r[2],
                r[3] == null ? null : ((Number) r[3]).intValue(), (BigDecimal) r[4])).toList();
    }

    public Population of(String ccgCode, LocalDate date) {
        List<Member> members = members(ccgCode, date);
        long registered = members.stream().filter(m -> m.patients() != null).mapToLong(Member::patients).sum();
        BigDecimal weighted = members.stream().map(Member::weighted).filter(w -> w != null).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Population(registered, weighted, members.size());
    }

    public Optional<String> ccgName(String ccgCode) {
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery("SELECT name FROM pp_ccg WHERE code = ?1").setParameter(1, ccgCode).getResultList();
        return names.stream().findFirst();
    }
}
