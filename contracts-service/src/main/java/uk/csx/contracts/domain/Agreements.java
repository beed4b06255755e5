package uk.csx.contracts.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import uk.csx.contracts.events.ContractsEvents;
import uk.csx.contracts.persistence.AgreementRepository;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.api.Versions;
import uk.csx.platform.events.EventPublisher;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Support agreements through their lifecycle. Every change is checked against the version the
 * caller read (If-Match), keeps a dated version of the terms, and publishes the terms billing
 * charges by, in the same transaction.
 */
@ApplicationScoped
public class Agreements {
    private final AgreementRepository agreements;
    private final Offers offers;
    private final EventPublisher events;
    private final Clock clock;

    public Agreements(AgreementRepository agreements, Offers offers, EventPublisher events) {
        this.agreements = agreements;
        this.offers = offers;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public Agreement get(UUID id) {
        return agreements.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("agreement", id));
    }

    @Transactional
    public Agreement draft(String ccgCode, long offerId, BigDecimal agreedPrice, String poNumber, LocalDate start, int termMonths, int noticeMonths) {
        Offer offer = offers.get(offerId);
        Agreement agreement = Agreement.draft(ccgCode, offer, agreedPrice, poNumber, start, termMonths, noticeMonths);
        agreements.persist(agreement);
        agreements.flush();
        publish(ContractsEvents.AGREEMENT_DRAFTED, agreement, 0, start, offer);
        return agreement;
    }

    @Transactional
    public Agreement accept(UUID id, String ifMatch) {
        Agreement agreement = checked(id, ifMatch);
        agreement.accept();
        return recordVersion(agreement, agreement.startDate(), "signed", ContractsEvents.AGREEMENT_SIGNED);
    }

    @Transactional
    public Agreement withdraw(UUID id, String ifMatch) {
        Agreement agreement = checked(id, ifMatch);
        agreement.withdraw();
        agreements.flush();
        publish(ContractsEvents.AGREEMENT_WITHDRAWN, agreement, 0, agreement.startDate(), offers.get(agreement.offerId()));
        return agreement;
    }

    @Transactional
    public Agreement vary(UUID id, String ifMatch, BigDecimal newPrice, LocalDate newEnd, LocalDate effectiveFrom, String reason) {
        Agreement agreement = checked(id, ifMatch);
        agreement.vary(newPrice, newEnd, effectiveFrom, today());
        return recordVersion(agreement, effectiveFrom, reason == null ? "varied" : reason, ContractsEvents.AGREEMENT_VARIED);
    }

    @Transactional
    public Agreement terminate(UUID id, String ifMatch, LocalDate requestedEnd, String by, String reason) {
        Agreement agreement = checked(id, ifMatch);
        LocalDate end = agreement.terminate(requestedEnd, today(), by, reason);
        return recordVersion(agreement, end, "terminated by " + by + (reason == null ? "" : ": " + reason), ContractsEvents.AGREEMENT_TERMINATED);
    }

    private Agreement checked(UUID id, String ifMatch) {
        Agreement agreement = get(id);
        Versions.requireMatch(ifMatch, agreement.version());
        return agreement;
    }

    private Agreement recordVersion(Agreement agreement, LocalDate effectiveFrom, String reason, String eventType) {
        // the versioned update first: a concurrent change of the same version fails here, as a stale write (412)
        agreements.flush();
        int next = agreements.lastVersionNo(agreement.id()) + 1;
        agreements.getEntityManager().persist(new AgreementVersion(agreement.id(), next, effectiveFrom, agreement.unitPrice(),
                agreement.endDate(), reason));
        agreements.flush();
        publish(eventType, agreement, next, effectiveFrom, offers.get(agreement.offerId()));
        return agreement;
    }

    private void publish(String type, Agreement a, int termsVersion, LocalDate effectiveFrom, Offer offer) {
        events.publish(type, a.id().toString(), new ContractsEvents.AgreementTerms(a.id(), termsVersion, effectiveFrom,
                a.status(today()).name(), a.ccgCode(), a.supplierCode(), a.serviceLineCode(), a.basis().name(), a.unitPrice(),
                a.vatRate(), a.startDate(), a.endDate(), a.negotiated(), offer.unitPrice(), a.poNumber()));
    }
}
