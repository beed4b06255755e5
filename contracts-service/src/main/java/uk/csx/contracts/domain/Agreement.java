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
 * A support agreement: a CCG buys one service line from one supplier, from an offer, for a term.
 * Its lifecycle: DRAFT → SIGNED (the supplier accepts) or WITHDRAWN (the CCG withdraws); a signed
 * agreement is ACTIVE between its dates and EXPIRED after; it may be varied, or TERMINATED with
 * notice. Anything else is an illegal transition.
 */
@Entity
@Table(name = "agreement")
public class Agreement {
    /** What is stored; ACTIVE and EXPIRED are derived from the dates. */
    public enum Stored { DRAFT, SIGNED, TERMINATED, WITHDRAWN }

    /** What a caller sees. */
    public enum Status { DRAFT, SIGNED, ACTIVE, EXPIRED, TERMINATED, WITHDRAWN }

    @Id
    private UUID id;
    @Column(name = "ccg_code")
    private String ccgCode;
    @Column(name = "supplier_code")
    private String supplierCode;
    @Column(name = "service_line_code")
    private String serviceLineCode;
    @Column(name = "offer_id")
    private Long offerId;
    @Enumerated(EnumType.STRING)
    private PricingBasis basis;
    @Column(name = "unit_price")
    private BigDecimal unitPrice;
    @Column(name = "vat_rate")
    private BigDecimal vatRate;
    private boolean negotiated;
    @Column(name = "po_number")
    private String poNumber;
    @Column(name = "start_date")
    private LocalDate startDate;
    @Column(name = "end_date")
    private LocalDate endDate;
    @Column(name = "term_months")
    private int termMonths;
    @Column(name = "notice_months")
    private int noticeMonths;
    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    private Stored stored;
    @Column(name = "terminated_by")
    private String terminatedBy;
    @Column(name = "termination_reason")
    private String terminationReason;
    @Version
    private long version;
    @Column(name = "signed_at")
    private OffsetDateTime signedAt;
    @Column(name = "backdating_reason")
    private String backdatingReason;
    @Column(name = "backdating_approved_by")
    private String backdatingApprovedBy;
    @Column(name = "backdating_approval_reason")
    private String backdatingApprovalReason;
    @Column(name = "backdating_approved_at")
    private OffsetDateTime backdatingApprovedAt;

    protected Agreement() {
    }

    /** The longest term of an agreement, for drafts and variations alike. */
    public static final int MAX_TERM_MONTHS = 120;

    /**
     * A draft from an offer; a unit price other than the offer's is negotiated. It starts no earlier
     * than the first day of the current month (issue 18, rule 2): months before may already be invoiced.
     */
    public static Agreement draft(String ccgCode, Offer offer, BigDecimal agreedPrice, String poNumber, LocalDate start,
                                  int termMonths, int noticeMonths, LocalDate today) {
        return draft(ccgCode, offer, agreedPrice, poNumber, start, termMonths, noticeMonths, today, null);
    }

    /**
     * A draft as {@link #draft(String, Offer, BigDecimal, String, LocalDate, int, int, LocalDate)}, except that
     * with a reason it may start before the current month: such a draft needs an operator's approval
     * ({@link #approveBackdating}) before the supplier can accept it.
     */
    /** How far ahead an agreement may start. */
    static final int MAX_START_YEARS_AHEAD = 10;

    public static Agreement draft(String ccgCode, Offer offer, BigDecimal agreedPrice, String poNumber, LocalDate start,
                                  int termMonths, int noticeMonths, LocalDate today, String backdatingReason) {
        LocalDate firstOfMonth = today.withDayOfMonth(1);
        // a start further out than this is a typing error, not a procurement (and overflows date arithmetic near year 999999999)
        if (start.isAfter(today.plusYears(MAX_START_YEARS_AHEAD)) || start.getYear() < 2000) {
            throw InvalidField.refused("startDate", "must be from 2000-01-01 to " + today.plusYears(MAX_START_YEARS_AHEAD));
        }
        boolean backdated = start.isBefore(firstOfMonth);
        if (backdated && (backdatingReason == null || backdatingReason.isBlank())) {
            throw InvalidField.refused("startDate", "must not be before " + firstOfMonth
                    + ", the first day of the current month, unless the draft gives a backdatingReason and an operator approves it");
        }
        MoneyRules.unitPrice("negotiatedUnitPrice", agreedPrice);
        if (offer.withdrawn()) {
            throw new IllegalTransition("offer " + offer.id() + " was withdrawn by its supplier; draft from a current offer");
        }
        if (!offer.validOn(start)) {
            throw new IllegalTransition("the offer is not valid on the start date " + start);
        }
        Agreement a = new Agreement();
        a.id = UUID.randomUUID();
        a.ccgCode = ccgCode;
        a.supplierCode = offer.supplierCode();
        a.serviceLineCode = offer.serviceLineCode();
        a.offerId = offer.id();
        a.basis = offer.basis();
        a.unitPrice = agreedPrice == null ? offer.unitPrice() : agreedPrice;
        a.negotiated = agreedPrice != null && agreedPrice.compareTo(offer.unitPrice()) != 0;
        a.vatRate = offer.vatRate();
        a.poNumber = poNumber;
        a.startDate = start;
        a.termMonths = termMonths;
        a.noticeMonths = noticeMonths;
        a.endDate = start.plusMonths(termMonths);
        a.stored = Stored.DRAFT;
        a.backdatingReason = backdated ? backdatingReason.strip() : null;
        return a;
    }

    public Status status(LocalDate today) {
        return switch (stored) {
            case DRAFT -> Status.DRAFT;
            case WITHDRAWN -> Status.WITHDRAWN;
            case TERMINATED -> Status.TERMINATED;
            case SIGNED -> today.isBefore(startDate) ? Status.SIGNED : today.isBefore(endDate) ? Status.ACTIVE : Status.EXPIRED;
        };
    }

    /** The supplier accepts the draft; a back-dated one only once an operator has approved its start. */
    public void accept() {
        require(stored == Stored.DRAFT, "accept");
        if (backdatingReason != null && backdatingApprovedAt == null) {
            throw new IllegalTransition("the draft starts on " + startDate + ", before the month it was drafted in: "
                    + "an operator must approve the back-dated start before the supplier accepts");
        }
        stored = Stored.SIGNED;
        signedAt = OffsetDateTime.now();
    }

    /** An operator approves the back-dated start of a draft, with its own reason; recorded with who approved. */
    public void approveBackdating(String operatorClientId, String reason) {
        require(stored == Stored.DRAFT, "approve the back-dated start of");
        if (backdatingReason == null) {
            throw new IllegalTransition("the draft does not start before the month it was drafted in: there is nothing to approve");
        }
        if (backdatingApprovedAt != null) {
            throw new IllegalTransition("the back-dated start was already approved by " + backdatingApprovedBy);
        }
        if (reason == null || reason.isBlank()) {
            throw InvalidField.outOfRange("reason", "must not be blank: an approval records why");
        }
        backdatingApprovedBy = operatorClientId;
        backdatingApprovalReason = reason.strip();
        backdatingApprovedAt = OffsetDateTime.now();
    }

    /** The CCG withdraws a draft the supplier has not accepted. */
    public void withdraw() {
        require(stored == Stored.DRAFT, "withdraw");
        stored = Stored.WITHDRAWN;
    }

    /**
     * Refuses a variation these terms cannot take: only while signed and not expired; a price within
     * {@link MoneyRules}; effective within the term and not before the first day of the current month
     * (contracts does not know which months billing has invoiced, so nothing before the current month);
     * a new end after the effective date and within {@link #MAX_TERM_MONTHS} of the start.
     */
    public void checkVariation(BigDecimal newPrice, LocalDate newEnd, LocalDate effectiveFrom, LocalDate today) {
        Status status = status(today);
        require(status == Status.SIGNED || status == Status.ACTIVE, "vary");
        if (newPrice == null && newEnd == null) {
            throw ProblemException.badRequest("a variation changes the unitPrice, the endDate or both");
        }
        if (effectiveFrom == null) {
            throw InvalidField.outOfRange("effectiveFrom", "must not be null");
        }
        MoneyRules.unitPrice("unitPrice", newPrice);
        LocalDate firstOfMonth = today.withDayOfMonth(1);
        if (effectiveFrom.isBefore(firstOfMonth)) {
            throw InvalidField.refused("effectiveFrom", "must not be before " + firstOfMonth
                    + ", the first day of the current month: a variation cannot be back-dated");
        }
        if (effectiveFrom.isBefore(startDate) || !effectiveFrom.isBefore(endDate)) {
            throw InvalidField.refused("effectiveFrom", "must fall within the agreement's term, from " + startDate + " and before " + endDate);
        }
        if (newEnd != null && !newEnd.isAfter(effectiveFrom)) {
            throw InvalidField.refused("endDate", "must be after the variation's effectiveFrom " + effectiveFrom);
        }
        LocalDate longest = startDate.plusMonths(MAX_TERM_MONTHS);
        if (newEnd != null && newEnd.isAfter(longest)) {
            throw InvalidField.refused("endDate", "must not be after " + longest + ": a term is at most " + MAX_TERM_MONTHS + " months");
        }
    }

    /** Takes a new price and/or end date from an effective date: what an accepted variation does. */
    void vary(BigDecimal newPrice, LocalDate newEnd, LocalDate effectiveFrom, LocalDate today) {
        checkVariation(newPrice, newEnd, effectiveFrom, today);
        if (newPrice != null) {
            negotiated = true;
            unitPrice = newPrice;
        }
        if (newEnd != null) {
            endDate = newEnd;
        }
    }

    /**
     * Either party ends the agreement with notice: it ends on the later of the requested date and
     * today plus the notice period, and never later than it would have.
     */
    public LocalDate terminate(LocalDate requested, LocalDate today, String by, String reason) {
        Status status = status(today);
        require(status == Status.SIGNED || status == Status.ACTIVE, "terminate");
        LocalDate earliest = today.plusMonths(noticeMonths);
        LocalDate end = requested == null || requested.isBefore(earliest) ? earliest : requested;
        if (end.isBefore(startDate.plusDays(1))) {
            end = startDate.plusDays(1);
        }
        if (end.isAfter(endDate)) {
            end = endDate;
        }
        endDate = end;
        stored = Stored.TERMINATED;
        terminatedBy = by;
        terminationReason = reason;
        return end;
    }

    /** Still to run on the date: signed (or terminated with notice) and not ended by then. */
    public boolean liveOn(LocalDate date) {
        return (stored == Stored.SIGNED || stored == Stored.TERMINATED) && endDate.isAfter(date);
    }

    /** The commissioner was succeeded: the agreement is the successor's from the date of the new terms version. */
    public void novateTo(String successorCode) {
        require(stored == Stored.SIGNED || stored == Stored.TERMINATED, "novate");
        ccgCode = successorCode;
    }

    private void require(boolean allowed, String action) {
        if (!allowed) {
            throw new IllegalTransition("cannot " + action + " an agreement that is " + stored);
        }
    }

    public UUID id() {
        return id;
    }

    public String ccgCode() {
        return ccgCode;
    }

    public String supplierCode() {
        return supplierCode;
    }

    public String serviceLineCode() {
        return serviceLineCode;
    }

    public Long offerId() {
        return offerId;
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

    public boolean negotiated() {
        return negotiated;
    }

    public String poNumber() {
        return poNumber;
    }

    public LocalDate startDate() {
        return startDate;
    }

    public LocalDate endDate() {
        return endDate;
    }

    public int termMonths() {
        return termMonths;
    }

    public int noticeMonths() {
        return noticeMonths;
    }

    public Stored stored() {
        return stored;
    }

    public String terminatedBy() {
        return terminatedBy;
    }

    public long version() {
        return version;
    }

    /** Why the CCG asked for a start before the month of the draft; null if it does not. */
    public String backdatingReason() {
        return backdatingReason;
    }

    public String backdatingApprovedBy() {
        return backdatingApprovedBy;
    }

    public String backdatingApprovalReason() {
        return backdatingApprovalReason;
    }

    public OffsetDateTime backdatingApprovedAt() {
        return backdatingApprovedAt;
    }
}
