package uk.csx.practicesprojection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import uk.csx.platform.persistence.NativeValues;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Populations from the projection, by the design's rule (docs/design.md §4): a commissioner's registered
 * population on a date sums, over the GP practices (prescribing setting 4) that were members on
 * that date, each one's list size in the latest complete extract on or before the date, or a size
 * reported for it alone after that extract; a member absent from the extract (and not reported
 * since) counts 0 and is named as not in the extract. Before any extract is known (no
 * {@code ListSizeSnapshotImported} event yet) each practice's own latest list size counts. An
 * ICB's (a region's) members are those of the commissioners under it on the date.
 */
@ApplicationScoped
public class Populations {
    private static final String MEMBERS = """
            WITH RECURSIVE d AS (SELECT on_date, (SELECT max(x.extract_date) FROM pp_list_size_extract x WHERE x.extract_date <= on_date) AS extract_date
                       FROM (SELECT CAST(?2 AS date) AS on_date) given),
            tree (code) AS (SELECT CAST(?1 AS VARCHAR)
                            UNION
                            SELECT p.code FROM pp_commissioner_parent p JOIN tree t ON p.parent_code = t.code CROSS JOIN d
                            WHERE p.effective_from <= d.on_date AND (p.effective_to IS NULL OR p.effective_to > d.on_date))
            SELECT m.practice_code, m.locality_id, l.name, ls.patients,
                   (SELECT w.weighted FROM pp_weighted_population w WHERE w.practice_code = m.practice_code
                    ORDER BY w.year DESC LIMIT 1) AS weighted,
                   d.extract_date, (xp.practice_code IS NOT NULL) AS in_extract, m.ccg_code
            FROM pp_membership m JOIN pp_practice p ON p.code = m.practice_code AND p.prescribing_setting = 4
            CROSS JOIN d
            LEFT JOIN pp_list_size_extract_practice xp ON xp.extract_date = d.extract_date AND xp.practice_code = m.practice_code
            LEFT JOIN LATERAL (SELECT s.patients FROM pp_list_size s WHERE s.practice_code = m.practice_code AND s.as_of <= d.on_date
                                 AND (d.extract_date IS NULL OR s.as_of > d.extract_date
                                      OR (s.as_of = d.extract_date AND xp.practice_code IS NOT NULL))
                               ORDER BY s.as_of DESC LIMIT 1) ls ON true
            LEFT JOIN pp_locality l ON l.id = m.locality_id
            WHERE m.ccg_code IN (SELECT code FROM tree) AND m.effective_from <= d.on_date AND (m.effective_to IS NULL OR m.effective_to > d.on_date)
            ORDER BY m.practice_code""";

    private final EntityManager em;

    public Populations(EntityManager em) {
        this.em = em;
    }

    /**
     * A member GP practice on a date with the list size that counts for it (null when none is known and no extract is),
     * its weighted population, the extract in effect on the date (null when none) and whether the practice is missing
     * from it: then its patients are 0, unless a size was reported for it alone after the extract. Its commissioner is
     * the one it is a member of: the commissioner asked about, or for an ICB (a region) the one under it.
     */
    public record Member(String practiceCode, Long localityId, String localityName, Integer patients, BigDecimal weighted,
                         LocalDate extractDate, boolean notInExtract, String commissionerCode) {
    }

    /**
     * Registered and weighted population, member GP practices, and the extract in effect (null when none) with the
     * members not in it, which count 0.
     */
    public record Population(long registered, BigDecimal weighted, int memberPractices, LocalDate extractDate,
                             List<String> notInExtract) {
        public Population(long registered, BigDecimal weighted, int memberPractices) {
            this(registered, weighted, memberPractices, null, List.of());
        }
    }

    public List<Member> members(String ccgCode, LocalDate date) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(MEMBERS).setParameter(1, ccgCode).setParameter(2, date).getResultList();
        return rows.stream().map(Populations::member).toList();
    }

    private static Member member(Object[] r) {
        LocalDate extractDate = NativeValues.localDate(r[5]);
        boolean notInExtract = extractDate != null && !Boolean.TRUE.equals(r[6]) && r[3] == null;
        Integer patients = r[3] == null ? (notInExtract ? Integer.valueOf(0) : null) : Integer.valueOf(((Number) r[3]).intValue());
        return new Member((String) r[0], r[1] == null ? null : ((Number) r[1]).longValue(), (String) r[2], patients,
                (BigDecimal) r[4], extractDate, notInExtract, (String) r[7]);
    }

    public Population of(String ccgCode, LocalDate date) {
        List<Member> members = members(ccgCode, date);
        long registered = members.stream().filter(m -> m.patients() != null).mapToLong(Member::patients).sum();
        BigDecimal weighted = members.stream().map(Member::weighted).filter(w -> w != null).reduce(BigDecimal.ZERO, BigDecimal::add);
        LocalDate extractDate = members.stream().map(Member::extractDate).filter(e -> e != null).findFirst().orElse(null);
        List<String> notInExtract = members.stream().filter(Member::notInExtract).map(Member::practiceCode).toList();
        return new Population(registered, weighted, members.size(), extractDate, notInExtract);
    }

    public Optional<String> ccgName(String ccgCode) {
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery("SELECT name FROM pp_ccg WHERE code = ?1").setParameter(1, ccgCode).getResultList();
        return names.stream().findFirst();
    }
}
