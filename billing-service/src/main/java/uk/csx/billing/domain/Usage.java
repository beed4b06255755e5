package uk.csx.billing.domain;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.platform.persistence.NativeValues;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.audit.AuditTrail;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * Days delivered on day-rate agreements, in halves, per agreement per month. A correction is a
 * new record (negative days allowed) with a reason; a month's total never goes below zero nor
 * above the working days (Monday to Friday) the agreement covers in that month, and usage is for
 * months that have begun.
 */
@ApplicationScoped
public class Usage {
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /** The resource type of an agreement's usage in the audit trail. */
    public static final String AUDITED = "agreement-usage";

    private final EntityManager em;
    private final AuditTrail audit;

    public Usage(EntityManager em, AuditTrail audit) {
        this.em = em;
        this.audit = audit;
    }

    public record Agreement(UUID id, String supplierCode, String ccgCode, String basis, java.time.LocalDate start, java.time.LocalDate end) {
    }

    public Agreement agreement(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT agreement_id, supplier_code, ccg_code, basis, start_date, end_date FROM billing_agreement"
                + " WHERE agreement_id = ?1 AND status IN ('SIGNED', 'ACTIVE', 'EXPIRED', 'TERMINATED')").setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("signed agreement", id);
        }
        Object[] r = rows.get(0);
        return new Agreement((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], NativeValues.localDate(r[4]), NativeValues.localDate(r[5]));
    }

    @Transactional
    public long submit(Agreement agreement, YearMonth month, BigDecimal days, String reason, String by) {
        if (!"DAY_RATE".equals(agreement.basis())) {
            throw ProblemException.unprocessable("usage is submitted for day-rate agreements only; this one is " + agreement.basis());
        }
        if (days.multiply(TWO).stripTrailingZeros().scale() > 0) {
            throw ProblemException.badRequest("days are counted in halves (e.g. 2.5)");
        }
        if (days.signum() == 0 || (days.signum() < 0 && (reason == null || reason.isBlank()))) {
            throw ProblemException.badRequest("days must be positive; a negative correction needs a reason");
        }
        if (month.isAfter(YearMonth.now())) {
            throw ProblemException.unprocessable("month: usage is submitted for a month that has begun; " + month + " has not");
        }
        if (Charges.coveredDays(month, agreement.start(), agreement.end()) == 0) {
            throw ProblemException.unprocessable("month: the agreement does not cover " + month + " (" + agreement.start() + " to "
                    + agreement.end() + ")");
        }
        // the month's row lock serialises submissions for the agreement and month, so two at once cannot both pass the bound
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "usage|" + agreement.id() + "|" + month)
                .getSingleResult();
        BigDecimal total = (BigDecimal) em.createNativeQuery("SELECT coalesce(sum(days), 0) FROM usage_record WHERE agreement_id = ?1 AND month = ?2")
                .setParameter(1, agreement.id()).setParameter(2, month.atDay(1)).getSingleResult();
        if (total.add(days).signum() < 0) {
            throw ProblemException.unprocessable("days: this correction would take " + month + " below zero days");
        }
        long workingDays = Charges.workingDaysCovered(month, agreement.start(), agreement.end());
        if (total.add(days).compareTo(BigDecimal.valueOf(workingDays)) > 0) {
            throw ProblemException.unprocessable("days: " + total.add(days).stripTrailingZeros().toPlainString() + " days in " + month
                    + " would be more than the " + workingDays + " working days the agreement covers in it (" + total.stripTrailingZeros()
                    .toPlainString() + " submitted so far; a correction is a negative submission with a reason)");
        }
        long id = ((Number) em.createNativeQuery("""
                        INSERT INTO usage_record (agreement_id, month, days, reason, submitted_by) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id""")
                .setParameter(1, agreement.id()).setParameter(2, month.atDay(1)).setParameter(3, days).setParameter(4, reason)
                .setParameter(5, by).getSingleResult()).longValue();
        audit.record(AUDITED, agreement.id(), (days.signum() < 0 ? "usage corrected for " : "usage submitted for ") + month
                        + (reason == null ? "" : ": " + reason),
                java.util.Map.of("days " + month, total.stripTrailingZeros().toPlainString()),
                java.util.Map.of("days " + month, total.add(days).stripTrailingZeros().toPlainString()));
        return id;
    }
}
