package uk.csx.contracts.domain;

import org.junit.jupiter.api.Test;
import uk.csx.platform.api.ProblemException;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 18, rule 2: an agreement starts before the current month only with a reason and an operator's recorded approval. */
class BackdatingTest {
    static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    static final LocalDate LAST_MONTH = LocalDate.of(2026, 5, 1);

    private static Offer offer() {
        return new Offer("0DF", "BUSINESS_INTELLIGENCE", PricingBasis.PER_CAPITA, new BigDecimal("0.9500"), new BigDecimal("20"),
                LocalDate.of(2026, 1, 1), null, "BI", null);
    }

    private static Agreement draft(LocalDate start, String reason) {
        return Agreement.draft("10Q", offer(), null, "PO", start, 12, 3, TODAY, reason);
    }

    @Test
    void aBackDatedStartNeedsAReason() {
        for (String reason : new String[]{null, "", "  "}) {
            InvalidField e = assertThrows(InvalidField.class, () -> draft(LAST_MONTH, reason));
            assertEquals(422, e.status());
            assertEquals("startDate", e.field());
        }
        assertNull(draft(TODAY.withDayOfMonth(1), "not needed").backdatingReason(), "a start this month is not back-dated");
    }

    @Test
    void theSupplierAcceptsABackDatedDraftOnlyOnceAnOperatorHasApprovedIt() {
        Agreement a = draft(LAST_MONTH, "service began on a paper order");
        assertEquals("service began on a paper order", a.backdatingReason());
        assertEquals(409, assertThrows(ProblemException.class, a::accept).status());
        InvalidField blank = assertThrows(InvalidField.class, () -> a.approveBackdating("demo-operator", " "));
        assertEquals("reason", blank.field());

        a.approveBackdating("demo-operator", "paper order 42 seen");
        assertEquals("demo-operator", a.backdatingApprovedBy());
        assertEquals("paper order 42 seen", a.backdatingApprovalReason());
        assertEquals(409, assertThrows(ProblemException.class, () -> a.approveBackdating("demo-operator", "again")).status());
        a.accept();
        assertEquals(Agreement.Status.ACTIVE, a.status(TODAY));
    }

    @Test
    void thereIsNothingToApproveOnADraftThatIsNotBackDatedOrOnASignedAgreement() {
        Agreement current = draft(TODAY, null);
        assertEquals(409, assertThrows(ProblemException.class, () -> current.approveBackdating("op", "why")).status());
        Agreement signed = draft(LAST_MONTH, "paper order");
        signed.approveBackdating("op", "seen");
        signed.accept();
        assertEquals(409, assertThrows(ProblemException.class, () -> signed.approveBackdating("op", "why")).status());
    }
}
