package uk.csx.contracts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A supplier's published price for one service line, valid over [validFrom, validTo). */
@Entity
@Table(name = "offer")
public class Offer {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "supplier_code")
    private String supplierCode;
    @Column(name = "service_line_code")
    private String serviceLineCode;
    @Enumerated(EnumType.STRING)
    private PricingBasis basis;
    @Column(name = "unit_price")
    private BigDecimal unitPrice;
    @Column(name = "vat_rate")
    private BigDecimal vatRate;
    @Column(name = "valid_from")
    private LocalDate validFrom;
    @Column(name = "valid_to")
    private LocalDate validTo;
    private String description;
    @Column(name = "service_levels")
    private String serviceLevels;
    @Column(name = "withdrawn_at")
    private java.time.OffsetDateTime withdrawnAt;
    @Column(name = "published_by")
    private String publishedBy;
    @Column(name = "backdating_reason")
    private String backdatingReason;

    protected Offer() {
    }

    public Offer(String supplierCode, String serviceLineCode, PricingBasis basis, BigDecimal unitPrice, BigDecimal vatRate,
                 LocalDate validFrom, LocalDate validTo, String description, String serviceLevels) {
        this.supplierCode = supplierCode;
        this.serviceLineCode = serviceLineCode;
        this.basis = basis;
        this.unitPrice = unitPrice;
        this.vatRate = vatRate;
        this.validFrom = validFrom;
        this.validTo = validTo;
        this.description = description;
        this.serviceLevels = serviceLevels;
    }

    public boolean validOn(LocalDate date) {
        return withdrawnAt == null && !date.isBefore(validFrom) && (validTo == null || date.isBefore(validTo));
    }

    /** The supplier withdraws the offer: no longer listed, compared or drafted from; agreements made from it stand. */
    public void withdraw() {
        if (withdrawnAt != null) {
            throw new IllegalTransition("offer " + id + " is already withdrawn");
        }
        withdrawnAt = java.time.OffsetDateTime.now();
    }

    /** Who published the offer, and why it is valid from before the day it was published (null if it is not). */
    void publishedBy(String clientId, String backdatingReason) {
        this.publishedBy = clientId;
        this.backdatingReason = backdatingReason;
    }

    public String publishedBy() {
        return publishedBy;
    }

    public String backdatingReason() {
        return backdatingReason;
    }

    public boolean withdrawn() {
        return withdrawnAt != null;
    }

    public java.time.OffsetDateTime withdrawnAt() {
        return withdrawnAt;
    }

    /** A newer offer takes over from its valid-from date. */
    public void supersededFrom(LocalDate date) {
        this.validTo = date;
    }

    public Long id() {
        return id;
    }

    public String supplierCode() {
        return supplierCode;
    }

    public String serviceLineCode() {
        return serviceLineCode;
    }

    public PricingBasis basis() {
        return basis;
    }

    public BigDecimal unitPrice() {
        return unitPrice;
    }

    public BigDecimal vatRate() {
        return vatRate;
    }

    public LocalDate validFrom() {
        return validFrom;
    }

    public LocalDate validTo() {
        return validTo;
    }

    public String description() {
        return description;
    }

    public String serviceLevels() {
        return serviceLevels;
    }
}
