package uk.csx.practices.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;

/**
 * A practice's membership of one CCG (and at most one of its localities) over
 * [effectiveFrom, effectiveTo); an open end means it still holds. Periods never overlap
 * (the database refuses it).
 */
@Entity
@Table(name = "membership")
public class Membership {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "practice_code")
    private String practiceCode;
    @Column(name = "ccg_code")
    private String ccgCode;
    @Column(name = "locality_id")
    private Long localityId;
    @Column(name = "effective_from")
    private LocalDate effectiveFrom;
    @Column(name = "effective_to")
    private LocalDate effectiveTo;

    protected Membership() {
    }

    public Membership(String practiceCode, String ccgCode, Long localityId, LocalDate effectiveFrom, LocalDate effectiveTo) {
        this.practiceCode = practiceCode;
        this.ccgCode = ccgCode;
        this.localityId = localityId;
        this.effectiveFrom = effectiveFrom;
        this.effectiveTo = effectiveTo;
    }

    public boolean holdsOn(LocalDate date) {
        return !date.isBefore(effectiveFrom) && (effectiveTo == null || date.isBefore(effectiveTo));
    }

    /** Ends this membership the day the next one starts. */
    public void endOn(LocalDate date) {
        if (!date.isAfter(effectiveFrom)) {
            throw new IllegalArgumentException("a membership cannot end on or before it starts");
        }
        this.effectiveTo = date;
    }

    public Long id() {
        return id;
    }

    public String practiceCode() {
        return practiceCode;
    }

    public String ccgCode() {
        return ccgCode;
    }

    public Long localityId() {
        return localityId;
    }

    public LocalDate effectiveFrom() {
        return effectiveFrom;
    }

    public LocalDate effectiveTo() {
        return effectiveTo;
    }
}
