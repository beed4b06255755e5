package uk.csx.contracts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import uk.csx.platform.api.ProblemException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A proposed change of an agreement's terms (issue 18, rule 1): one party proposes a new unit price
 * and/or end date from an effective date; the other party accepts or rejects it; the proposer may
 * withdraw it until it is answered. Only acceptance changes the agreement. PROPOSED → ACCEPTED,
 * REJECTED or WITHDRAWN; anything else is an illegal transition.
 */
@Entity
@Table(name = "agreement_variation")
public class AgreementVariation {
    public enum Status { PROPOSED, ACCEPTED, REJECTED, WITHDRAWN }

    @Id
    private UUID id;
    @Column(name = "agreement_id")
    private UUID agreementId;
    @Enumerated(EnumType.STRING)
    @Column(name = "proposed_by")
    private Party proposedBy;
    @Column(name = "proposed_by_client")
    private String proposedByClient;
    @Column(name = "unit_price")
    private BigDecimal unitPrice;
    @Column(name = "end_date")
    private LocalDate endDate;
    @Column(name = "effective_from")
    private LocalDate effectiveFrom;
    private String reason;
    @Enumerated(EnumType.STRING)
    private Status status;
    @Enumerated(EnumType.STRING)
    @Column(name = "answered_by")
    private Party answeredBy;
    @Column(name = "answered_by_client")
    private String answeredByClient;
    @Column(name = "answer_reason")
    private String answerReason;
    @Column(name = "terms_version")
    private Integer termsVersion;
    @Column(name = "proposed_at")
    private OffsetDateTime proposedAt;
    @Column(name = "answered_at")
    private OffsetDateTime answeredAt;
    @Version
    private long version;

    protected AgreementVariation() {
    }

    /**
     * A party proposes new terms for the agreement, checked against its current terms now (and again
     * when accepted, since the agreement or the date may have moved on meanwhile).
     */
    public static AgreementVariation propose(Agreement agreement, Party by, String clientId, BigDecimal newPrice, LocalDate newEnd,
                                             LocalDate effectiveFrom, String reason, LocalDate today) {
        agreement.checkVariation(newPrice, newEnd, effectiveFrom, today);
        AgreementVariation v = new AgreementVariation();
        v.id = UUID.randomUUID();
        v.agreementId = agreement.id();
        v.proposedBy = by;
        v.proposedByClient = clientId;
        v.unitPrice = newPrice;
        v.endDate = newEnd;
        v.effectiveFrom = effectiveFrom;
        v.reason = reason;
        v.status = Status.PROPOSED;
        v.proposedAt = OffsetDateTime.now();
        return v;
    }

    /** The other party accepts: the agreement takes the new terms from the effective date. */
    public void accept(Agreement agreement, Party by, String clientId, LocalDate today) {
        answerable(by, "accept");
        if (!agreement.id().equals(agreementId)) {
            throw new IllegalArgumentException("variation " + id + " is not of agreement " + agreement.id());
        }
        agreement.vary(unitPrice, endDate, effectiveFrom, today);
        answer(Status.ACCEPTED, by, clientId, null);
    }

    /** The other party refuses; the agreement is unchanged. */
    public void reject(Party by, String clientId, String why) {
        answerable(by, "reject");
        answer(Status.REJECTED, by, clientId, why);
    }

    /** The proposer takes its proposal back before it is answered. */
    public void withdraw(Party by, String clientId) {
        requireOpen("withdraw");
        if (by != proposedBy) {
            throw new ProblemException(403, "forbidden", "Forbidden", "only the party that proposed a variation withdraws it");
        }
        answer(Status.WITHDRAWN, by, clientId, null);
    }

    /** The terms version the acceptance produced (set by the service once it is recorded). */
    public void producedTermsVersion(int termsVersion) {
        this.termsVersion = termsVersion;
    }

    private void answerable(Party by, String action) {
        requireOpen(action);
        if (by == proposedBy) {
            throw new ProblemException(403, "forbidden", "Forbidden",
                    "the party that proposed a variation cannot " + action + " it; the other party answers");
        }
    }

    private void requireOpen(String action) {
        if (status != Status.PROPOSED) {
            throw new IllegalTransition("cannot " + action + " a variation that is " + status);
        }
    }

    private void answer(Status outcome, Party by, String clientId, String why) {
        status = outcome;
        answeredBy = by;
        answeredByClient = clientId;
        answerReason = why;
        answeredAt = OffsetDateTime.now();
    }

    public UUID id() {
        return id;
    }

    public UUID agreementId() {
        return agreementId;
    }

    public Party proposedBy() {
        return proposedBy;
    }

    public String proposedByClient() {
        return proposedByClient;
    }

    public BigDecimal unitPrice() {
        return unitPrice;
    }

    public LocalDate endDate() {
        return endDate;
    }

    public LocalDate effectiveFrom() {
        return effectiveFrom;
    }

    public String reason() {
        return reason;
    }

    public Status status() {
        return status;
    }

    public Party answeredBy() {
        return answeredBy;
    }

    public String answeredByClient() {
        return answeredByClient;
    }

    public String answerReason() {
        return answerReason;
    }

    public Integer termsVersion() {
        return termsVersion;
    }

    public OffsetDateTime proposedAt() {
        return proposedAt;
    }

    public OffsetDateTime answeredAt() {
        return answeredAt;
    }

    public long version() {
        return version;
    }
}
