package uk.csx.practices.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.events.EventPublisher;
import uk.csx.practices.events.PracticesEvents;
import uk.csx.practices.persistence.CommissionerRepository;
import uk.csx.practices.persistence.LocalityRepository;
import uk.csx.practices.persistence.MembershipRepository;
import uk.csx.practices.persistence.PracticeRepository;

import java.time.LocalDate;
import java.util.List;

/**
 * Dated membership: a practice belongs to one CCG and at most one of its localities at a time.
 * A move closes the membership held on its date and opens the new one from that date.
 */
@ApplicationScoped
public class Memberships {
    private final MembershipRepository memberships;
    private final PracticeRepository practices;
    private final CommissionerRepository commissioners;
    private final LocalityRepository localities;
    private final EventPublisher events;

    public Memberships(MembershipRepository memberships, PracticeRepository practices, CommissionerRepository commissioners,
                       LocalityRepository localities, EventPublisher events) {
        this.memberships = memberships;
        this.practices = practices;
        this.commissioners = commissioners;
        this.localities = localities;
        this.events = events;
    }

    public List<Membership> history(String practiceCode) {
        requirePractice(practiceCode);
        return memberships.history(practiceCode);
    }

    public Membership on(String practiceCode, LocalDate date) {
        requirePractice(practiceCode);
        return memberships.on(practiceCode, date).orElseThrow(() ->
                ProblemException.notFound("membership of practice " + practiceCode + " on", date));
    }

    /** Moves a practice to a CCG (and optionally one of its localities) from a date. */
    @Transactional
    public Membership move(String practiceCode, String ccgCode, Long localityId, LocalDate from) {
        requirePractice(practiceCode);
        if (commissioners.findByIdOptional(ccgCode).isEmpty()) {
            throw ProblemException.notFound("CCG", ccgCode);
        }
        if (localityId != null && localities.inCcg(ccgCode, localityId).isEmpty()) {
            throw ProblemException.notFound("locality of CCG " + ccgCode, localityId);
        }
        if (memberships.anyStartingAfter(practiceCode, from)) {
            throw ProblemException.conflict("practice " + practiceCode + " has a membership starting after " + from
                    + "; periods may not overlap");
        }
        Membership current = memberships.on(practiceCode, from).orElse(null);
        LocalDate end = null;
        if (current != null) {
            if (current.ccgCode().equals(ccgCode) && java.util.Objects.equals(current.localityId(), localityId)) {
                return current; // nothing changes
            }
            if (!from.isAfter(current.effectiveFrom())) {
                throw ProblemException.conflict("practice " + practiceCode + " already has a membership from "
                        + current.effectiveFrom() + "; a move must start after it");
            }
            end = current.effectiveTo();
            current.endOn(from);
            memberships.flush();
        }
        Membership next = new Membership(practiceCode, ccgCode, localityId, from, end);
        memberships.persist(next);
        memberships.flush();
        events.publish(PracticesEvents.MEMBERSHIP_CHANGED, practiceCode, new PracticesEvents.MembershipChanged(practiceCode,
                current == null ? null : current.ccgCode(), current == null ? null : current.localityId(),
                ccgCode, localityId, from, end));
        return next;
    }

    /** Puts a member practice of the CCG into one of its localities from a date. */
    @Transactional
    public Membership assignToLocality(String ccgCode, long localityId, String practiceCode, LocalDate from) {
        Membership current = memberships.on(practiceCode, from).orElse(null);
        if (current == null || !current.ccgCode().equals(ccgCode)) {
            throw ProblemException.unprocessable("practice " + practiceCode + " is not a member of CCG " + ccgCode + " on " + from);
        }
        return move(practiceCode, ccgCode, localityId, from);
    }

    private void requirePractice(String practiceCode) {
        if (practices.findByIdOptional(practiceCode).isEmpty()) {
            throw ProblemException.notFound("practice", practiceCode);
        }
    }
}
