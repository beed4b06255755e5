package uk.csx.billing.domain;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.platform.persistence.NativeValues;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import uk.csx.platform.api.ProblemException;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * Days delivered on day-rate agreements, in halves, per agreement per month. A correction is a
 * new record (negative days allowed) with a reason; a month's total never goes below zero.
 */
@ApplicationScoped
public class Usage {
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private final EntityManager em;

    public Usage(EntityManager em) {
        this.em = em;
    }

    public record Agreement(UUID id, String supplierCode, String basis, java.time.LocalDate start, java.time.LocalDate end) {
    }

    public Agreement agreement(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT agreement_id, supplier_code, basis, start_date, end_date FROM billing_agreement"
                + " WHERE agreement_id = ?1 AND status IN ('SIGNED', 'ACTIVE', 'EXPIRED', 'TERMINATED')").setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("signed agreement", id);
        }
        Object[] r = rows.get(0);
        return new Agreement((UUID) r[0], (String) r[1], (String) r[2], NativeValues.localDate(r[3]), NativeValues.localDate(r[4]));
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
        if (Charges.coveredDays(month, agreement.start(), agreement.end()) == 0) {
            throw ProblemException.unprocessable("the agreement does not cover " + month + " (" + agreement.start() + " to " + agreement.end() + ")");
        }
        BigDecimal total = (BigDecimal) em.createNativeQuery("SELECT coalesce(sum(days), 0) FROM usage_record WHERE agreement_id = ?1 AND month = ?2")
                .setParameter(1, agreement.id()).setParameter(2, month.atDay(1)).getSingleResult();
        if (total.add(days).signum() < 0) {
            throw ProblemException.unprocessable("this correction would take " + month + " below zero days");
        }
        return ((Number) em.createNativeQuery("""
                        INSERT INTO usage_record (agreement_id, month, days, reason, submitted_by) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id""")
                .setParameter(1, agreement.id()).setParameter(2, month.atDay(1)).setParameter(3, days).setParameter(4, reason)
                .setParameter(5, by).getSingleResult()).longValue();
    }
}
