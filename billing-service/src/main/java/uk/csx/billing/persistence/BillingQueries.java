package uk.csx.billing.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.platform.persistence.NativeValues;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import uk.csx.billing.domain.BillableAgreement;
import uk.csx.billing.domain.Charges;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** Supplier + CCG pairs with a signed agreement that started before the month ends. */
    public List<Account> accounts(YearMonth month) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT DISTINCT supplier_code, ccg_code FROM billing_agreement WHERE " + BILLABLE
                        + " AND start_date < ?1 ORDER BY supplier_code, ccg_code")
                .setParameter(1, month.plusMonths(1).atDay(1)).getResultList();
        return rows.stream().map(r -> new Account((String) r[0], (String) r[1])).toList();
    }

    /**
     * An agreement of the account, with the price in force on the first of the month, whether the month
     * is charged already, and which months up to it are (a month missed before is billed by this run).
     */
    public record AgreementInMonth(BillableAgreement agreement, BigDecimal price, boolean charged, Set<YearMonth> chargedMonths) {
    }

    /** The account's billable agreements for the month (a dry run's read). */
    public List<AgreementInMonth> agreements(Account account, YearMonth month) {
        return agreements(List.of(account), month).getOrDefault(account, List.of());
    }

    /** The billable agreements of many accounts for the month, by account, in one query (a run reads a group of accounts at once). */
    public Map<Account, List<AgreementInMonth>> agreements(List<Account> accounts, YearMonth month) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<Account, List<AgreementInMonth>> byAccount = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT a.agreement_id, a.ccg_code, a.supplier_code, a.service_line_code, a.basis, a.unit_price, a.published_unit_price,
                           a.vat_rate, a.start_date, a.end_date, a.negotiated, a.po_number, a.status,
                           coalesce((SELECT p.unit_price FROM billing_agreement_price p WHERE p.agreement_id = a.agreement_id
                                     AND p.effective_from <= ? ORDER BY p.terms_version DESC LIMIT 1), a.unit_price),
                           EXISTS (SELECT 1 FROM invoice_line l WHERE l.agreement_id = a.agreement_id AND l.period_month = ? AND l.kind = 'CHARGE'),
                           a.terms_version,
                           ARRAY(SELECT DISTINCT l.period_month FROM invoice_line l WHERE l.agreement_id = a.agreement_id AND l.kind = 'CHARGE'
                                 AND l.period_month <= ?)
                    FROM billing_agreement a JOIN unnest(?::text[], ?::text[]) AS account (supplier_code, ccg_code)
                         ON a.supplier_code = account.supplier_code AND a.ccg_code = account.ccg_code
                    WHERE a.""" + BILLABLE + " ORDER BY a.supplier_code, a.ccg_code, a.service_line_code, a.agreement_id")) {
                select.setObject(1, month.atDay(1));
                select.setObject(2, month.atDay(1));
                select.setObject(3, month.atDay(1));
                bindAccounts(c, select, 4, accounts);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        BillableAgreement agreement = new BillableAgreement(r.getObject(1, UUID.class), r.getString(2), r.getString(3),
                                r.getString(4), Charges.Basis.valueOf(r.getString(5)), r.getBigDecimal(6), r.getBigDecimal(7), r.getBigDecimal(8),
                                r.getObject(9, LocalDate.class), r.getObject(10, LocalDate.class), r.getBoolean(11), r.getString(12), r.getString(13),
                                r.getInt(16));
                        byAccount.computeIfAbsent(new Account(agreement.supplierCode(), agreement.ccgCode()), a -> new ArrayList<>())
                                .add(new AgreementInMonth(agreement, r.getBigDecimal(14), r.getBoolean(15), months(r.getArray(17))));
                    }
                }
            }
            return byAccount;
        });
    }

    /**
     * Locks each account for the month in this transaction ({@code pg_try_advisory_xact_lock}) and
     * returns those it got: an account another run holds is that run's to bill.
     */
    public List<Account> lockForMonth(List<Account> accounts, YearMonth month) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            List<Account> locked = new ArrayList<>();
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT pg_try_advisory_xact_lock(hashtext(k)) FROM unnest(?::text[]) WITH ORDINALITY AS t (k, i) ORDER BY i")) {
                lock.setArray(1, c.createArrayOf("text", accounts.stream().map(a -> a.supplierCode() + "|" + a.ccgCode() + "|" + month).toArray()));
                try (ResultSet r = lock.executeQuery()) {
                    for (Account account : accounts) {
                        r.next();
                        if (r.getBoolean(1)) {
                            locked.add(account);
                        }
                    }
                }
            }
            return locked;
        });
    }

    private static void bindAccounts(Connection c, PreparedStatement statement, int first, List<Account> accounts) throws SQLException {
        statement.setArray(first, c.createArrayOf("text", accounts.stream().map(Account::supplierCode).toArray()));
        statement.setArray(first + 1, c.createArrayOf("text", accounts.stream().map(Account::ccgCode).toArray()));
    }

    /** The price in force on the first of the month: the latest version effective by then, else the agreement's. */
    public BigDecimal priceFor(BillableAgreement agreement, YearMonth month) {
        @SuppressWarnings("unchecked")
        List<BigDecimal> prices = em.createNativeQuery("""
                        SELECT unit_price FROM billing_agreement_price WHERE agreement_id = ?1 AND effective_from <= ?2
                        ORDER BY terms_version DESC LIMIT 1""")
                .setParameter(1, agreement.id()).setParameter(2, month.atDay(1)).getResultList();
        return prices.isEmpty() ? agreement.unitPrice() : prices.get(0);
    }

    /** Usage not yet invoiced, for months up to this one. */
    public List<Usage> uninvoicedUsage(UUID agreementId, YearMonth upTo) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT id, month, days FROM usage_record WHERE agreement_id = ?1 AND invoice_id IS NULL AND month <= ?2 ORDER BY month, id
                        FOR UPDATE""")
                .setParameter(1, agreementId).setParameter(2, upTo.atDay(1)).getResultList();
        return rows.stream().map(r -> new Usage(((Number) r[0]).longValue(), YearMonth.from(NativeValues.localDate(r[1])), (BigDecimal) r[2])).toList();
    }

    /**
     * An invoiced term charge whose agreement has moved to a later terms version since it was rated:
     * what it comes to so far (net, plus re-rating debits, less credits), and the price the current
     * terms set for its month.
     */
    public record ChargeToRerate(long lineId, UUID invoiceId, UUID agreementId, YearMonth month, BigDecimal quantity, long effectiveNetPence,
                                 BigDecimal vatRate, BigDecimal priceNow, BigDecimal chargedPrice) {
    }

    /**
     * The charges of the accounts' agreements, for months up to this one, rated at an older terms
     * version than the agreement's; locked, so that two runs never re-rate one line twice.
     */
    public Map<UUID, List<ChargeToRerate>> chargesToRerate(List<Account> accounts, YearMonth upTo) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<UUID, List<ChargeToRerate>> byAgreement = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT l.id, l.invoice_id, l.agreement_id, l.period_month, l.quantity, l.vat_rate, l.unit_price,
                           l.net_pence + coalesce((SELECT sum(d.net_pence) FROM invoice_line d WHERE d.adjusts_line_id = l.id), 0)
                                       - coalesce((SELECT sum(n.net_pence) FROM credit_note n WHERE n.invoice_line_id = l.id), 0),
                           coalesce((SELECT p.unit_price FROM billing_agreement_price p WHERE p.agreement_id = a.agreement_id
                                     AND p.effective_from <= l.period_month ORDER BY p.terms_version DESC LIMIT 1), a.unit_price)
                    FROM invoice_line l JOIN billing_agreement a ON a.agreement_id = l.agreement_id
                         JOIN unnest(?::text[], ?::text[]) AS account (supplier_code, ccg_code)
                         ON a.supplier_code = account.supplier_code AND a.ccg_code = account.ccg_code
                    WHERE l.kind = 'CHARGE' AND l.basis <> 'DAY_RATE' AND coalesce(l.rated_version, 0) < a.terms_version AND l.period_month <= ?
                    ORDER BY l.id FOR UPDATE OF l""")) {
                bindAccounts(c, select, 1, accounts);
                select.setObject(3, upTo.atDay(1));
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        ChargeToRerate line = new ChargeToRerate(r.getLong(1), r.getObject(2, UUID.class), r.getObject(3, UUID.class),
                                YearMonth.from(r.getObject(4, LocalDate.class)), r.getBigDecimal(5), r.getLong(8), r.getBigDecimal(6),
                                r.getBigDecimal(9), r.getBigDecimal(7));
                        byAgreement.computeIfAbsent(line.agreementId(), a -> new ArrayList<>()).add(line);
                    }
                }
            }
            return byAgreement;
        });
    }

    private static Set<YearMonth> months(java.sql.Array dates) throws SQLException {
        Set<YearMonth> months = new java.util.HashSet<>();
        for (Object date : (Object[]) dates.getArray()) {
            months.add(YearMonth.from(date instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) date));
        }
        return months;
    }

    /** The invoice line that billed an agreement's usage of a month (the latest). */
    public record BilledUsage(UUID invoiceId, long lineId) {
    }

    /**
     * The latest line that billed the agreement's usage of the month: a correction below what was
     * invoiced is credited against it. Usage never goes below zero for a month, so a negative
     * correction always follows an invoiced submission.
     */
    public BilledUsage lastUsageLine(UUID agreementId, YearMonth usageMonth) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT invoice_id, id FROM invoice_line WHERE agreement_id = ?1 AND period_month = ?2 AND basis = 'DAY_RATE'
                        ORDER BY id DESC LIMIT 1""").setParameter(1, agreementId).setParameter(2, usageMonth.atDay(1)).getResultList();
        if (rows.isEmpty()) {
            throw new IllegalStateException("usage of " + usageMonth + " is corrected below zero but was never invoiced");
        }
        return new BilledUsage((UUID) rows.get(0)[0], ((Number) rows.get(0)[1]).longValue());
    }

    /** The number of invoices each account already has for the month (a further one is supplementary). */
    public Map<Account, Integer> invoiceCounts(List<Account> accounts, YearMonth month) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<Account, Integer> counts = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT i.supplier_code, i.ccg_code, max(i.sequence) FROM invoice i
                         JOIN unnest(?::text[], ?::text[]) AS account (supplier_code, ccg_code)
                         ON i.supplier_code = account.supplier_code AND i.ccg_code = account.ccg_code
                    WHERE i.month = ? GROUP BY i.supplier_code, i.ccg_code""")) {
                bindAccounts(c, select, 1, accounts);
                select.setObject(3, month.atDay(1));
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        counts.put(new Account(r.getString(1), r.getString(2)), r.getInt(3));
                    }
                }
            }
            return counts;
        });
    }
}
