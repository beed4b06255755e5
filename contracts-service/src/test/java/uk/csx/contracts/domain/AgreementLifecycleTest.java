package uk.csx.contracts.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.csx.platform.api.ProblemException;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every lifecycle step from every state: the legal ones and the 409s. */
class AgreementLifecycleTest {
    static final LocalDate START = LocalDate.of(2026, 4, 1);
    /** When the drafts of these tests are made: before their start. */
    static final LocalDate DRAFTED = START.minusDays(10);

    private static Agreement in(String state, LocalDate today) {
        Offer offer = new Offer("0DF", "BUSINESS_INTELLIGENCE", PricingBasis.PER_CAPITA, new BigDecimal("0.9500"), new BigDecimal("20"),
                LocalDate.of(2026, 1, 1), null, "BI", null);
        Agreement a = Agreement.draft("10Q", offer, null, "PO-1", START, 24, 3, DRAFTED);
        switch (state) {
            case "DRAFT" -> { }
            case "WITHDRAWN" -> a.withdraw();
            case "SIGNED", "ACTIVE", "EXPIRED" -> a.accept();
            case "TERMINATED" -> {
                a.accept();
                a.terminate(null, START.plusMonths(1), "CCG", null);
            }
            default -> throw new IllegalArgumentException(state);
        }
        assertEquals(Agreement.Status.valueOf(state), a.status(today));
        return a;
    }

    @ParameterizedTest(name = "{1} from {0}: {2}")
    @CsvSource({
            "DRAFT,      accept,    SIGNED",
            "DRAFT,      withdraw,  WITHDRAWN",
            "DRAFT,      vary,      409",
            "DRAFT,      terminate, 409",
            "SIGNED,     accept,    409",
            "SIGNED,     withdraw,  409",
            "SIGNED,     vary,      SIGNED",
            "SIGNED,     terminate, TERMINATED",
            "ACTIVE,     accept,    409",
            "ACTIVE,     withdraw,  409",
            "ACTIVE,     vary,      ACTIVE",
            "ACTIVE,     terminate, TERMINATED",
            "EXPIRED,    accept,    409",
            "EXPIRED,    withdraw,  409",
            "EXPIRED,    vary,      409",
            "EXPIRED,    terminate, 409",
            "TERMINATED, accept,    409",
            "TERMINATED, withdraw,  409",
            "TERMINATED, vary,      409",
            "TERMINATED, terminate, 409",
            "WITHDRAWN,  accept,    409",
            "WITHDRAWN,  withdraw,  409",
            "WITHDRAWN,  vary,      409",
            "WITHDRAWN,  terminate, 409"})
    void transitions(String from, String action, String outcome) {
        LocalDate today = switch (from) {
            case "SIGNED", "DRAFT", "WITHDRAWN" -> START.minusDays(10);
            case "EXPIRED" -> START.plusYears(3);
            default -> START.plusMonths(2);
        };
        Agreement a = in(from, today);
        Runnable step = switch (action) {
            case "accept" -> a::accept;
            case "withdraw" -> a::withdraw;
            case "vary" -> () -> a.vary(new BigDecimal("0.9000"), null, today.isBefore(START) ? START : today, today);
            case "terminate" -> () -> a.terminate(null, today, "SUPPLIER", "test");
            default -> throw new IllegalArgumentException(action);
        };
        if (outcome.equals("409")) {
            ProblemException refused = assertThrows(ProblemException.class, step::run);
            assertEquals(409, refused.status());
        } else {
            step.run();
            assertEquals(Agreement.Status.valueOf(outcome), a.status(today));
        }
    }

    @org.junit.jupiter.api.Test
    void terminationEndsOnTheLaterOfTheRequestedDateAndNotice() {
        LocalDate today = LocalDate.of(2026, 6, 15);
        Agreement early = in("ACTIVE", today);
        assertEquals(LocalDate.of(2026, 9, 15), early.terminate(LocalDate.of(2026, 7, 1), today, "CCG", null));
        Agreement late = in("ACTIVE", today);
        assertEquals(LocalDate.of(2027, 1, 1), late.terminate(LocalDate.of(2027, 1, 1), today, "CCG", null));
        Agreement beyond = in("ACTIVE", today);
        assertEquals(START.plusMonths(24), beyond.terminate(LocalDate.of(2030, 1, 1), today, "CCG", null));
    }

    @org.junit.jupiter.api.Test
    void aPriceOtherThanTheOffersIsNegotiated() {
        Offer offer = new Offer("0DF", "BUSINESS_INTELLIGENCE", PricingBasis.PER_CAPITA, new BigDecimal("0.9500"), BigDecimal.ZERO,
                LocalDate.of(2026, 1, 1), null, "BI", null);
        assertEquals(false, Agreement.draft("10Q", offer, null, "PO", START, 12, 1, DRAFTED).negotiated());
        assertEquals(false, Agreement.draft("10Q", offer, new BigDecimal("0.95"), "PO", START, 12, 1, DRAFTED).negotiated());
        assertEquals(true, Agreement.draft("06F", offer, new BigDecimal("0.9000"), "PO", START, 12, 1, DRAFTED).negotiated());
    }
}
