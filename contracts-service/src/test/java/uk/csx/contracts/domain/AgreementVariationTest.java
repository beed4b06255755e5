package uk.csx.contracts.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.csx.platform.api.ProblemException;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 18, rule 1: a variation is a proposal that only the other party's acceptance applies, within
 * the bounds of a draft (price range, 120-month term) and never back-dated before the current month.
 */
class AgreementVariationTest {
    static final LocalDate START = LocalDate.of(2026, 4, 1);
    static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    static final BigDecimal PRICE = new BigDecimal("0.9500");

    private static Offer offer() {
        return new Offer("0DF", "BUSINESS_INTELLIGENCE", PricingBasis.PER_CAPITA, PRICE, new BigDecimal("20"),
                LocalDate.of(2026, 1, 1), null, "BI", null);
    }

    /** A 12-month agreement with three months' notice, signed and active on TODAY. */
    private static Agreement active() {
        Agreement a = Agreement.draft("10Q", offer(), null, "PO-1", START, 12, 3, START.minusDays(10));
        a.accept();
        return a;
    }

    private static AgreementVariation proposal(Agreement a, Party by, String price, LocalDate end, LocalDate from) {
        return AgreementVariation.propose(a, by, "client-" + by, price == null ? null : new BigDecimal(price), end, from, "review", TODAY);
    }

    private static InvalidField refused(int status, String field, Runnable step) {
        InvalidField e = assertThrows(InvalidField.class, step::run);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }

    @Test
    void aProposalChangesNothingUntilTheOtherPartyAcceptsIt() {
        Agreement a = active();
        AgreementVariation v = proposal(a, Party.SUPPLIER, "9.5000", null, TODAY.withDayOfMonth(1));
        assertEquals(AgreementVariation.Status.PROPOSED, v.status());
        assertEquals(0, PRICE.compareTo(a.unitPrice()));

        v.accept(a, Party.CCG, "client-ccg", TODAY);
        assertEquals(AgreementVariation.Status.ACCEPTED, v.status());
        assertEquals(Party.CCG, v.answeredBy());
        assertEquals(new BigDecimal("9.5000"), a.unitPrice());
        assertEquals(true, a.negotiated());
    }

    @Test
    void theProposerCannotAcceptOrRejectItsOwnProposal() {
        Agreement a = active();
        AgreementVariation v = proposal(a, Party.CCG, "0.0100", null, TODAY);
        ProblemException own = assertThrows(ProblemException.class, () -> v.accept(a, Party.CCG, "ccg", TODAY));
        assertEquals(403, own.status());
        assertEquals(403, assertThrows(ProblemException.class, () -> v.reject(Party.CCG, "ccg", "no")).status());
        assertEquals(0, PRICE.compareTo(a.unitPrice()));
        assertEquals(AgreementVariation.Status.PROPOSED, v.status());
    }

    @Test
    void aRejectedProposalLeavesTheTermsAndOnlyTheProposerWithdraws() {
        Agreement a = active();
        LocalDate end = a.endDate();
        AgreementVariation rejected = proposal(a, Party.CCG, null, TODAY.plusDays(1), TODAY);
        rejected.reject(Party.SUPPLIER, "csu", "notice is three months");
        assertEquals(AgreementVariation.Status.REJECTED, rejected.status());
        assertEquals("notice is three months", rejected.answerReason());
        assertEquals(end, a.endDate());

        AgreementVariation withdrawn = proposal(a, Party.CCG, null, TODAY.plusDays(1), TODAY);
        assertEquals(403, assertThrows(ProblemException.class, () -> withdrawn.withdraw(Party.SUPPLIER, "csu")).status());
        withdrawn.withdraw(Party.CCG, "ccg");
        assertEquals(AgreementVariation.Status.WITHDRAWN, withdrawn.status());
        assertEquals(end, a.endDate());
    }

    @ParameterizedTest(name = "{1} a {0} proposal: 409")
    @CsvSource({"ACCEPTED, accept", "ACCEPTED, reject", "ACCEPTED, withdraw", "REJECTED, accept", "REJECTED, withdraw",
            "WITHDRAWN, accept", "WITHDRAWN, reject", "WITHDRAWN, withdraw"})
    void anAnsweredProposalIsFinal(String state, String action) {
        Agreement a = active();
        AgreementVariation v = proposal(a, Party.SUPPLIER, "1.0000", null, TODAY);
        switch (state) {
            case "ACCEPTED" -> v.accept(a, Party.CCG, "ccg", TODAY);
            case "REJECTED" -> v.reject(Party.CCG, "ccg", null);
            default -> v.withdraw(Party.SUPPLIER, "csu");
        }
        Runnable step = switch (action) {
            case "accept" -> () -> v.accept(a, Party.CCG, "ccg", TODAY);
            case "reject" -> () -> v.reject(Party.CCG, "ccg", null);
            default -> () -> v.withdraw(Party.SUPPLIER, "csu");
        };
        assertEquals(409, assertThrows(ProblemException.class, step::run).status());
    }

    @Test
    void endingEarlierThanNoticeAllowsIsPossibleOnlyAsAnAcceptedVariation() {
        Agreement a = active();
        LocalDate early = TODAY.plusMonths(1); // notice would end it no earlier than TODAY + 3 months
        AgreementVariation v = proposal(a, Party.CCG, null, early, TODAY);
        assertEquals(START.plusMonths(12), a.endDate());
        v.accept(a, Party.SUPPLIER, "csu", TODAY);
        assertEquals(early, a.endDate());
        assertNull(v.unitPrice());
    }

    @Test
    void aVariationCannotBeBackDatedBeforeTheCurrentMonth() {
        Agreement a = active();
        InvalidField e = refused(422, "effectiveFrom", () -> proposal(a, Party.SUPPLIER, "9.5000", null, TODAY.withDayOfMonth(1).minusDays(1)));
        assertEquals(true, e.getMessage().contains("2026-06-01"), e.getMessage());
        proposal(a, Party.SUPPLIER, "9.5000", null, TODAY.withDayOfMonth(1)); // the first of the month is allowed
    }

    @Test
    void acceptanceChecksTheProposalAgainAsOfTheDayItIsAccepted() {
        Agreement a = active();
        AgreementVariation v = proposal(a, Party.SUPPLIER, "9.5000", null, TODAY.withDayOfMonth(1));
        // answered next month: the effective date is now in a month that may be invoiced
        refused(422, "effectiveFrom", () -> v.accept(a, Party.CCG, "ccg", TODAY.plusMonths(1)));
        assertEquals(AgreementVariation.Status.PROPOSED, v.status());
        assertEquals(0, PRICE.compareTo(a.unitPrice()));
        // and an agreement terminated meanwhile cannot take it
        a.terminate(null, TODAY, "CCG", null);
        assertEquals(409, assertThrows(ProblemException.class, () -> v.accept(a, Party.CCG, "ccg", TODAY)).status());
    }

    @Test
    void aVariationKeepsTheTermWithin120Months() {
        Agreement a = active();
        LocalDate longest = START.plusMonths(120);
        refused(422, "endDate", () -> proposal(a, Party.SUPPLIER, null, LocalDate.of(2099, 12, 31), TODAY));
        refused(422, "endDate", () -> proposal(a, Party.SUPPLIER, null, longest.plusDays(1), TODAY));
        AgreementVariation v = proposal(a, Party.SUPPLIER, null, longest, TODAY);
        v.accept(a, Party.CCG, "ccg", TODAY);
        assertEquals(longest, a.endDate());
    }

    @ParameterizedTest(name = "unit price {0}: 400")
    @CsvSource({"0", "0.0000", "10000000.0001", "1000000000000000"})
    void aVariedPriceIsWithinItsRange(String price) {
        refused(400, "unitPrice", () -> proposal(active(), Party.SUPPLIER, price, null, TODAY));
    }

    @Test
    void aProposalIsWithinTheTermAndChangesSomething() {
        Agreement a = active();
        refused(422, "endDate", () -> proposal(a, Party.CCG, null, TODAY, TODAY));
        refused(422, "effectiveFrom", () -> proposal(a, Party.CCG, "1.0000", null, a.endDate()));
        assertEquals(400, assertThrows(ProblemException.class, () -> proposal(a, Party.CCG, null, null, TODAY)).status());
        proposal(a, Party.CCG, "10000000", null, TODAY); // the top of the range is allowed
    }

    @Test
    void anAgreementStartsNoEarlierThanTheFirstDayOfTheCurrentMonth() {
        refused(422, "startDate", () -> Agreement.draft("10Q", offer(), null, "PO", TODAY.withDayOfMonth(1).minusDays(1), 12, 3, TODAY));
        assertEquals(TODAY.withDayOfMonth(1), Agreement.draft("10Q", offer(), null, "PO", TODAY.withDayOfMonth(1), 12, 3, TODAY).startDate());
    }

    @ParameterizedTest(name = "negotiated price {0}: 400")
    @CsvSource({"0", "10000000.0001"})
    void aNegotiatedPriceIsWithinItsRange(String price) {
        refused(400, "negotiatedUnitPrice", () -> Agreement.draft("10Q", offer(), new BigDecimal(price), "PO", TODAY, 12, 3, TODAY));
    }

    @Test
    void aWithdrawnOfferIsNotDraftedFrom() {
        Offer offer = offer();
        offer.withdraw();
        assertEquals(false, offer.validOn(TODAY));
        assertEquals(409, assertThrows(ProblemException.class, () -> Agreement.draft("10Q", offer, null, "PO", TODAY, 12, 3, TODAY)).status());
        assertEquals(409, assertThrows(ProblemException.class, offer::withdraw).status());
    }
}
