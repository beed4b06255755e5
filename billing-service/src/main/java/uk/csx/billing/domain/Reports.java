package uk.csx.billing.domain;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.platform.persistence.NativeValues;
import jakarta.persistence.EntityManager;
import uk.csx.platform.money.Money;
import uk.csx.practicesprojection.Populations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Account statements and the price-consistency report. */
@ApplicationScoped
public class Reports {
    private final EntityManager em;
    private final Populations populations;

    public Reports(EntityManager em, Populations populations) {
        this.em = em;
        this.populations = populations;
    }

    public record Entry(LocalDate date, String kind, String number, String supplierCode, String ccgCode, Money amount) {
    }

    /**
     * A CCG's invoices (+), credit notes and payments (−) over a date range, with its balance at the
     * end of it, and the refunds due to the commissioner now: credits beyond what was unpaid on an
     * invoice already paid in part or in full.
     */
    public record Statement(String party, LocalDate from, LocalDate to, List<Entry> entries, Money balance, Money refundDue) {
    }

    public Statement statement(String ccg, String supplier, LocalDate from, LocalDate to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT d, kind, number, supplier_code, ccg_code, amount FROM (
                          SELECT i.issued_on AS d, 'INVOICE' AS kind, i.number, i.supplier_code, i.ccg_code, i.gross_pence AS amount FROM invoice i
                          UNION ALL
                          SELECT c.issued_on, 'CREDIT_NOTE', c.number, i.supplier_code, i.ccg_code, -c.gross_pence FROM credit_note c JOIN invoice i ON i.id = c.invoice_id
                          UNION ALL
                          SELECT p.received_on, 'PAYMENT', i.number, i.supplier_code, i.ccg_code, -p.amount_pence FROM payment p JOIN invoice i ON i.id = p.invoice_id
                        ) e WHERE (CAST(?1 AS TEXT) IS NULL OR ccg_code = ?1) AND (CAST(?2 AS TEXT) IS NULL OR supplier_code = ?2) AND d <= ?3
                        ORDER BY d, number, kind""")
                .setParameter(1, ccg).setParameter(2, supplier).setParameter(3, to).getResultList();
        List<Entry> entries = new ArrayList<>();
        Money balance = Money.ZERO;
        for (Object[] r : rows) {
            Entry e = new Entry(NativeValues.localDate(r[0]), (String) r[1], (String) r[2], (String) r[3], (String) r[4], Invoices.pence(r[5]));
            balance = balance.plus(e.amount());
            if (!e.date().isBefore(from)) {
                entries.add(e);
            }
        }
        Money refundDue = Invoices.pence(em.createNativeQuery("""
                        SELECT coalesce(sum(paid_pence + credited_pence - gross_pence), 0) FROM invoice WHERE status = 'REFUND_DUE'
                        AND (CAST(?1 AS TEXT) IS NULL OR ccg_code = ?1) AND (CAST(?2 AS TEXT) IS NULL OR supplier_code = ?2)""")
                .setParameter(1, ccg).setParameter(2, supplier).getSingleResult());
        return new Statement(ccg != null ? ccg : supplier, from, to, entries, balance, refundDue);
    }

    public record PriceRow(String ccgCode, BigDecimal unitPrice, BigDecimal publishedUnitPrice, boolean negotiated, String basis,
                           Money monthlyNet, long registeredPopulation, BigDecimal annualPerRegisteredPatient,
                           BigDecimal annualPerWeightedPatient) {
    }

    public record PriceGroup(String supplierCode, String serviceLineCode, List<PriceRow> ccgs, List<String> flags) {
    }

    /**
     * Per supplier and service line, what each CCG was actually charged for the month, normalised to
     * £ a year per registered and per weighted patient; flagged where CCGs pay different prices for
     * the same service or where the agreed price differs from the published offer.
     */
    public List<PriceGroup> priceConsistency(YearMonth month) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT i.supplier_code, l.service_line_code, i.ccg_code, l.unit_price, a.published_unit_price, a.negotiated, l.basis,
                               sum(l.net_pence)
                        FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id JOIN billing_agreement a ON a.agreement_id = l.agreement_id
                        WHERE l.period_month = ?1 AND l.kind = 'CHARGE'
                        GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3""")
                .setParameter(1, month.atDay(1)).getResultList();
        Map<String, PriceGroup> groups = new LinkedHashMap<>();
        for (Object[] r : rows) {
            String ccg = (String) r[2];
            Populations.Population population = populations.of(ccg, month.atDay(1));
            Money net = Invoices.pence(r[7]);
            BigDecimal annual = net.toPounds().multiply(BigDecimal.valueOf(12));
            BigDecimal perHead = population.registered() == 0 ? null : annual.divide(BigDecimal.valueOf(population.registered()), 4, RoundingMode.HALF_UP);
            BigDecimal perWeighted = population.weighted().signum() == 0 ? null : annual.divide(population.weighted(), 4, RoundingMode.HALF_UP);
            BigDecimal price = (BigDecimal) r[3];
            BigDecimal published = (BigDecimal) r[4];
            PriceRow row = new PriceRow(ccg, price, published, price.compareTo(published) != 0, (String) r[6], net,
                    population.registered(), perHead, perWeighted);
            groups.computeIfAbsent(r[0] + "|" + r[1], k -> new PriceGroup((String) r[0], (String) r[1], new ArrayList<>(), new ArrayList<>()))
                    .ccgs().add(row);
        }
        for (PriceGroup g : groups.values()) {
            if (g.ccgs().stream().map(p -> p.unitPrice().stripTrailingZeros()).distinct().count() > 1) {
                g.flags().add("CCGS_PAY_DIFFERENT_PRICES");
            }
            if (g.ccgs().stream().anyMatch(PriceRow::negotiated)) {
                g.flags().add("AGREED_PRICE_DIFFERS_FROM_PUBLISHED");
            }
        }
        return new ArrayList<>(groups.values());
    }
}
