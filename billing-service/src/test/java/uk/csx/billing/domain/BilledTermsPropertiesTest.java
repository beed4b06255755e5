package uk.csx.billing.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;
import uk.csx.billing.events.ContractsEventsHandler;
import uk.csx.platform.events.CloudEvent;
import uk.csx.platform.money.Money;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.PracticesEventsFixture;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rule 4 of the money rules (docs/design.md §5) through the real billing code and PostgreSQL:
 * random agreements of every basis are signed, invoiced for some months, varied (price from a
 * month, end earlier or later), invoiced further, varied or terminated again and invoiced to the
 * end; then, for every month, what the invoices charged and debited less what the credit notes
 * took back equals the money rules applied under the final terms to the days covered, to the
 * penny, net and VAT. Cases are drawn by jqwik's generators from a fixed seed, so a failure names
 * a case that reproduces; agreements are in 2021–2024, months no other test of this service bills.
 */
@QuarkusTest
class BilledTermsPropertiesTest {
    private static final long SEED = 20_261_202L;
    private static final int CASES = 100;
    private static final String CCG = "R9T";
    private static final long POPULATION = 7_000 + 5_321;

    @Inject
    BillingRuns runs;
    @Inject
    ContractsEventsHandler terms;
    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;

    /** Terms: the first price, a new price from a month (a variation's), and an end. */
    record Terms(BigDecimal firstPrice, YearMonth priceFrom, BigDecimal laterPrice, LocalDate end) {
    }

    record Case(Charges.Basis basis, LocalDate start, Terms first, Terms second, Terms third, int monthsUnderFirst, int monthsUnderSecond,
                BigDecimal vatRate) {
    }

    private static Arbitrary<Case> cases() {
        return Arbitraries.of(Charges.Basis.values()).flatMap(basis -> {
            Arbitrary<LocalDate> start = Arbitraries.integers().between(0, 2 * 365).map(d -> LocalDate.of(2021, 1, 1).plusDays(d));
            Arbitrary<Integer> termDays = Arbitraries.integers().between(1, 26 * 31);
            Arbitrary<BigDecimal> price = basis == Charges.Basis.PER_CAPITA
                    ? Arbitraries.longs().between(1, 50_000).map(p -> BigDecimal.valueOf(p, 4))
                    : Arbitraries.longs().between(1, 100_000_000L).map(p -> BigDecimal.valueOf(p, 2));
            Arbitrary<Double> cut = Arbitraries.doubles().between(0.05, 1.3);
            Arbitrary<BigDecimal> vat = Arbitraries.of(BigDecimal.ZERO, BigDecimal.valueOf(5), BigDecimal.valueOf(20));
            return Combinators.combine(start, termDays, price, price, price, cut, cut, vat).as((s, days, p1, p2, p3, c1, c2, rate) -> {
                LocalDate end2 = s.plusDays(Math.max(1, Math.round(days * c1)));
                LocalDate end3 = s.plusDays(Math.max(1, Math.round(days * c2 * 0.9)));
                return new Case(basis, s, new Terms(p1, null, p1, s.plusDays(days)),
                        new Terms(p1, YearMonth.from(s).plusMonths(Math.round(c1 * 8)), p2, end2),
                        new Terms(p1, YearMonth.from(s).plusMonths(Math.round(c2 * 12)), p3, end3),
                        (int) Math.round(c1 * 10), (int) Math.round(c2 * 12), rate);
            });
        });
    }

    @Test
    void whatIsInvoicedLessWhatIsCreditedIsTheRulesUnderTheFinalTerms() throws java.sql.SQLException {
        PracticesEventsFixture.ccgWithPractices(CCG, new String[]{"R90001", "R90002"}, new int[]{7_000, 5_321}, new double[]{7_000, 5_321});
        await().atMost(Duration.ofSeconds(60)).until(() -> Db.count(dataSource,
                "SELECT count(*) FROM pp_list_size WHERE practice_code IN ('R90001', 'R90002')") == 2);
        Random random = new Random(SEED);
        JqwikSession.start();
        try {
            var generator = cases().generator(1_000);
            for (int i = 0; i < CASES; i++) {
                Case c = generator.next(random).value();
                check(c, "T" + String.format("%02d", i));
            }
        } finally {
            JqwikSession.finish();
        }
    }

    private void check(Case c, String supplier) throws java.sql.SQLException {
        UUID agreement = UUID.randomUUID();
        List<YearMonth> months = new ArrayList<>();
        LocalDate latest = max(max(c.first().end(), c.second().end()), c.third().end());
        for (YearMonth m = YearMonth.from(c.start()); m.atDay(1).isBefore(latest); m = m.plusMonths(1)) {
            months.add(m);
        }
        Random usage = new Random(agreement.getLeastSignificantBits());
        sign(agreement, supplier, c, 1, c.first(), c.start());
        invoiceUpTo(agreement, c, c.first(), months, c.monthsUnderFirst(), usage);
        sign(agreement, supplier, c, 2, c.second(), c.second().priceFrom().atDay(1));
        invoiceUpTo(agreement, c, c.second(), months, c.monthsUnderFirst() + c.monthsUnderSecond(), usage);
        sign(agreement, supplier, c, 3, c.third(), c.third().priceFrom().atDay(1));
        invoiceUpTo(agreement, c, c.third(), months, months.size(), usage);
        for (YearMonth m : months) {
            long rule = rule(agreement, c, m);
            long[] billed = billed(agreement, m);
            assertEquals(rule, billed[0], m + " net of " + supplier + " " + c);
            assertEquals(Charges.vatOn(Money.ofPence(rule), c.vatRate()).pence(), billed[1], m + " VAT of " + supplier + " " + c);
        }
        // its months are all billed: other tests' runs leave it be
        Db.execute(dataSource, "UPDATE billing_agreement SET status = 'WITHDRAWN' WHERE agreement_id = ?", agreement);
    }

    /** The agreement's terms version as contracts-service announces it, applied as its consumer applies it. */
    private void sign(UUID id, String supplier, Case c, int version, Terms t, LocalDate effectiveFrom) {
        ObjectNode d = json.createObjectNode().put("agreementId", id.toString()).put("termsVersion", version)
                .put("effectiveFrom", effectiveFrom.toString()).put("status", version == 3 ? "TERMINATED" : "ACTIVE").put("ccgCode", CCG)
                .put("supplierCode", supplier).put("serviceLineCode", "BUSINESS_INTELLIGENCE").put("basis", c.basis().name())
                .put("unitPrice", version == 1 ? t.firstPrice() : t.laterPrice()).put("vatRate", c.vatRate()).put("startDate", c.start().toString())
                .put("endDate", t.end().toString()).put("negotiated", false).put("publishedUnitPrice", t.firstPrice()).put("poNumber", "PO-" + supplier);
        QuarkusTransaction.requiringNew().run(() -> terms.handle(CloudEvent.of("/contracts-service",
                version == 1 ? "contracts.AgreementSigned.v1" : "contracts.AgreementVaried.v1", id.toString(), d)));
    }

    /** Submits a day-rate month's usage once (within the working days the term covers then) and runs the month. */
    private void invoiceUpTo(UUID agreement, Case c, Terms t, List<YearMonth> months, int upTo, Random usage) {
        int last = Math.min(upTo, months.size()) - 1;
        if (last < 0) {
            return;
        }
        if (c.basis() == Charges.Basis.DAY_RATE) {
            for (YearMonth m : months.subList(0, last + 1)) {
                long working = Charges.workingDaysCovered(m, c.start(), t.end());
                if (working > 0 && Db.count(dataSource, "SELECT count(*) FROM usage_record WHERE agreement_id = ? AND month = ?",
                        agreement, m.atDay(1)) == 0) {
                    BigDecimal days = BigDecimal.valueOf(1 + usage.nextInt((int) working * 2), 0).divide(BigDecimal.valueOf(2));
                    Db.execute(dataSource, "INSERT INTO usage_record (agreement_id, month, days, submitted_by) VALUES (?, ?, ?, 'test')",
                            agreement, m.atDay(1), days);
                }
            }
        }
        UUID run = UUID.randomUUID();
        Db.execute(dataSource, "INSERT INTO billing_run (id, month, dry_run, status) VALUES (?, ?, false, 'RUNNING')", run,
                months.get(last).atDay(1));
        runs.run(run, months.get(last));
    }

    /** The rule under the final terms: per capita on the population, fixed fee, or the days invoiced (up to the working days covered). */
    private long rule(UUID agreement, Case c, YearMonth m) {
        BigDecimal quantity = c.basis() == Charges.Basis.DAY_RATE
                ? Db.decimal(dataSource, "SELECT coalesce(sum(days), 0) FROM usage_record WHERE agreement_id = ? AND month = ?", agreement, m.atDay(1))
                : BigDecimal.valueOf(POPULATION);
        return Charges.netForDaysCovered(c.basis(), priceInForce(c, m), quantity, m, c.start(), c.third().end()).pence();
    }

    /** The latest version's price effective by the first day the agreement covers in the month: versions add up, each from its date. */
    private static BigDecimal priceInForce(Case c, YearMonth m) {
        LocalDate day = max(m.atDay(1), c.start());
        BigDecimal price = c.first().firstPrice();
        for (Terms later : List.of(c.second(), c.third())) {
            if (!later.priceFrom().atDay(1).isAfter(day)) {
                price = later.laterPrice();
            }
        }
        return price;
    }

    /** Net and VAT of the month's charges, plus debits, less credit notes. */
    private long[] billed(UUID agreement, YearMonth m) throws java.sql.SQLException {
        try (Connection conn = dataSource.getConnection(); PreparedStatement q = conn.prepareStatement("""
                SELECT coalesce(sum(l.net_pence), 0)
                       - coalesce((SELECT sum(n.net_pence) FROM credit_note n JOIN invoice_line x ON x.id = n.invoice_line_id
                                   WHERE x.agreement_id = ? AND x.period_month = ?), 0),
                       coalesce(sum(l.vat_pence), 0)
                       - coalesce((SELECT sum(n.vat_pence) FROM credit_note n JOIN invoice_line x ON x.id = n.invoice_line_id
                                   WHERE x.agreement_id = ? AND x.period_month = ?), 0)
                FROM invoice_line l WHERE l.agreement_id = ? AND l.period_month = ?""")) {
            for (int i = 0; i < 3; i++) {
                q.setObject(2 * i + 1, agreement);
                q.setObject(2 * i + 2, m.atDay(1));
            }
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return new long[]{r.getLong(1), r.getLong(2)};
            }
        }
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
