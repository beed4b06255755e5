package uk.csx.contracts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** The terms of an agreement from a date: version 1 when signed, one more per variation or termination. */
@Entity
@Table(name = "agreement_version")
@IdClass(AgreementVersion.Key.class)
public class AgreementVersion {
    /** The composite key (agreement, version number). */
    public static class Key implements Serializable {
        private UUID agreementId;
        private int versionNo;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(agreementId, k.agreementId) && versionNo == k.versionNo;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(agreementId, versionNo);
        }
    }

    @Id
    @Column(name = "agreement_id")
    private UUID agreementId;
    @Id
    @Column(name = "version_no")
    private int versionNo;
    @Column(name = "effective_from")
    private LocalDate effectiveFrom;
    @Column(name = "unit_price")
    private BigDecimal unitPrice;
    @Column(name = "end_date")
    private LocalDate endDate;
    private String reason;

    protected AgreementVersion() {
    }

    public AgreementVersion(UUID agreementId, int versionNo, LocalDate effectiveFrom, BigDecimal unitPrice, LocalDate endDate, String reason) {
        this.agreementId = agreementId;
        this.versionNo = versionNo;
        this.effectiveFrom = effectiveFrom;
        this.unitPrice = unitPrice;
        this.endDate = endDate;
        this.reason = reason;
    }

    public int versionNo() {
        return versionNo;
    }

    public LocalDate effectiveFrom() {
        return effectiveFrom;
    }

    public BigDecimal unitPrice() {
        return unitPrice;
    }

    public LocalDate endDate() {
        return endDate;
    }

    public String reason() {
        return reason;
    }
}
