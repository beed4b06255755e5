package uk.csx.contracts.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import uk.csx.contracts.events.ContractsEvents;
import uk.csx.contracts.persistence.AgreementRepository;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.api.Versions;
import uk.csx.platform.audit.AuditTrail;
import uk.csx.platform.events.EventPublisher;
import uk.csx.platform.persistence.NativeValues;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final AuditTrail audit;

    /** The resource type of agreements in the audit trail. */
    public static final String AUDITED = "agreement";

    public Agreements(AgreementRepository agreements, Offers offers, EventPublisher events, AuditTrail audit) {
        this.audit = audit;
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
    public Agreement draft(String ccgCode, long offerId, BigDecimal agreedPrice, String poNumber, LocalDate start, int termMonths, int noticeMonths,
                           String backdatingReason) {
        Offer offer = offers.get(offerId);
        Agreement agreement = Agreement.draft(ccgCode, offer, agreedPrice, poNumber, start, termMonths, noticeMonths, today(), backdatingReason);
        agreements.persist(agreement);
        agreements.flush();
        publish(ContractsEvents.AGREEMENT_DRAFTED, agreement, 0, start, offer);
        audit.record(AUDITED, agreement.id(), "drafted" + (backdatingReason == null ? "" : " with a back-dated start: " + backdatingReason),
                Map.of(), audited(agreement));
        return agreement;
    }

    @Transactional
    public Agreement accept(UUID id, String ifMatch) {
        Agreement agreement = checked(id, ifMatch);
        Map<String, Object> before = audited(agreement);
        agreement.accept();
        recordVersion(agreement, agreement.startDate(), "signed", ContractsEvents.AGREEMENT_SIGNED);
        audit.record(AUDITED, id, "accepted", before, audited(agreement));
        return agreement;
    }

    /** An operator approves a draft's back-dated start (If-Match on the draft), with a reason. */
    @Transactional
    public Agreement approveBackdating(UUID id, String ifMatch, String operatorClientId, String reason) {
        Agreement agreement = checked(id, ifMatch);
        Map<String, Object> before = audited(agreement);
        agreement.approveBackdating(operatorClientId, reason);
        agreements.flush();
        audit.record(AUDITED, id, "back-dated start approved: " + reason, before, audited(agreement));
        return agreement;
    }

    @Transactional
    public Agreement withdraw(UUID id, String ifMatch) {
        Agreement agreement = checked(id, ifMatch);
        Map<String, Object> before = audited(agreement);
        agreement.withdraw();
        agreements.flush();
        audit.record(AUDITED, id, "withdrawn", before, audited(agreement));
        publish(ContractsEvents.AGREEMENT_WITHDRAWN, agreement, 0, agreement.startDate(), offers.get(agreement.offerId()));
        return agreement;
    }

    /**
     * A party proposes a variation of the terms it read (If-Match on the agreement). Nothing changes
     * until the other party accepts; one open proposal per agreement.
     */
    @Transactional
    public AgreementVariation propose(UUID id, String ifMatch, Party by, String clientId, BigDecimal newPrice, LocalDate newEnd,
                                      LocalDate effectiveFrom, String reason) {
        Agreement agreement = checked(id, ifMatch);
        AgreementVariation open = agreements.openVariation(id);
        if (open != null) {
            throw ProblemException.conflict("agreement " + id + " already has an open variation proposal " + open.id()
                    + "; it must be accepted, rejected or withdrawn first");
        }
        AgreementVariation variation = AgreementVariation.propose(agreement, by, clientId, newPrice, newEnd, effectiveFrom, reason, today());
        agreements.getEntityManager().persist(variation);
        // a concurrent second proposal fails here on the one-open-proposal index (409)
        agreements.flush();
        audit.record(AUDITED, id, "variation " + variation.id() + " proposed by " + by + (reason == null ? "" : ": " + reason), Map.of(),
                proposal(variation));
        return variation;
    }

    public AgreementVariation variation(UUID id, UUID variationId) {
        AgreementVariation variation = agreements.getEntityManager().find(AgreementVariation.class, variationId);
        if (variation == null || !variation.agreementId().equals(id)) {
            throw ProblemException.notFound("variation", variationId);
        }
        return variation;
    }

    public List<AgreementVariation> variations(UUID id) {
        return agreements.variations(id);
    }

    /**
     * The other party accepts the proposal it read (If-Match on the proposal): the agreement takes the
     * new terms from the effective date, checked again as of today, as a new version of the terms, and
     * AgreementVaried is published as before.
     */
    @Transactional
    public AgreementVariation acceptVariation(UUID id, UUID variationId, String ifMatch, Party by, String clientId) {
        AgreementVariation variation = variation(id, variationId);
        Versions.requireMatch(ifMatch, variation.version());
        Agreement agreement = get(id);
        Map<String, Object> before = audited(agreement);
        variation.accept(agreement, by, clientId, today());
        String reason = (variation.reason() == null ? "varied" : variation.reason())
                + " (proposed by " + variation.proposedBy() + ", accepted by " + by + ")";
        recordVersion(agreement, variation.effectiveFrom(), reason, ContractsEvents.AGREEMENT_VARIED);
        variation.producedTermsVersion(agreements.lastVersionNo(id));
        agreements.flush();
        audit.record(AUDITED, id, "variation " + variationId + " accepted by " + by, before, audited(agreement));
        return variation;
    }

    @Transactional
    public AgreementVariation rejectVariation(UUID id, UUID variationId, String ifMatch, Party by, String clientId, String why) {
        AgreementVariation variation = variation(id, variationId);
        Versions.requireMatch(ifMatch, variation.version());
        variation.reject(by, clientId, why);
        agreements.flush();
        audit.record(AUDITED, id, "variation " + variationId + " rejected by " + by + (why == null ? "" : ": " + why), Map.of(), Map.of());
        return variation;
    }

    @Transactional
    public AgreementVariation withdrawVariation(UUID id, UUID variationId, String ifMatch, Party by, String clientId) {
        AgreementVariation variation = variation(id, variationId);
        Versions.requireMatch(ifMatch, variation.version());
        variation.withdraw(by, clientId);
        agreements.flush();
        audit.record(AUDITED, id, "variation " + variationId + " withdrawn by " + by, Map.of(), Map.of());
        return variation;
    }

    @Transactional
    public Agreement terminate(UUID id, String ifMatch, LocalDate requestedEnd, String by, String reason) {
        Agreement agreement = checked(id, ifMatch);
        Map<String, Object> before = audited(agreement);
        LocalDate end = agreement.terminate(requestedEnd, today(), by, reason);
        recordVersion(agreement, end, "terminated by " + by + (reason == null ? "" : ": " + reason), ContractsEvents.AGREEMENT_TERMINATED);
        audit.record(AUDITED, id, "terminated" + (reason == null ? "" : ": " + reason), before, audited(agreement));
        return agreement;
    }

    /** The fields of an agreement whose changes the audit trail keeps. */
    private Map<String, Object> audited(Agreement a) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", a.status(today()).name());
        fields.put("unitPrice", a.unitPrice().toPlainString());
        fields.put("startDate", a.startDate().toString());
        fields.put("endDate", a.endDate().toString());
        fields.put("backdatingApprovedBy", a.backdatingApprovedBy());
        return fields;
    }

    private static Map<String, Object> proposal(AgreementVariation v) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("proposedUnitPrice", v.unitPrice() == null ? null : v.unitPrice().toPlainString());
        fields.put("proposedEndDate", v.endDate() == null ? null : v.endDate().toString());
        fields.put("proposedEffectiveFrom", v.effectiveFrom().toString());
        return fields;
    }

    public List<AuditTrail.Entry> history(UUID id, long after) {
        return audit.history(AUDITED, id, after, 200);
    }

    private Agreement checked(UUID id, String ifMatch) {
        Agreement agreement = get(id);
        Versions.requireMatch(ifMatch, agreement.version());
        return agreement;
    }

    /**
     * A novation of one agreement: the terms version it made, or (null) none, because the successor
     * already holds an agreement for the same line with the same supplier ({@code collidesWith}).
     */
    public record Novation(UUID agreementId, Integer termsVersion, String predecessorCode, String successorCode, LocalDate effectiveFrom,
                           UUID collidesWith) {
    }

    /**
     * A commissioner was succeeded: each of its agreements still running on the date becomes the
     * successor's from that date (or from its start, if later) as a new terms version, reason
     * "novation", and AgreementNovated is published for billing and both parties. Months before stay
     * the predecessor's. Where the successor already buys the same line from the same supplier, the
     * agreement stays where it is and the collision is recorded for an operator: both are kept,
     * never merged. Delivered twice, the second finds nothing left to move and records nothing new.
     */
    @Transactional
    public List<Novation> novate(String predecessor, String successor, LocalDate date) {
        List<Novation> novations = new ArrayList<>();
        for (Agreement agreement : agreements.list("ccgCode = ?1 order by id", predecessor)) {
            if (!agreement.liveOn(date)) {
                continue;
            }
            LocalDate from = agreement.startDate().isAfter(date) ? agreement.startDate() : date;
            UUID collidesWith = agreements.list("ccgCode = ?1 and supplierCode = ?2 and serviceLineCode = ?3 order by id", successor,
                            agreement.supplierCode(), agreement.serviceLineCode()).stream()
                    .filter(other -> other.liveOn(from)).map(Agreement::id).findFirst().orElse(null);
            Integer version = null;
            if (collidesWith == null) {
                agreement.novateTo(successor);
                recordVersion(agreement, from, "novation: " + predecessor + " succeeded by " + successor + " on " + date,
                        ContractsEvents.AGREEMENT_NOVATED, predecessor);
                version = agreements.lastVersionNo(agreement.id());
            }
            int recorded = agreements.getEntityManager().createNativeQuery("""
                            INSERT INTO agreement_novation (agreement_id, predecessor_code, successor_code, effective_from, terms_version,
                                                            colliding_agreement_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                            ON CONFLICT DO NOTHING""")
                    .setParameter(1, agreement.id()).setParameter(2, predecessor).setParameter(3, successor).setParameter(4, from)
                    .setParameter(5, version).setParameter(6, collidesWith).executeUpdate();
            if (recorded == 1) {
                novations.add(new Novation(agreement.id(), version, predecessor, successor, from, collidesWith));
            }
        }
        return novations;
    }

    /** The novations recorded, newest first; with {@code collisionsOnly}, those an operator has to settle. */
    public List<Novation> novations(boolean collisionsOnly) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = agreements.getEntityManager().createNativeQuery("""
                        SELECT agreement_id, terms_version, predecessor_code, successor_code, effective_from, colliding_agreement_id
                        FROM agreement_novation WHERE NOT ?1 OR colliding_agreement_id IS NOT NULL
                        ORDER BY recorded_at DESC, agreement_id LIMIT 500""")
                .setParameter(1, collisionsOnly).getResultList();
        return rows.stream().map(r -> new Novation((UUID) r[0], r[1] == null ? null : ((Number) r[1]).intValue(), (String) r[2], (String) r[3],
                NativeValues.localDate(r[4]), (UUID) r[5])).toList();
    }

    private Agreement recordVersion(Agreement agreement, LocalDate effectiveFrom, String reason, String eventType) {
        return recordVersion(agreement, effectiveFrom, reason, eventType, null);
    }

    private Agreement recordVersion(Agreement agreement, LocalDate effectiveFrom, String reason, String eventType, String predecessor) {
        // the versioned update first: a concurrent change of the same version fails here, as a stale write (412)
        agreements.flush();
        int next = agreements.lastVersionNo(agreement.id()) + 1;
        agreements.getEntityManager().persist(new AgreementVersion(agreement.id(), next, effectiveFrom, agreement.unitPrice(),
                agreement.endDate(), reason));
        agreements.flush();
        publish(eventType, agreement, next, effectiveFrom, offers.get(agreement.offerId()), predecessor);
        return agreement;
    }

    private void publish(String type, Agreement a, int termsVersion, LocalDate effectiveFrom, Offer offer) {
        publish(type, a, termsVersion, effectiveFrom, offer, null);
    }

    private void publish(String type, Agreement a, int termsVersion, LocalDate effectiveFrom, Offer offer, String predecessor) {
        events.publish(type, a.id().toString(), new ContractsEvents.AgreementTerms(a.id(), termsVersion, effectiveFrom,
                a.status(today()).name(), a.ccgCode(), a.supplierCode(), a.serviceLineCode(), a.basis().name(), a.unitPrice(),
                a.vatRate(), a.startDate(), a.endDate(), a.negotiated(), offer.unitPrice(), a.poNumber(), predecessor));
    }
}
