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

    /**
     * Supplier + commissioner pairs with a signed agreement whose share of it (its days before or
     * after a novation) started before the month ends.
     */
    public List<Account> accounts(YearMonth month) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT DISTINCT a.supplier_code, s.ccg_code FROM billing_agreement a"
                        + " JOIN billing_agreement_share s ON s.agreement_id = a.agreement_id WHERE a." + BILLABLE
                        + " AND s.billed_from < ?1 ORDER BY a.supplier_code, s.ccg_code")
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
                    SELECT a.agreement_id, s.ccg_code, a.supplier_code, a.service_line_code, a.basis, a.unit_price, a.published_unit_price,
                           a.vat_rate, s.billed_from, s.billed_until, a.negotiated, a.po_number, a.status,
                           price_in_force(a.agreement_id, ?),
                           EXISTS (SELECT 1 FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE l.agreement_id = a.agreement_id
                                   AND i.ccg_code = s.ccg_code AND l.period_month = ? AND l.kind = 'CHARGE'),
                           a.terms_version,
                           ARRAY(SELECT DISTINCT l.period_month FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
                                 WHERE l.agreement_id = a.agreement_id AND i.ccg_code = s.ccg_code AND l.kind = 'CHARGE' AND l.period_month <= ?),
                           a.start_date, a.end_date
                    FROM billing_agreement a JOIN billing_agreement_share s ON s.agreement_id = a.agreement_id
                         JOIN unnest(?::text[], ?::text[]) AS account (supplier_code, ccg_code)
                         ON a.supplier_code = account.supplier_code AND s.ccg_code = account.ccg_code
                    WHERE a.""" + BILLABLE + " ORDER BY a.supplier_code, s.ccg_code, a.service_line_code, a.agreement_id")) {
                select.setObject(1, month.atDay(1));
                select.setObject(2, month.atDay(1));
                select.setObject(3, month.atDay(1));
                bindAccounts(c, select, 4, accounts);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        BillableAgreement agreement = new BillableAgreement(r.getObject(1, UUID.class), r.getString(2), r.getString(3),
                                r.getString(4), Charges.Basis.valueOf(r.getString(5)), r.getBigDecimal(6), r.getBigDecimal(7), r.getBigDecimal(8),
                                r.getObject(9, LocalDate.class), r.getObject(10, LocalDate.class), r.getBoolean(11), r.getString(12), r.getString(13),
                                r.getInt(16), r.getObject(18, LocalDate.class), r.getObject(19, LocalDate.class));
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

    /** The price in force for the month (the database's price_in_force says which version that is). */
    public BigDecimal priceFor(BillableAgreement agreement, YearMonth month) {
        return (BigDecimal) em.createNativeQuery("SELECT price_in_force(?1, ?2)").setParameter(1, agreement.id())
                .setParameter(2, month.atDay(1)).getSingleResult();
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

    /** The days of an agreement's month already invoiced, corrections included. */
    public BigDecimal invoicedDays(UUID agreementId, YearMonth month) {
        return (BigDecimal) em.createNativeQuery("""
                        SELECT coalesce(sum(days), 0) FROM usage_record WHERE agreement_id = ?1 AND month = ?2 AND invoice_id IS NOT NULL""")
                .setParameter(1, agreementId).setParameter(2, month.atDay(1)).getSingleResult();
    }

    /**
     * An invoiced charge of an agreement-month whose agreement has moved to a later terms version
     * since it was rated (for a day-rate month, all its usage lines together): the lines, the one a
     * credit or debit goes against (the latest), the quantity billed (day rate: the days invoiced,
     * corrections included), what it stands at — as the rules left it, conceded by disputes, its VAT —
     * and the price the current terms set for its month.
     */
    public record ChargeToRerate(List<Long> lineIds, long lineId, UUID invoiceId, UUID agreementId, YearMonth month, BigDecimal quantity,
                                 long ruleNetPence, long concededNetPence, long standingVatPence, BigDecimal vatRate, BigDecimal priceNow,
                                 BigDecimal chargedPrice, List<Long> corrections, String ccgCode) {
    }

    /** Charge lines: term charges and usage lines (late usage is an ADJUSTMENT that adjusts no line), not re-rating debits. */
    private static final String CHARGE_LINE = "(%1$s.kind = 'CHARGE' OR (%1$s.kind = 'ADJUSTMENT' AND %1$s.adjusts_line_id IS NULL))";

    /**
     * The charges of the accounts' agreements, for months up to this one, rated at an older terms
     * version than the agreement's, or a day-rate month with usage corrections not yet settled
     * ({@code corrections}, counted in its quantity). With {@code lock}, their lines are locked first
     * and exactly those read after, in a statement of its own, so that what is read is what the run
     * that held them last committed: two runs never re-rate one line twice, nor a dispute and a run
     * credit it at once. A dry run reads without locking.
     */
    public Map<UUID, List<ChargeToRerate>> chargesToRerate(List<Account> accounts, YearMonth upTo) {
        return chargesToRerate(accounts, upTo, true);
    }

    public Map<UUID, List<ChargeToRerate>> chargesToRerate(List<Account> accounts, YearMonth upTo, boolean lock) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            // an account re-rates the charges of its own invoices only: after a novation each commissioner's months stay its own
            String staleMonths = "SELECT s.agreement_id, s.period_month, i.ccg_code FROM invoice_line s JOIN invoice i ON i.id = s.invoice_id"
                    + " JOIN billing_agreement a ON a.agreement_id = s.agreement_id"
                    + " JOIN unnest(?::text[], ?::text[]) AS account (supplier_code, ccg_code)"
                    + " ON a.supplier_code = account.supplier_code AND i.ccg_code = account.ccg_code"
                    + " WHERE " + CHARGE_LINE.formatted("s") + " AND s.period_month <= ? AND (coalesce(s.rated_version, 0) < a.terms_version"
                    + " OR EXISTS (SELECT 1 FROM usage_record u WHERE u.agreement_id = s.agreement_id AND u.month = s.period_month"
                    + " AND u.invoice_id IS NULL AND u.days < 0))";
            List<Long> locked = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT l.id FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
                    + " WHERE (l.agreement_id, l.period_month, i.ccg_code) IN (" + staleMonths + ") AND " + CHARGE_LINE.formatted("l")
                    + " ORDER BY l.id" + (lock ? " FOR UPDATE OF l" : ""))) {
                bindAccounts(c, select, 1, accounts);
                select.setObject(3, upTo.atDay(1));
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        locked.add(r.getLong(1));
                    }
                }
            }
            Map<UUID, List<ChargeToRerate>> byAgreement = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT l.id, l.invoice_id, l.agreement_id, l.period_month, l.basis, l.quantity, l.vat_rate, l.unit_price,
                           price_in_force(a.agreement_id, l.period_month),
                           l.net_pence + coalesce(d.net, 0) - coalesce(n.by_runs, 0), coalesce(n.conceded, 0),
                           l.vat_pence + coalesce(d.vat, 0) - coalesce(n.vat, 0),
                           (SELECT coalesce(sum(u.days), 0) FROM usage_record u WHERE u.agreement_id = l.agreement_id
                            AND u.month = l.period_month AND (u.invoice_id IS NOT NULL OR u.days < 0)),
                           ARRAY(SELECT u.id FROM usage_record u WHERE u.agreement_id = l.agreement_id AND u.month = l.period_month
                                 AND u.invoice_id IS NULL AND u.days < 0 ORDER BY u.id),
                           i.ccg_code
                    FROM invoice_line l JOIN billing_agreement a ON a.agreement_id = l.agreement_id JOIN invoice i ON i.id = l.invoice_id
                         LEFT JOIN LATERAL (SELECT sum(net_pence) AS net, sum(vat_pence) AS vat FROM invoice_line WHERE adjusts_line_id = l.id) d ON true
                         LEFT JOIN LATERAL (SELECT sum(net_pence) FILTER (WHERE run_id IS NOT NULL) AS by_runs,
                                                   sum(net_pence) FILTER (WHERE run_id IS NULL) AS conceded, sum(vat_pence) AS vat
                                            FROM credit_note WHERE invoice_line_id = l.id) n ON true
                    WHERE l.id = ANY (?) ORDER BY l.agreement_id, l.period_month, l.id""")) {
                select.setArray(1, c.createArrayOf("bigint", locked.toArray()));
                try (ResultSet r = select.executeQuery()) {
                    ChargeToRerate month = null;
                    while (r.next()) {
                        boolean dayRate = Charges.Basis.DAY_RATE.name().equals(r.getString(5));
                        ChargeToRerate line = new ChargeToRerate(List.of(r.getLong(1)), r.getLong(1), r.getObject(2, UUID.class),
                                r.getObject(3, UUID.class), YearMonth.from(r.getObject(4, LocalDate.class)), dayRate ? r.getBigDecimal(13)
                                : r.getBigDecimal(6), r.getLong(10), r.getLong(11), r.getLong(12), r.getBigDecimal(7), r.getBigDecimal(9),
                                r.getBigDecimal(8), longs(r.getArray(14)), r.getString(15));
                        if (month != null && month.agreementId().equals(line.agreementId()) && month.month().equals(line.month())) {
                            month = together(month, line); // a day-rate month's usage lines are re-rated as one
                        } else {
                            if (month != null) {
                                byAgreement.computeIfAbsent(month.agreementId(), x -> new ArrayList<>()).add(month);
                            }
                            month = line;
                        }
                    }
                    if (month != null) {
                        byAgreement.computeIfAbsent(month.agreementId(), x -> new ArrayList<>()).add(month);
                    }
                }
            }
            return byAgreement;
        });
    }

    /** Two lines of one agreement-month as one charge, credited or debited against the later. */
    private static ChargeToRerate together(ChargeToRerate earlier, ChargeToRerate later) {
        List<Long> ids = new ArrayList<>(earlier.lineIds());
        ids.addAll(later.lineIds());
        return new ChargeToRerate(ids, later.lineId(), later.invoiceId(), later.agreementId(), later.month(), later.quantity(),
                earlier.ruleNetPence() + later.ruleNetPence(), earlier.concededNetPence() + later.concededNetPence(),
                earlier.standingVatPence() + later.standingVatPence(), later.vatRate(), later.priceNow(), later.chargedPrice(),
                later.corrections(), later.ccgCode());
    }

    private static List<Long> longs(java.sql.Array ids) throws SQLException {
        List<Long> values = new ArrayList<>();
        for (Object id : (Object[]) ids.getArray()) {
            values.add(((Number) id).longValue());
        }
        return values;
    }

    private static Set<YearMonth> months(java.sql.Array dates) throws SQLException {
        Set<YearMonth> months = new java.util.HashSet<>();
        for (Object date : (Object[]) dates.getArray()) {
            months.add(YearMonth.from(date instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) date));
        }
        return months;
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
