package uk.csx.contracts.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.csx.platform.money.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 18, rule 3: care contracts cannot pay twice the pot, a negative amount, or for periods they do not have. */
class CareContractBoundsTest {
    private static OutcomePayments.Measure measure(String code, String weight) {
        return new OutcomePayments.Measure(code, code, new BigDecimal("10"), new BigDecimal("20"), new BigDecimal(weight),
                OutcomePayments.Direction.HIGHER_IS_BETTER);
    }

    private static CareContractTerms alliance(String value, String share1, String share2, String weight1, String weight2, int phaseFrom) {
        return new CareContractTerms("10Q", CareContractTerms.Model.ALLIANCE, "MSK", Money.parse(value), 4, LocalDate.of(2026, 4, 1), 2,
                new BigDecimal("10"), List.of(new CareContractTerms.Phase(phaseFrom, new BigDecimal("20"))),
                List.of(new OutcomePayments.Provider("RNU", "MEMBER", new BigDecimal(share1)),
                        new OutcomePayments.Provider("0DF", "MEMBER", new BigDecimal(share2))),
                List.of(measure("A", weight1), measure("B", weight2)));
    }

    private static void refused(String field, CareContractTerms terms) {
        InvalidField e = assertThrows(InvalidField.class, terms::check);
        assertEquals(400, e.status());
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void sensibleTermsPass() {
        alliance("24000000.00", "60", "40", "50", "50", 5).check();
        alliance("10000000000.00", "99.99", "0.01", "99.99", "0.01", 8).check(); // the top of the range, the last period
    }

    @ParameterizedTest(name = "shares {0} and {1}: {2}")
    @CsvSource({"150, -50, providers[0].sharePercent", "60, -40, providers[1].sharePercent", "0, 100, providers[0].sharePercent",
            "60, 50, providers[].sharePercent"})
    void allianceSharesAreEachInZeroToHundredAndSumTo100(String a, String b, String field) {
        refused(field, alliance("1000.00", a, b, "50", "50", 5));
    }

    @ParameterizedTest(name = "weights {0} and {1}: {2}")
    @CsvSource({"200, -100, measures[0].weightPercent", "100, 0, measures[1].weightPercent", "60, 60, measures[].weightPercent"})
    void measureWeightsAreEachInZeroToHundredAndSumTo100(String a, String b, String field) {
        refused(field, alliance("1000.00", "60", "40", a, b, 5));
    }

    @Test
    void theAnnualValueIsAtMostTenBillionPounds() {
        refused("annualValue", alliance("10000000000.01", "60", "40", "50", "50", 5));
        refused("annualValue", alliance("0.00", "60", "40", "50", "50", 5));
    }

    @ParameterizedTest(name = "phase from period {0}")
    @CsvSource({"0", "9", "-1"})
    void phasesStartWithinTheContractsPeriods(int from) {
        refused("phases[0].fromPeriod", alliance("1000.00", "60", "40", "50", "50", from)); // 2 years of 4 periods
    }

    @Test
    void resultsAreForTheContractsMeasuresOnly() {
        CareContractTerms terms = alliance("1000.00", "60", "40", "50", "50", 5);
        terms.checkKnownMeasures(Map.of("A", BigDecimal.ONE, "B", BigDecimal.TEN));
        InvalidField e = assertThrows(InvalidField.class, () -> terms.checkKnownMeasures(Map.of("A", BigDecimal.ONE, "C", BigDecimal.TEN)));
        assertEquals("actuals.C", e.field());
    }
}
