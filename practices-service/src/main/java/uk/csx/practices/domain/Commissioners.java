package uk.csx.practices.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.api.Versions;
import uk.csx.platform.events.EventPublisher;
import uk.csx.practices.events.PracticesEvents;
import uk.csx.practices.persistence.CommissionerParents;
import uk.csx.practices.persistence.CommissionerRepository;

import java.time.LocalDate;
import java.util.List;

/**
 * Registers, renames, closes, re-parents and succeeds commissioners (operators' changes); every
 * change publishes its event in the same transaction. The hierarchy is strict: a sub-ICB location
 * (or CCG) sits under an ICB, an ICB under a region, so a parent can never be its own descendant;
 * a succession that would lead back to its predecessor is refused.
 */
@ApplicationScoped
public class Commissioners {
    private final CommissionerRepository repository;
    private final EventPublisher events;
    private final EntityManager em;

    public Commissioners(CommissionerRepository repository, EventPublisher events, EntityManager em) {
        this.repository = repository;
        this.events = events;
        this.em = em;
    }

    @Transactional
    public Commissioner register(Commissioner commissioner) {
        if (repository.findByIdOptional(commissioner.code()).isPresent()) {
            throw ProblemException.conflict("commissioner " + commissioner.code() + " already exists");
        }
        repository.persist(commissioner);
        events.publish(PracticesEvents.CCG_REGISTERED, commissioner.code(),
                new PracticesEvents.CcgRegistered(commissioner.code(), commissioner.name(),
                        commissioner.kind().name(), commissioner.openDate(), commissioner.closeDate()));
        return commissioner;
    }

    public Commissioner get(String code) {
        return repository.findByIdOptional(code).orElseThrow(() -> ProblemException.notFound("CCG", code));
    }

    @Transactional
    public Commissioner rename(String code, String name, String ifMatch) {
        Commissioner c = get(code);
        Versions.requireMatch(ifMatch, c.version());
        c.rename(name);
        repository.flush();
        events.publish(PracticesEvents.COMMISSIONER_RENAMED, code, new PracticesEvents.CommissionerRenamed(code, name));
        return c;
    }

    @Transactional
    public Commissioner close(String code, LocalDate closeDate, String ifMatch) {
        Commissioner c = get(code);
        Versions.requireMatch(ifMatch, c.version());
        try {
            c.close(closeDate);
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable(e.getMessage());
        }
        repository.flush();
        events.publish(PracticesEvents.COMMISSIONER_CLOSED, code, new PracticesEvents.CommissionerClosed(code, closeDate));
        return c;
    }

    /** A commissioner's parent from a date. */
    public record Parent(String code, String parentCode, LocalDate effectiveFrom) {
    }

    /** Puts the commissioner under a parent of the kind its own kind calls for, from the date; the same parent again changes nothing. */
    @Transactional
    public Parent reparent(String code, String parentCode, LocalDate from) {
        Commissioner child = get(code);
        Commissioner parent = get(parentCode);
        Commissioner.Kind expected = child.parentKind();
        if (expected == null || parent.kind() != expected) {
            throw ProblemException.badRequest("parentCode: a " + child.kind() + " " + (expected == null ? "has no parent"
                    : "sits under an " + expected + "; " + parentCode + " is a " + parent.kind()));
        }
        em.unwrap(Session.class).doReturningWork(c -> CommissionerParents.set(c, code, parentCode, from)).ifPresent(change ->
                events.publish(PracticesEvents.COMMISSIONER_PARENT_CHANGED, code, new PracticesEvents.CommissionerParentChanged(code,
                        change.fromParentCode(), parentCode, from)));
        return new Parent(code, parentCode, from);
    }

    /** A succession, between two known commissioners; the predecessor closes on the date unless it closed earlier. */
    public record Succession(String predecessorCode, String successorCode, LocalDate effectiveDate, String reason) {
    }

    @Transactional
    public Succession succeed(String predecessorCode, String successorCode, LocalDate on, String reason) {
        Commissioner predecessor = get(predecessorCode);
        get(successorCode);
        if (predecessorCode.equals(successorCode)) {
            throw ProblemException.badRequest("successorCode: a commissioner does not succeed itself");
        }
        if (predecessor.openDate() != null && on.isBefore(predecessor.openDate())) {
            throw ProblemException.unprocessable("effectiveDate: " + on + " is before " + predecessorCode + " opened (" + predecessor.openDate() + ")");
        }
        if (successorsOf(successorCode).contains(predecessorCode)) {
            throw ProblemException.conflict(successorCode + " is already succeeded, directly or not, by " + predecessorCode
                    + ": this succession would make a cycle");
        }
        int inserted = em.createNativeQuery("""
                        INSERT INTO commissioner_succession (predecessor_code, successor_code, effective_date, reason) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, predecessorCode).setParameter(2, successorCode).setParameter(3, on).setParameter(4, reason).executeUpdate();
        if (inserted == 0) {
            throw ProblemException.conflict(successorCode + " already succeeds " + predecessorCode);
        }
        if (predecessor.closeDate() == null || predecessor.closeDate().isAfter(on)) {
            predecessor.close(on);
            events.publish(PracticesEvents.COMMISSIONER_CLOSED, predecessorCode, new PracticesEvents.CommissionerClosed(predecessorCode,
                    predecessor.closeDate()));
        }
        events.publish(PracticesEvents.COMMISSIONER_SUCCEEDED, predecessorCode, new PracticesEvents.CommissionerSucceeded(predecessorCode,
                successorCode, on, reason));
        return new Succession(predecessorCode, successorCode, on, reason);
    }

    /** Whether the succession would be new and make no cycle. */
    public boolean canSucceed(String predecessorCode, String successorCode) {
        return !predecessorCode.equals(successorCode) && !successorsOf(successorCode).contains(predecessorCode)
                && !successorsOf(predecessorCode).contains(successorCode);
    }

    /** Every commissioner that succeeds this one, directly or through others. */
    private List<String> successorsOf(String code) {
        @SuppressWarnings("unchecked")
        List<String> codes = em.createNativeQuery("""
                        WITH RECURSIVE later (code) AS (
                          SELECT successor_code FROM commissioner_succession WHERE predecessor_code = ?1
                          UNION
                          SELECT s.successor_code FROM commissioner_succession s JOIN later l ON s.predecessor_code = l.code)
                        SELECT code FROM later""").setParameter(1, code).getResultList();
        return codes;
    }

    /** The successions the commissioner is part of, as predecessor or successor, by date. */
    public List<Succession> successions(String code) {
        get(code);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT predecessor_code, successor_code, effective_date, reason FROM commissioner_succession
                        WHERE predecessor_code = ?1 OR successor_code = ?1 ORDER BY effective_date, predecessor_code, successor_code""")
                .setParameter(1, code).getResultList();
        return rows.stream().map(r -> new Succession((String) r[0], (String) r[1], uk.csx.platform.persistence.NativeValues.localDate(r[2]),
                (String) r[3])).toList();
    }

    /** The successions by which the commissioner was succeeded on or before the date (none: it still stands). */
    public List<Succession> succeededBy(String code, LocalDate date) {
        return successions(code).stream().filter(s -> s.predecessorCode().equals(code) && !s.effectiveDate().isAfter(date)).toList();
    }
}
