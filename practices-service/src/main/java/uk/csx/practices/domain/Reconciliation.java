package uk.csx.practices.domain;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.persistence.NativeValues;
import uk.csx.practices.domain.imports.CommissionerHierarchy;
import uk.csx.practices.persistence.MembershipRepository;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Acting on reconciliation warnings (a file's commissioner for a practice that differs from the
 * membership held on the file's date), by group: the practices of one held commissioner that a
 * file puts under one other commissioner on one date. Applying a group moves each practice on
 * that date (history kept), registers the file's commissioner if unknown, and, when every
 * practice of the held commissioner went to that one commissioner, records the succession. One
 * transaction per group; applying a group again changes nothing; a dismissed group is not applied.
 */
@ApplicationScoped
public class Reconciliation {
    private final EntityManager em;
    private final Memberships memberships;
    private final MembershipRepository membershipRepository;
    private final Commissioners commissioners;

    public Reconciliation(EntityManager em, Memberships memberships, MembershipRepository membershipRepository, Commissioners commissioners) {
        this.em = em;
        this.memberships = memberships;
        this.membershipRepository = membershipRepository;
        this.commissioners = commissioners;
    }

    /**
     * A group of warnings: how many practices, their registered patients on the date, its status, and whether applying
     * it moves the whole held commissioner to the file's (no practice it holds stays with it by the files of the date,
     * and no other group of the date sends one elsewhere): then it records a succession.
     */
    public record Group(String heldCcgCode, String fileCcgCode, LocalDate asOf, String status, long practices, long registered,
                        boolean succession) {
    }

    /**
     * Whether some GP practice (prescribing setting 4) a commissioner holds on a date stays with it by a file of that date (the
     * allocation file's sub-ICB location, or a list-size extract's commissioner). Practices no file places (closed, dormant)
     * do not count.
     */
    private static final String SOME_STAY = """
            EXISTS (SELECT 1 FROM membership m JOIN practice p ON p.code = m.practice_code AND p.prescribing_setting = 4
                    WHERE m.ccg_code = %1$s AND m.effective_from <= %2$s AND (m.effective_to IS NULL OR m.effective_to > %2$s)
                      AND (EXISTS (SELECT 1 FROM file_commissioner f WHERE f.practice_code = m.practice_code AND f.as_of = %2$s
                                   AND f.ccg_code = %1$s)
                           OR EXISTS (SELECT 1 FROM list_size l WHERE l.practice_code = m.practice_code AND l.as_of = %2$s
                                      AND l.file_ccg_code = %1$s)))""";

    /** Whether a warning of the date sends a practice of the commissioner to another than this one. */
    private static final String SPLIT = """
            EXISTS (SELECT 1 FROM reconciliation_warning x WHERE x.held_ccg_code = %1$s AND x.as_of = %2$s AND x.file_ccg_code <> %3$s
                    AND x.status <> 'DISMISSED')""";

    /** What applying a group did. */
    public record Applied(String heldCcgCode, String fileCcgCode, LocalDate asOf, int moved, int skipped, boolean fileCommissionerRegistered,
                          boolean succession) {
    }

    /** The groups, optionally of one commissioner (held or file), one import and one status, largest first. */
    public List<Group> groups(String ccg, UUID importId, String status) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT w.held_ccg_code, w.file_ccg_code, w.as_of, w.status, count(*),
                               coalesce(sum((SELECT l.patients FROM list_size l WHERE l.practice_code = w.practice_code AND l.as_of <= w.as_of
                                             ORDER BY l.as_of DESC LIMIT 1)), 0),
                               w.status = 'OPEN' AND w.held_ccg_code IS NOT NULL AND w.held_ccg_code <> w.file_ccg_code
                               AND NOT\s""" + SOME_STAY.formatted("w.held_ccg_code", "w.as_of") + " AND NOT "
                        + SPLIT.formatted("w.held_ccg_code", "w.as_of", "w.file_ccg_code") + " " + """
                        FROM reconciliation_warning w
                        WHERE (CAST(?1 AS TEXT) IS NULL OR w.held_ccg_code = ?1 OR w.file_ccg_code = ?1)
                          AND (CAST(?2 AS UUID) IS NULL OR w.import_id = ?2) AND (CAST(?3 AS TEXT) IS NULL OR w.status = ?3)
                        GROUP BY w.held_ccg_code, w.file_ccg_code, w.as_of, w.status
                        ORDER BY count(*) DESC, w.held_ccg_code, w.file_ccg_code, w.as_of""")
                .setParameter(1, ccg).setParameter(2, importId).setParameter(3, status).getResultList();
        return rows.stream().map(r -> new Group((String) r[0], (String) r[1], NativeValues.localDate(r[2]), (String) r[3],
                ((Number) r[4]).longValue(), ((Number) r[5]).longValue(), Boolean.TRUE.equals(r[6]))).toList();
    }

    /** Applies one group in its own transaction. */
    @Transactional
    public Applied apply(String held, String file, LocalDate asOf) {
        return applyGroup(held, file, asOf);
    }

    /** Applies every open group of an import, each in a transaction of its own. */
    public List<Applied> applyAll(UUID importId) {
        return groups(null, importId, "OPEN").stream()
                .map(g -> QuarkusTransaction.requiringNew().call(() -> applyGroup(g.heldCcgCode(), g.fileCcgCode(), g.asOf()))).toList();
    }

    @Transactional
    public int dismiss(String held, String file, LocalDate asOf, String reason) {
        List<Object[]> warnings = lockGroup(held, file, asOf);
        if (warnings.stream().anyMatch(w -> "APPLIED".equals(w[2]))) {
            throw ProblemException.conflict("this group was applied; its practices have moved");
        }
        return em.createNativeQuery("""
                        UPDATE reconciliation_warning SET status = 'DISMISSED', resolution = ?4, resolved_at = now()
                        WHERE held_ccg_code IS NOT DISTINCT FROM ?1 AND file_ccg_code = ?2 AND as_of = ?3 AND status = 'OPEN'""")
                .setParameter(1, held).setParameter(2, file).setParameter(3, asOf).setParameter(4, reason).executeUpdate();
    }

    /** The group's warnings (id, practice, status), locked: two applications of one group wait for each other. */
    private List<Object[]> lockGroup(String held, String file, LocalDate asOf) {
        @SuppressWarnings("unchecked")
        List<Object[]> warnings = em.createNativeQuery("""
                        SELECT id, practice_code, status FROM reconciliation_warning
                        WHERE held_ccg_code IS NOT DISTINCT FROM ?1 AND file_ccg_code = ?2 AND as_of = ?3 ORDER BY id FOR UPDATE""")
                .setParameter(1, held).setParameter(2, file).setParameter(3, asOf).getResultList();
        if (warnings.isEmpty()) {
            throw ProblemException.notFound("reconciliation group", (held == null ? "(no membership)" : held) + " → " + file + " on " + asOf);
        }
        return warnings;
    }

    private Applied applyGroup(String held, String file, LocalDate asOf) {
        List<Object[]> warnings = lockGroup(held, file, asOf);
        if (warnings.stream().anyMatch(w -> "DISMISSED".equals(w[2]))) {
            throw ProblemException.conflict("this group was dismissed; it is not applied");
        }
        boolean registered = false;
        if (em.find(Commissioner.class, file) == null) {
            // a commissioner the file names that the register does not hold: its kind from the date, its name to be set by an operator
            commissioners.register(new Commissioner(file, "Commissioner " + file, asOf.isBefore(CommissionerHierarchy.JULY_2022)
                    ? Commissioner.Kind.CCG : Commissioner.Kind.SUB_ICB_LOCATION, asOf, null));
            registered = true;
        }
        int moved = 0;
        int skipped = 0;
        for (Object[] w : warnings) {
            if (!"OPEN".equals(w[2])) {
                continue;
            }
            String practice = (String) w[1];
            if (movable(practice, held, asOf)) {
                memberships.move(practice, file, null, asOf);
                markApplied(((Number) w[0]).longValue(), "moved to " + file + " on " + asOf);
                moved++;
            } else {
                skipped++; // its membership changed since the file: the warning stays open for an operator to look at
            }
        }
        boolean succession = held != null && moved > 0 && wholeCommissionerMoved(held, file, asOf);
        if (succession) {
            commissioners.succeed(held, file, asOf, "MERGER");
        }
        return new Applied(held, file, asOf, moved, skipped, registered, succession);
    }

    /** A move on the date is possible: the practice is still held by the group's commissioner then, and nothing starts on or after it. */
    private boolean movable(String practice, String held, LocalDate asOf) {
        var current = membershipRepository.on(practice, asOf).orElse(null);
        return Objects.equals(current == null ? null : current.ccgCode(), held) && !membershipRepository.anyStartingAfter(practice, asOf)
                && (current == null || current.effectiveFrom().isBefore(asOf));
    }

    private void markApplied(long id, String resolution) {
        em.createNativeQuery("UPDATE reconciliation_warning SET status = 'APPLIED', resolution = ?2, resolved_at = now() WHERE id = ?1")
                .setParameter(1, id).setParameter(2, resolution).executeUpdate();
    }

    /**
     * Every practice of the held commissioner the files of the date place went to this one commissioner: none stays with
     * it, no warning of the date sends one elsewhere, and the succession is new and would make no cycle.
     */
    private boolean wholeCommissionerMoved(String held, String file, LocalDate asOf) {
        boolean whole = (Boolean) em.createNativeQuery("SELECT NOT " + SOME_STAY.formatted("?1", "?2") + " AND NOT "
                        + SPLIT.formatted("?1", "?2", "?3"))
                .setParameter(1, held).setParameter(2, asOf).setParameter(3, file).getSingleResult();
        Commissioner predecessor = em.find(Commissioner.class, held);
        return whole && predecessor != null && (predecessor.openDate() == null || !asOf.isBefore(predecessor.openDate()))
                && commissioners.canSucceed(held, file);
    }
}
