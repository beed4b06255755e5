package uk.csx.billing.domain;

import io.agroal.api.AgroalDataSource;
import uk.csx.platform.persistence.NativeValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import uk.csx.billing.events.BillingEvents;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.audit.AuditTrail;
import uk.csx.platform.events.EventPublisher;
import uk.csx.platform.money.Money;
import uk.csx.practicesprojection.Populations;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An invoice after it is issued: ISSUED → PART_PAID → PAID by payments; a CCG may dispute it
 * (DISPUTED), and the supplier resolves the dispute with a credit note or a rejection. Nothing is
 * deleted: corrections are credit notes.
 */
@ApplicationScoped
public class Invoices {
    private final EntityManager em;
    private final AgroalDataSource dataSource;
    private final EventPublisher events;
    private final BillingRuns runs;
    private final Populations populations;

    private final AuditTrail audit;

    public Invoices(EntityManager em, AgroalDataSource dataSource, EventPublisher events, BillingRuns runs, Populations populations,
                    AuditTrail audit) {
        this.audit = audit;
        this.em = em;
        this.dataSource = dataSource;
        this.events = events;
        this.runs = runs;
        this.populations = populations;
    }

    public record Invoice(UUID id, String number, String supplierCode, String ccgCode, LocalDate month, Money net, Money vat, Money gross,
                          Money paid, Money credited, String status, String disputeReason, LocalDate issuedOn, long version, int sequence) {
        /** What is still to pay (never negative). */
        public Money balance() {
            return Money.ofPence(Math.max(0, gross.pence() - paid.pence() - credited.pence()));
        }

        /** Credits beyond what was unpaid: owed back to the commissioner. */
        public Money refundDue() {
            return Money.ofPence(Math.max(0, paid.pence() + credited.pence() - gross.pence()));
        }
    }

    public record Line(long id, UUID agreementId, String kind, String serviceLineCode, LocalDate periodMonth, String description,
                       String purchaseOrderNumber, String basis, BigDecimal unitPrice, BigDecimal quantity, Money net, BigDecimal vatRate,
                       Money vat, Money gross) {
    }

    public record CreditNote(UUID id, String number, UUID invoiceId, String reason, Money net, Money vat, Money gross, LocalDate issuedOn) {
    }

    private static final String COLUMNS = "id, number, supplier_code, ccg_code, month, net_pence, vat_pence, gross_pence, paid_pence, "
            + "credited_pence, status, dispute_reason, issued_on, version, sequence";

    public Invoice get(UUID id) {
        return find("SELECT " + COLUMNS + " FROM invoice WHERE id = ?1", id).stream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("invoice", id));
    }

    /**
     * Keyset page by number of the invoices addressed to one of the commissioners or issued by the
     * supplier (null each: any), optionally of one month.
     */
    public List<Invoice> page(List<String> commissioners, String supplier, LocalDate month, String afterNumber, int limit) {
        return find("SELECT " + COLUMNS + " FROM invoice WHERE (CAST(?1 AS TEXT) IS NULL OR ccg_code = ANY(CAST(string_to_array(?1, ',') AS TEXT[])))"
                + " AND (CAST(?2 AS TEXT) IS NULL OR supplier_code = ?2)"
                + " AND (CAST(?3 AS DATE) IS NULL OR month = ?3) AND number > ?4 ORDER BY number LIMIT " + (limit + 1),
                commissioners == null ? null : String.join(",", commissioners), supplier, month, afterNumber == null ? "" : afterNumber);
    }

    public List<Line> lines(UUID invoiceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT id, agreement_id, kind, service_line_code, period_month, description, po_number, basis, unit_price, quantity,
                               net_pence, vat_rate, vat_pence, gross_pence FROM invoice_line WHERE invoice_id = ?1 ORDER BY id""")
                .setParameter(1, invoiceId).getResultList();
        return rows.stream().map(r -> new Line(((Number) r[0]).longValue(), (UUID) r[1], (String) r[2], (String) r[3], NativeValues.localDate(r[4]),
                (String) r[5], (String) r[6], (String) r[7], (BigDecimal) r[8], (BigDecimal) r[9], pence(r[10]), (BigDecimal) r[11],
                pence(r[12]), pence(r[13]))).toList();
    }

    public List<CreditNote> creditNotes(UUID invoiceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT id, number, invoice_id, reason, net_pence, vat_pence, gross_pence, issued_on FROM credit_note
                        WHERE invoice_id = ?1 ORDER BY number""").setParameter(1, invoiceId).getResultList();
        return rows.stream().map(r -> new CreditNote((UUID) r[0], (String) r[1], (UUID) r[2], (String) r[3], pence(r[4]), pence(r[5]),
                pence(r[6]), NativeValues.localDate(r[7]))).toList();
    }

    /** Records a payment; more than the balance is refused and changes nothing. */
    @Transactional
    public Invoice pay(UUID invoiceId, Money amount, LocalDate receivedOn, String reference) {
        Invoice invoice = locked(invoiceId);
        if (amount.pence() <= 0) {
            throw ProblemException.badRequest("a payment is a positive amount");
        }
        if (amount.compareTo(invoice.balance()) > 0) {
            throw ProblemException.unprocessable("the payment of £" + amount + " is more than the balance of £" + invoice.balance());
        }
        // a payment is received after the invoice is issued and not in the future: statements match invoices by these dates
        if (receivedOn.isBefore(invoice.issuedOn()) || receivedOn.isAfter(LocalDate.now())) {
            throw ProblemException.unprocessable("receivedOn: a payment is received between the invoice's issue date ("
                    + invoice.issuedOn() + ") and today; " + receivedOn + " is not");
        }
        UUID paymentId = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO payment (id, invoice_id, amount_pence, received_on, reference) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, paymentId).setParameter(2, invoiceId).setParameter(3, amount.pence()).setParameter(4, receivedOn)
                .setParameter(5, reference).executeUpdate();
        long paid = invoice.paid().pence() + amount.pence();
        String status = "DISPUTED".equals(invoice.status()) ? "DISPUTED"
                : InvoiceStatus.of(invoice.gross().pence(), paid, invoice.credited().pence()).name();
        update(invoiceId, "UPDATE invoice SET paid_pence = ?2, status = ?3, version = version + 1 WHERE id = ?1", paid, status);
        events.publish(BillingEvents.PAYMENT_RECORDED, invoiceId.toString(), new BillingEvents.PaymentRecorded(paymentId, invoiceId,
                amount.toString(), receivedOn, status));
        Invoice after = get(invoiceId);
        audit.record(AUDITED, invoiceId, "payment recorded: £" + amount + " received " + receivedOn + (reference == null ? "" : " (" + reference + ")"),
                audited(invoice), audited(after));
        return after;
    }

    @Transactional
    public Invoice dispute(UUID invoiceId, String reason) {
        Invoice invoice = locked(invoiceId);
        if (!InvoiceStatus.valueOf(invoice.status()).disputable()) {
            throw ProblemException.conflict("an invoice that is " + invoice.status() + " cannot be disputed");
        }
        update(invoiceId, "UPDATE invoice SET status = 'DISPUTED', dispute_reason = ?2, version = version + 1 WHERE id = ?1", reason);
        events.publish(BillingEvents.INVOICE_DISPUTED, invoiceId.toString(), new BillingEvents.InvoiceDisputed(invoiceId, reason));
        Invoice after = get(invoiceId);
        audit.record(AUDITED, invoiceId, "disputed", audited(invoice), audited(after));
        return after;
    }

    /**
     * The supplier resolves a dispute: with a credit note for the amount conceded on one of the
     * invoice's lines (at most the balance, and at most what the line stands at), or by rejecting it
     * (no credit). The line's own lock is taken before the invoice's, as a run re-rating it takes
     * them, so a concession and a re-rating never credit one line at once.
     */
    @Transactional
    public Invoice resolve(UUID invoiceId, Money credit, String reason, Long invoiceLineId) {
        List<ConcedableLine> lines = concedableLines(invoiceId);
        Invoice invoice = locked(invoiceId);
        if (!"DISPUTED".equals(invoice.status())) {
            throw ProblemException.conflict("only a disputed invoice is resolved; this one is " + invoice.status());
        }
        if (credit != null && credit.pence() < 0) {
            throw ProblemException.badRequest("credit: a credit is a positive amount (leave it out, or 0.00, to reject the dispute)");
        }
        long credited = invoice.credited().pence();
        if (credit != null && credit.pence() > 0) {
            if (credit.compareTo(invoice.balance()) > 0) {
                throw ProblemException.unprocessable("credit: a credit of £" + credit + " is more than the balance of £" + invoice.balance());
            }
            ConcedableLine line = lineConceded(lines, invoiceLineId);
            if (credit.pence() > line.standingGrossPence()) {
                throw ProblemException.unprocessable("credit: a credit of £" + credit + " is more than line " + line.id() + " stands at (£"
                        + Money.ofPence(line.standingGrossPence()) + ")");
            }
            // the conceded gross amount, split into net and VAT at the line's rate
            Money net = Money.roundedFromPounds(credit.toPounds().multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(100).add(line.vatRate()), java.math.MathContext.DECIMAL128));
            try (Connection c = dataSource.getConnection()) {
                runs.issueCreditNote(c, null, invoice.supplierCode(), new CreditLine(invoiceId, line.id(), "dispute resolved: " + reason,
                        net, Money.ofPence(credit.pence() - net.pence()), credit));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            credited += credit.pence();
        }
        String status = InvoiceStatus.of(invoice.gross().pence(), invoice.paid().pence(), credited).name();
        update(invoiceId, "UPDATE invoice SET status = ?2, version = version + 1 WHERE id = ?1", status);
        events.publish(BillingEvents.DISPUTE_RESOLVED, invoiceId.toString(), new BillingEvents.DisputeResolved(invoiceId,
                credit == null || credit.pence() == 0 ? "REJECTED" : "CREDITED", credit == null ? "0.00" : credit.toString()));
        Invoice after = get(invoiceId);
        audit.record(AUDITED, invoiceId, credit == null || credit.pence() == 0 ? "dispute rejected: " + reason
                : "dispute resolved with a credit of £" + credit + ": " + reason, audited(invoice), audited(after));
        return after;
    }

    /** The resource type of invoices in the audit trail. */
    public static final String AUDITED = "invoice";

    /** The fields of an invoice a payment, a dispute or its resolution changes, as the audit trail keeps them. */
    private static Map<String, Object> audited(Invoice i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", i.status());
        fields.put("paid", i.paid().toString());
        fields.put("credited", i.credited().toString());
        fields.put("balance", i.balance().toString());
        fields.put("refundDue", i.refundDue().toString());
        fields.put("disputeReason", i.disputeReason());
        return fields;
    }

    /**
     * The invoice total split across the commissioner's member practices by list size on the month's
     * first day: an ICB's are those of its sub-ICB locations on that day.
     */
    public List<Apportionment.Part> apportion(Invoice invoice) {
        List<Apportionment.Weight> weights = populations.members(invoice.ccgCode(), invoice.month()).stream()
                .filter(m -> m.patients() != null && m.patients() > 0)
                .map(m -> new Apportionment.Weight(m.practiceCode(), m.commissionerCode(), m.localityName(), m.patients())).toList();
        if (weights.isEmpty()) {
            throw ProblemException.unprocessable("no member practice of " + invoice.ccgCode() + " has a list size on " + invoice.month());
        }
        return Apportionment.split(invoice.gross(), weights);
    }

    /** A line a concession can go against, with what it stands at now (gross, after debits and credits). */
    private record ConcedableLine(long id, BigDecimal vatRate, long standingGrossPence) {
    }

    /** The invoice's charge lines, locked in id order (as runs lock them), with what each stands at. */
    private List<ConcedableLine> concedableLines(UUID invoiceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT l.id, l.vat_rate, l.gross_pence
                               + coalesce((SELECT sum(d.gross_pence) FROM invoice_line d WHERE d.adjusts_line_id = l.id), 0)
                               - coalesce((SELECT sum(n.gross_pence) FROM credit_note n WHERE n.invoice_line_id = l.id), 0)
                        FROM invoice_line l WHERE l.invoice_id = ?1 AND l.adjusts_line_id IS NULL ORDER BY l.id FOR UPDATE OF l""")
                .setParameter(1, invoiceId).getResultList();
        return rows.stream().map(r -> new ConcedableLine(((Number) r[0]).longValue(), (BigDecimal) r[1], ((Number) r[2]).longValue())).toList();
    }

    private static ConcedableLine lineConceded(List<ConcedableLine> lines, Long invoiceLineId) {
        if (invoiceLineId == null) {
            if (lines.size() != 1) {
                throw ProblemException.unprocessable("invoiceLineId: this invoice has " + lines.size()
                        + " lines; say which one the credit concedes");
            }
            return lines.get(0);
        }
        return lines.stream().filter(l -> l.id() == invoiceLineId).findFirst().orElseThrow(() -> ProblemException.unprocessable(
                "invoiceLineId: line " + invoiceLineId + " is not a line of this invoice"));
    }

    private Invoice locked(UUID id) {
        return find("SELECT " + COLUMNS + " FROM invoice WHERE id = ?1 FOR UPDATE", id).stream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("invoice", id));
    }

    private void update(UUID id, String sql, Object... args) {
        var q = em.createNativeQuery(sql).setParameter(1, id);
        for (int i = 0; i < args.length; i++) {
            q.setParameter(i + 2, args[i]);
        }
        q.executeUpdate();
    }

    private List<Invoice> find(String sql, Object... args) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < args.length; i++) {
            q.setParameter(i + 1, args[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(r -> new Invoice((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], NativeValues.localDate(r[4]), pence(r[5]),
                pence(r[6]), pence(r[7]), pence(r[8]), pence(r[9]), (String) r[10], (String) r[11], NativeValues.localDate(r[12]),
                ((Number) r[13]).longValue(), ((Number) r[14]).intValue())).toList();
    }

    static Money pence(Object value) {
        return Money.ofPence(((Number) value).longValue());
    }
}
