package uk.csx.billing.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import uk.csx.billing.events.BillingEvents;
import uk.csx.billing.persistence.BillingQueries;
import uk.csx.platform.api.RequestIds;
import uk.csx.practicesprojection.PracticesProjection;
import uk.csx.platform.events.EventBacklog;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.audit.AuditTrail;
import uk.csx.platform.events.EventPublisher;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Invoice runs for a month, guarded as Kill Bill guards its invoicing: each supplier + CCG account is
 * billed under a per-account lock taken with {@code pg_try_advisory_xact_lock} (an account another
 * run holds is skipped, not waited for; accounts are billed in groups, a transaction per group, in
 * supplier order, so two runs take the number rows in the same order), after checking that the month is not yet
 * invoiced, and the (supplier, CCG, month) unique key guards the rest: running a month twice, or
 * two runs at once, never invoices anything twice. Invoice and credit-note numbers come from a
 * per-supplier row in the same transaction, so a failure leaves no gap.
 */
@ApplicationScoped
public class BillingRuns {
    private static final Logger LOG = Logger.getLogger(BillingRuns.class);
    /**
     * Accounts billed in one transaction: a commit per account cost more than the billing itself.
     * Each keeps its own lock and checks; a failure rolls back only its group, which a new run bills.
     */
    static final int ACCOUNTS_PER_TRANSACTION = 50;

    private final AgroalDataSource dataSource;
    private final BillingQueries queries;
    private final AccountBilling billing;
    private final EventPublisher events;
    private final ManagedExecutor executor;
    private final ObjectMapper json;
    private final EventBacklog backlog;
    private final Duration practiceEventsWait;
    private final AuditTrail audit;

    public BillingRuns(AgroalDataSource dataSource, BillingQueries queries, AccountBilling billing, EventPublisher events,
                       ManagedExecutor executor, ObjectMapper json, EventBacklog backlog,
                       @ConfigProperty(name = "csx.billing.practice-events-wait") Duration practiceEventsWait, AuditTrail audit) {
        this.audit = audit;
        this.backlog = backlog;
        this.practiceEventsWait = practiceEventsWait;
        this.dataSource = dataSource;
        this.queries = queries;
        this.billing = billing;
        this.events = events;
        this.executor = executor;
        this.json = json;
    }

    public record Counts(int accounts, int invoices, int creditNotes, int skipped, int held) {
    }

    /** A dry run's view of one account. */
    public record Preview(String supplierCode, String ccgCode, int lines, String net, String vat, String gross, int credits) {
    }

    /**
     * Creates the run and bills in the background; the run resource reports progress. While it bills,
     * the run holds a session advisory lock on its own connection: if the process dies, PostgreSQL
     * releases it, and {@link #markIfInterrupted} can tell a dead run from a running one.
     */
    public UUID start(YearMonth month, boolean dryRun) {
        requireBillableMonth(month);
        UUID id = UUID.randomUUID();
        // outside any caller's transaction: the connection lives as long as the run, in another thread
        Connection alive = QuarkusTransaction.suspendingExisting().call(() -> holdRunLock(id));
        QuarkusTransaction.requiringNew().run(() -> execute("INSERT INTO billing_run (id, month, dry_run, status) VALUES (?, ?, ?, 'RUNNING')",
                id, month.atDay(1), dryRun));
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        // submitted outside the caller's transaction: the run must not share it (context propagation would hand it over)
        QuarkusTransaction.suspendingExisting().run(() -> executor.runAsync(() -> {
            if (requestId != null) {
                MDC.put(RequestIds.MDC_KEY, requestId);
            }
            try {
                Counts counts = dryRun ? preview(id, month) : run(id, month);
                QuarkusTransaction.requiringNew().run(() -> execute("""
                                UPDATE billing_run SET status = 'COMPLETED', accounts = ?, invoices = ?, credit_notes = ?, skipped = ?,
                                held = ?, finished_at = now() WHERE id = ?""",
                        counts.accounts(), counts.invoices(), counts.creditNotes(), counts.skipped(), counts.held(), id));
            } catch (RuntimeException e) {
                LOG.errorf(e, "billing run %s failed", id);
                QuarkusTransaction.requiringNew().run(() -> execute(
                        "UPDATE billing_run SET status = 'FAILED', failure = ?, finished_at = now() WHERE id = ?", String.valueOf(e.getMessage()), id));
            } finally {
                releaseRunLock(alive, id);
                MDC.remove(RequestIds.MDC_KEY);
            }
        }));
        return id;
    }

    /**
     * Runs bill months from the exchange's first agreement to the current month (billing is in
     * arrears or for the month in progress, never in advance): any other month is refused.
     */
    private void requireBillableMonth(YearMonth month) {
        YearMonth now = YearMonth.now();
        LocalDate first = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                    "SELECT min(start_date) FROM billing_agreement WHERE status IN ('SIGNED', 'ACTIVE', 'EXPIRED', 'TERMINATED')");
                 ResultSet r = q.executeQuery()) {
                r.next();
                return r.getObject(1, LocalDate.class);
            }
        });
        YearMonth earliest = first == null ? now : YearMonth.from(first);
        if (month.isAfter(now) || month.isBefore(earliest)) {
            throw ProblemException.unprocessable("month: a run bills a month from " + earliest + " (the first agreement's) to " + now
                    + " (this month); " + month + " is outside");
        }
    }

    /**
     * A run still RUNNING whose lock nobody holds was cut off by a crash (its process was killed):
     * it is marked INTERRUPTED, so that nobody waits for it. A new run of the month completes it.
     */
    public void markIfInterrupted(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            if (!runLock(c, "pg_try_advisory_lock", id)) {
                return; // a live process is billing it
            }
            try (PreparedStatement mark = c.prepareStatement("""
                    UPDATE billing_run SET status = 'INTERRUPTED', finished_at = now(),
                    failure = 'the service running it stopped before it finished; a new run of the month completes it'
                    WHERE id = ? AND status = 'RUNNING'""")) {
                mark.setObject(1, id);
                mark.executeUpdate();
            }
            runLock(c, "pg_advisory_unlock", id);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Connection holdRunLock(UUID id) {
        try {
            Connection c = dataSource.getConnection();
            runLock(c, "pg_advisory_lock", id);
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Session locks outlive a pooled connection's return to the pool: unlock first. */
    private static void releaseRunLock(Connection c, UUID id) {
        try (c) {
            runLock(c, "pg_advisory_unlock", id);
        } catch (SQLException e) {
            LOG.warnf("could not release the lock of run %s (%s); it goes with the connection", id, e.getMessage());
        }
    }

    /**
     * Calls one of PostgreSQL's session advisory-lock functions (pg_advisory_lock, pg_try_advisory_lock,
     * pg_advisory_unlock) on the run's key: true unless it answered false (pg_advisory_lock answers nothing).
     */
    private static boolean runLock(Connection c, String function, UUID id) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT " + function + "(hashtext(?))")) {
            lock.setString(1, "billing-run|" + id);
            try (ResultSet answer = lock.executeQuery()) {
                answer.next();
                return !Boolean.FALSE.equals(answer.getObject(1));
            }
        }
    }

    /** Bills every account for the month; safe to repeat and to run beside another run of the month. */
    public Counts run(UUID runId, YearMonth month) {
        boolean populationsCurrent = practiceEventsApplied();
        List<BillingQueries.Account> accounts = QuarkusTransaction.requiringNew().call(() -> queries.accounts(month));
        int invoices = 0;
        int creditNotes = 0;
        int skipped = 0;
        int held = 0;
        for (int from = 0; from < accounts.size(); from += ACCOUNTS_PER_TRANSACTION) {
            List<BillingQueries.Account> chunk = accounts.subList(from, Math.min(accounts.size(), from + ACCOUNTS_PER_TRANSACTION));
            Counts group = QuarkusTransaction.requiringNew().call(() -> billGroup(runId, chunk, month, populationsCurrent));
            invoices += group.invoices();
            creditNotes += group.creditNotes();
            skipped += group.skipped();
            held += group.held();
        }
        return new Counts(accounts.size(), invoices, creditNotes, skipped, held);
    }

    /**
     * Whether billing's copy of the practices register holds every practice event published before
     * the run: waited for a while (a burst is being applied), false when it stays behind or the
     * broker cannot tell. Per-capita accounts are held then, never billed on a part of a population.
     */
    private boolean practiceEventsApplied() {
        try {
            boolean applied = backlog.awaitApplied(PracticesProjection.TOPIC, practiceEventsWait);
            if (!applied) {
                LOG.warnf("practice events are still being applied after %s: per-capita accounts are held", practiceEventsWait);
            }
            return applied;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.warnf("cannot tell whether the practice events are applied (%s): per-capita accounts are held", e.getMessage());
            return false;
        }
    }

    private Counts preview(UUID runId, YearMonth month) {
        boolean populationsCurrent = practiceEventsApplied();
        List<AccountBilling.Bill> held = new ArrayList<>();
        List<Preview> previews = QuarkusTransaction.requiringNew().call(() -> {
            List<Preview> found = new ArrayList<>();
            for (BillingQueries.Account account : queries.accounts(month)) {
                AccountBilling.Bill bill = billing.bill(account, month, populationsCurrent);
                if (bill.isHeld()) {
                    held.add(bill); // a dry run reports the holds a run would make
                } else if (!bill.lines().isEmpty() || !bill.credits().isEmpty()) {
                    found.add(new Preview(account.supplierCode(), account.ccgCode(), bill.lines().size(), bill.net().toString(),
                            bill.vat().toString(), bill.gross().toString(), bill.credits().size()));
                }
            }
            return found;
        });
        String preview;
        try {
            preview = json.writeValueAsString(previews);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            execute("UPDATE billing_run SET preview = ? WHERE id = ?", preview, runId);
            try (Connection c = dataSource.getConnection()) {
                recordHolds(c, runId, held);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        return new Counts(previews.size(), previews.size(), (int) previews.stream().mapToInt(Preview::credits).sum(), 0, held.size());
    }

    /**
     * Bills a group of accounts in the current transaction: locks them (leaving out those another
     * run holds), reads their agreements with each one's charged flag in one query, and invoices
     * every agreement-month not yet charged. An account already invoiced for the month gets a
     * supplementary invoice for what is new (an agreement that started in an invoiced month), never
     * a skip; with nothing new it counts as already invoiced.
     */
    private Counts billGroup(UUID runId, List<BillingQueries.Account> group, YearMonth month, boolean populationsCurrent) {
        List<BillingQueries.Account> locked = queries.lockForMonth(group, month);
        Map<BillingQueries.Account, Integer> invoiced = queries.invoiceCounts(locked, month);
        Map<BillingQueries.Account, List<BillingQueries.AgreementInMonth>> agreements = queries.agreements(locked, month);
        Map<UUID, List<BillingQueries.ChargeToRerate>> toRerate = queries.chargesToRerate(locked, month);
        List<AccountBilling.Bill> bills = locked.stream()
                .map(a -> billing.bill(a, month, agreements.getOrDefault(a, List.of()), toRerate, populationsCurrent)).toList();
        try (Connection c = dataSource.getConnection()) {
            List<AccountBilling.Bill> held = bills.stream().filter(AccountBilling.Bill::isHeld).toList();
            recordHolds(c, runId, held);
            events.publishAll(held.stream().map(b -> new EventPublisher.Draft(BillingEvents.ACCOUNT_HELD,
                    b.account().supplierCode() + "|" + b.account().ccgCode(), new BillingEvents.AccountHeld(runId, b.account().supplierCode(),
                    b.account().ccgCode(), month.atDay(1), b.heldReason()))).toList());
            List<AccountBilling.Bill> toInvoice = bills.stream().filter(b -> !b.lines().isEmpty()).toList();
            issueInvoices(c, runId, toInvoice, month, invoiced);
            int creditNotes = 0;
            for (AccountBilling.Bill bill : bills) {
                for (CreditLine credit : bill.credits()) {
                    issueCreditNote(c, runId, bill.account().supplierCode(), credit);
                    audit.recordSystem(Invoices.AUDITED, credit.invoiceId(), "credit note by billing run " + runId + ": " + credit.reason(),
                            "billing-run " + runId, Map.of("credited", "+" + credit.gross()));
                    creditNotes++;
                }
            }
            markRerated(c, bills);
            markCreditedUsage(c, bills);
            long nothingNew = bills.stream().filter(b -> b.lines().isEmpty() && !b.isHeld() && invoiced.containsKey(b.account())).count();
            return new Counts(group.size(), toInvoice.size(), creditNotes, group.size() - locked.size() + (int) nothingNew, held.size());
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Charge lines the bills re-rated now stand at their agreement's terms version: a later run leaves them be. */
    private static void markRerated(Connection c, List<AccountBilling.Bill> bills) throws SQLException {
        try (PreparedStatement mark = c.prepareStatement("UPDATE invoice_line SET rated_version = ? WHERE id = ?")) {
            for (AccountBilling.Bill bill : bills) {
                for (Map.Entry<Long, Integer> line : bill.rerated().entrySet()) {
                    mark.setInt(1, line.getValue());
                    mark.setLong(2, line.getKey());
                    mark.addBatch();
                }
            }
            mark.executeBatch();
        }
    }

    /** Usage settled by a credit note (or cancelled out) is invoiced: a later run leaves it be. */
    private static void markCreditedUsage(Connection c, List<AccountBilling.Bill> bills) throws SQLException {
        try (PreparedStatement mark = c.prepareStatement("UPDATE usage_record SET invoice_id = ? WHERE id = ? AND invoice_id IS NULL")) {
            for (AccountBilling.Bill bill : bills) {
                for (Map.Entry<Long, UUID> usage : bill.usageCredited().entrySet()) {
                    mark.setObject(1, usage.getValue());
                    mark.setLong(2, usage.getKey());
                    mark.addBatch();
                }
            }
            for (int updated : mark.executeBatch()) {
                if (updated == 0) {
                    throw new IllegalStateException("usage was settled by another run meanwhile; this group is billed by a later run");
                }
            }
        }
    }

    /** Held accounts with their reasons, for the run's report; nothing of theirs is invoiced. */
    private static void recordHolds(Connection c, UUID runId, List<AccountBilling.Bill> held) throws SQLException {
        if (held.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO billing_run_hold (run_id, supplier_code, ccg_code, reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (AccountBilling.Bill bill : held) {
                insert.setObject(1, runId);
                insert.setString(2, bill.account().supplierCode());
                insert.setString(3, bill.account().ccgCode());
                insert.setString(4, bill.heldReason());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * One invoice per bill, numbered in the bills' order, with their lines and events written in
     * batches; an account with {@code earlier} invoices for the month gets the next in its sequence.
     */
    private void issueInvoices(Connection c, UUID runId, List<AccountBilling.Bill> bills, YearMonth month,
                               Map<BillingQueries.Account, Integer> earlier) throws SQLException {
        if (bills.isEmpty()) {
            return;
        }
        // each supplier's block of numbers is taken once, in supplier order (as every run takes them: no deadlock between runs)
        Map<String, Iterator<String>> numbers = new HashMap<>();
        bills.stream().collect(Collectors.groupingBy(b -> b.account().supplierCode(), TreeMap::new,
                        Collectors.counting()))
                .forEach((supplier, count) -> numbers.put(supplier, nextNumbers(c, supplier, "INV", month.getYear(), count.intValue()).iterator()));
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO invoice (id, number, supplier_code, ccg_code, month, run_id, net_pence, vat_pence, gross_pence, status, issued_on, sequence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ISSUED', ?, ?)""");
             PreparedStatement line = c.prepareStatement("""
                INSERT INTO invoice_line (invoice_id, agreement_id, kind, service_line_code, period_month, description, po_number, basis,
                    unit_price, quantity, net_pence, vat_rate, vat_pence, gross_pence, rated_version, adjusts_line_id, billed_to)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement usage = c.prepareStatement("UPDATE usage_record SET invoice_id = ? WHERE id = ? AND invoice_id IS NULL")) {
            List<EventPublisher.Draft> issued = new ArrayList<>();
            for (AccountBilling.Bill bill : bills) {
                UUID id = UUID.randomUUID();
                String number = numbers.get(bill.account().supplierCode()).next();
                insert.setObject(1, id);
                insert.setString(2, number);
                insert.setString(3, bill.account().supplierCode());
                insert.setString(4, bill.account().ccgCode());
                insert.setObject(5, month.atDay(1));
                insert.setObject(6, runId);
                insert.setLong(7, bill.net().pence());
                insert.setLong(8, bill.vat().pence());
                insert.setLong(9, bill.gross().pence());
                insert.setObject(10, LocalDate.now());
                int sequence = earlier.getOrDefault(bill.account(), 0) + 1;
                insert.setInt(11, sequence);
                insert.addBatch();
                for (InvoiceLine l : bill.lines()) {
                    line.setObject(1, id);
                    line.setObject(2, l.agreementId());
                    line.setString(3, l.kind());
                    line.setString(4, l.serviceLineCode());
                    line.setObject(5, l.periodMonth().atDay(1));
                    line.setString(6, l.description());
                    line.setString(7, l.poNumber());
                    line.setString(8, l.basis().name());
                    line.setBigDecimal(9, l.unitPrice());
                    line.setBigDecimal(10, l.quantity());
                    line.setLong(11, l.net().pence());
                    line.setBigDecimal(12, l.vatRate());
                    line.setLong(13, l.vat().pence());
                    line.setLong(14, l.gross().pence());
                    line.setObject(15, l.ratedVersion(), java.sql.Types.INTEGER);
                    line.setObject(16, l.adjustsLineId(), java.sql.Types.BIGINT);
                    line.setString(17, bill.account().ccgCode());
                    line.addBatch();
                    for (Long usageId : l.usageIds()) {
                        usage.setObject(1, id);
                        usage.setLong(2, usageId);
                        usage.addBatch();
                    }
                }
                audit.recordSystem(Invoices.AUDITED, id, "issued by billing run " + runId, "billing-run " + runId,
                        Map.of("number", number, "gross", bill.gross().toString(), "status", "ISSUED", "supplementary", sequence > 1));
                issued.add(new EventPublisher.Draft(BillingEvents.INVOICE_ISSUED, id.toString(), new BillingEvents.InvoiceIssued(id, number,
                        bill.account().supplierCode(), bill.account().ccgCode(), month.atDay(1), bill.net().toString(), bill.vat().toString(),
                        bill.gross().toString(), sequence > 1)));
            }
            insert.executeBatch();
            line.executeBatch();
            // each usage record is invoiced once: a record another run invoiced meanwhile rolls this group back
            for (int updated : usage.executeBatch()) {
                if (updated == 0) {
                    throw new IllegalStateException("usage was invoiced by another run meanwhile; this group is billed by a later run");
                }
            }
            events.publishAll(issued);
        }
    }

    /** Issues a credit note against an invoice (a run's termination credits, or a resolved dispute). */
    public UUID issueCreditNote(Connection c, UUID runId, String supplierCode, CreditLine credit) throws SQLException {
        UUID id = UUID.randomUUID();
        String number = nextNumber(c, supplierCode, "CN", LocalDate.now().getYear());
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO credit_note (id, number, invoice_id, invoice_line_id, run_id, reason, net_pence, vat_pence, gross_pence, issued_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement invoice = c.prepareStatement("""
                     UPDATE invoice SET credited_pence = credited_pence + ?, version = version + 1 WHERE id = ?
                     RETURNING gross_pence, paid_pence, credited_pence, status""");
             PreparedStatement status = c.prepareStatement("UPDATE invoice SET status = ? WHERE id = ?")) {
            insert.setObject(1, id);
            insert.setString(2, number);
            insert.setObject(3, credit.invoiceId());
            insert.setObject(4, credit.invoiceLineId() == 0 ? null : credit.invoiceLineId());
            insert.setObject(5, runId);
            insert.setString(6, credit.reason());
            insert.setLong(7, credit.net().pence());
            insert.setLong(8, credit.vat().pence());
            insert.setLong(9, credit.gross().pence());
            insert.setObject(10, LocalDate.now());
            insert.executeUpdate();
            invoice.setLong(1, credit.gross().pence());
            invoice.setObject(2, credit.invoiceId());
            try (ResultSet after = invoice.executeQuery()) {
                after.next();
                // a disputed invoice stays so until the dispute is resolved; otherwise the status follows the balance
                if (!InvoiceStatus.DISPUTED.name().equals(after.getString(4))) {
                    status.setString(1, InvoiceStatus.of(after.getLong(1), after.getLong(2), after.getLong(3)).name());
                    status.setObject(2, credit.invoiceId());
                    status.executeUpdate();
                }
            }
        }
        events.publish(BillingEvents.CREDIT_NOTE_ISSUED, credit.invoiceId().toString(), new BillingEvents.CreditNoteIssued(id, number,
                credit.invoiceId(), credit.reason(), credit.net().toString(), credit.vat().toString(), credit.gross().toString()));
        return id;
    }

    /** The next number of a supplier's document kind, e.g. 0DF-2026-000123; gapless because it commits with the document. */
    static String nextNumber(Connection c, String supplierCode, String kind, int year) {
        return nextNumbers(c, supplierCode, kind, year, 1).get(0);
    }

    /** The next {@code count} numbers of a supplier's document kind, taken from its row in one statement. */
    static List<String> nextNumbers(Connection c, String supplierCode, String kind, int year, int count) {
        try (PreparedStatement next = c.prepareStatement("""
                INSERT INTO document_sequence (supplier_code, kind, last_number) VALUES (?, ?, ?)
                ON CONFLICT (supplier_code, kind) DO UPDATE SET last_number = document_sequence.last_number + excluded.last_number
                RETURNING last_number""")) {
            next.setString(1, supplierCode);
            next.setString(2, kind);
            next.setLong(3, count);
            try (ResultSet rs = next.executeQuery()) {
                rs.next();
                long last = rs.getLong(1);
                String prefix = kind.equals("INV") ? supplierCode : supplierCode + "-CN";
                List<String> numbers = new ArrayList<>(count);
                for (long n = last - count + 1; n <= last; n++) {
                    numbers.add(String.format("%s-%d-%06d", prefix, year, n));
                }
                return numbers;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void execute(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
