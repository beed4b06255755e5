package uk.csx.billing.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.platform.persistence.NativeValues;
import jakarta.persistence.EntityManager;
import uk.csx.billing.domain.BillableAgreement;
import uk.csx.billing.domain.Charges;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/** The reads an invoice run makes, each one query. */
@ApplicationScoped
public class BillingQueries {
    private static final String BILLABLE = "status IN ('SIGNED', 'ACTIVE', 'EXPIRED', 'TERMINATED')";

    private final EntityManager em;

    public BillingQueries(EntityManager em) {
        this.em = em;
    }

    public record Account(String supplierCode, String ccgCode) {
    }

    public record Usage(long id, YearMonth month, BigDecimal days) {
    }

    public record InvoicedLine(long lineId, UUID invoiceId, YearMonth month, long netPence, BigDecimal vatRate, long creditedPence) {
    }

    /** Supplier + CCG pairs with a signed agreement that started before the month ends. */
    public List<Account> accounts(YearMonth month) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT DISTINCT supplier_code, ccg_code FROM billing_agreement WHERE " + BILLABLE
                        + " AND start_date < ?1 ORDER BY supplier_code, ccg_code")
                .setParameter(1, month.plusMonths(1).atDay(1)).getResultList();
        return rows.stream().map(r -> new Account((String) r[0], (String) r[1])).toList();
    }

    /** An agreement of the account, with the price in force on the first of the month and whether the month is charged already. */
    public record AgreementInMonth(BillableAgreement agreement, BigDecimal price, boolean charged) {
    }

    /** The account's billable agreements for the month, in one query (a run makes it once per account). */
    public List<AgreementInMonth> agreements(Account account, YearMonth month) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT a.agreement_id, a.ccg_code, a.supplier_code, a.service_line_code, a.basis, a.unit_price, a.published_unit_price,
                               a.vat_rate, a.start_date, a.end_date, a.negotiated, a.po_number, a.status,
                               coalesce((SELECT p.unit_price FROM billing_agreement_price p WHERE p.agreement_id = a.agreement_id
                                         AND p.effective_from <= ?3 ORDER BY p.effective_from DESC, p.terms_version DESC LIMIT 1), a.unit_price),
                               EXISTS (SELECT 1 FROM invoice_line l WHERE l.agreement_id = a.agreement_id AND l.period_month = ?3 AND l.kind = 'CHARGE')
                        FROM billing_agreement a WHERE a.supplier_code = ?1 AND a.ccg_code = ?2 AND a.""" + BILLABLE
                        + " ORDER BY a.service_line_code, a.agreement_id")
                .setParameter(1, account.supplierCode()).setParameter(2, account.ccgCode()).setParameter(3, month.atDay(1)).getResultList();
        return rows.stream().map(r -> new AgreementInMonth(new BillableAgreement((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                Charges.Basis.valueOf((String) r[4]), (BigDecimal) r[5], (BigDecimal) r[6], (BigDecimal) r[7], NativeValues.localDate(r[8]),
                NativeValues.localDate(r[9]), (Boolean) r[10], (String) r[11], (String) r[12]), (BigDecimal) r[13], (Boolean) r[14])).toList();
    }

    /** The price in force on the first of the month: the latest version effective by then, else the agreement's. */
    public BigDecimal priceFor(BillableAgreement agreement, YearMonth month) {
        @SuppressWarnings("unchecked")
        List<BigDecimal> prices = em.createNativeQuery("""
                        SELECT unit_price FROM billing_agreement_price WHERE agreement_id = ?1 AND effective_from <= ?2
                        ORDER BY effective_from DESC, terms_version DESC LIMIT 1""")
                .setParameter(1, agreement.id()).setParameter(2, month.atDay(1)).getResultList();
        return prices.isEmpty() ? agreement.unitPrice() : prices.get(0);
    }

    /** Usage not yet invoiced, for months up to this one. */
    public List<Usage> uninvoicedUsage(UUID agreementId, YearMonth upTo) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT id, month, days FROM usage_record WHERE agreement_id = ?1 AND invoice_id IS NULL AND month <= ?2 ORDER BY month, id""")
                .setParameter(1, agreementId).setParameter(2, upTo.atDay(1)).getResultList();
        return rows.stream().map(r -> new Usage(((Number) r[0]).longValue(), YearMonth.from(NativeValues.localDate(r[1])), (BigDecimal) r[2])).toList();
    }

    /** Charge lines of an agreement invoiced for months before this one, with what has been credited on each. */
    public List<InvoicedLine> invoicedCharges(UUID agreementId, YearMonth before) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT l.id, l.invoice_id, l.period_month, l.net_pence, l.vat_rate,
                               coalesce((SELECT sum(c.net_pence) FROM credit_note c WHERE c.invoice_line_id = l.id), 0)
                        FROM invoice_line l WHERE l.agreement_id = ?1 AND l.kind = 'CHARGE' AND l.period_month < ?2 ORDER BY l.period_month""")
                .setParameter(1, agreementId).setParameter(2, before.atDay(1)).getResultList();
        return rows.stream().map(r -> new InvoicedLine(((Number) r[0]).longValue(), (UUID) r[1], YearMonth.from(NativeValues.localDate(r[2])),
                ((Number) r[3]).longValue(), (BigDecimal) r[4], ((Number) r[5]).longValue())).toList();
    }

    public boolean invoiced(Account account, YearMonth month) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM invoice WHERE supplier_code = ?1 AND ccg_code = ?2 AND month = ?3")
                .setParameter(1, account.supplierCode()).setParameter(2, account.ccgCode()).setParameter(3, month.atDay(1))
                .getSingleResult()).longValue() > 0;
    }
}
