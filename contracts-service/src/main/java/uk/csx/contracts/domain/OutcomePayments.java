package uk.csx.contracts.domain;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import uk.csx.platform.money.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome-payment arithmetic of docs/design.md §5, kept pure so it can be shown and tested:
 * for a period, core = V × (1 − s) ÷ periods and pot = V × s ÷ periods; each measure's attainment
 * = (actual − baseline) ÷ (target − baseline) clamped to [0, 1] (mirrored for lower-is-better);
 * outcome payment = pot × Σ weight × attainment. Amounts are rounded once, to the penny, and the
 * providers' parts are split by their shares with the largest-remainder method, so they sum exactly.
 */
public final class OutcomePayments {
    private static final MathContext EXACT = MathContext.DECIMAL128;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private OutcomePayments() {
    }

    public enum Direction { HIGHER_IS_BETTER, LOWER_IS_BETTER }

    public record Measure(@NotBlank @Size(max = 50) String code, @Size(max = 500) String description, @NotNull BigDecimal baseline,
                          @NotNull BigDecimal target, @NotNull BigDecimal weightPercent, @NotNull Direction direction) {
    }

    public record Provider(@NotBlank @Size(max = 10) String code, @Size(max = 20) String role, BigDecimal sharePercent) {
    }

    public record MeasureAttainment(String code, BigDecimal actual, BigDecimal attainment, BigDecimal weightPercent, BigDecimal weighted) {
    }

    public record Part(String providerCode, Money amount) {
    }

    public record Determination(Money annualValue, int periods, BigDecimal outcomeSharePercent, Money corePayment, Money outcomePot,
                                List<MeasureAttainment> measures, BigDecimal weightedAttainment, Money outcomePayment, Money total,
                                List<Part> parts) {
    }

    /** attainment clamped to [0, 1]; the sign of (target − baseline) mirrors it for lower-is-better measures. */
    public static BigDecimal attainment(Measure measure, BigDecimal actual) {
        BigDecimal span = measure.target().subtract(measure.baseline());
        BigDecimal raw = actual.subtract(measure.baseline()).divide(span, EXACT);
        return raw.max(BigDecimal.ZERO).min(BigDecimal.ONE);
    }

    public static Determination determine(Money annualValue, int periods, BigDecimal outcomeSharePercent, List<Measure> measures,
                                          Map<String, BigDecimal> actuals, List<Provider> payees) {
        BigDecimal v = annualValue.toPounds();
        BigDecimal s = outcomeSharePercent.divide(HUNDRED, EXACT);
        BigDecimal n = BigDecimal.valueOf(periods);
        BigDecimal core = v.multiply(BigDecimal.ONE.subtract(s)).divide(n, EXACT);
        BigDecimal pot = v.multiply(s).divide(n, EXACT);
        List<MeasureAttainment> rows = new ArrayList<>();
        BigDecimal weightedSum = BigDecimal.ZERO;
        for (Measure m : measures) {
            BigDecimal actual = actuals.get(m.code());
            if (actual == null) {
                throw new IllegalArgumentException("no result for measure " + m.code());
            }
            BigDecimal a = attainment(m, actual);
            BigDecimal weighted = m.weightPercent().divide(HUNDRED, EXACT).multiply(a, EXACT);
            weightedSum = weightedSum.add(weighted);
            rows.add(new MeasureAttainment(m.code(), actual, a.setScale(4, RoundingMode.HALF_UP), m.weightPercent(), weighted.setScale(4, RoundingMode.HALF_UP)));
        }
        Money corePayment = Money.roundedFromPounds(core);
        Money outcomePayment = Money.roundedFromPounds(pot.multiply(weightedSum, EXACT));
        Money total = corePayment.plus(outcomePayment);
        return new Determination(annualValue, periods, outcomeSharePercent, corePayment, Money.roundedFromPounds(pot), rows,
                weightedSum.setScale(6, RoundingMode.HALF_UP), outcomePayment, total, split(total, payees));
    }

    /** Largest remainder: floor each share, then give the pence left to the largest fractions (ties by code). */
    public static List<Part> split(Money total, List<Provider> payees) {
        BigDecimal sum = payees.stream().map(Provider::sharePercent).reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, Long> floors = new LinkedHashMap<>();
        List<Map.Entry<String, BigDecimal>> remainders = new ArrayList<>();
        long allocated = 0;
        for (Provider p : payees) {
            BigDecimal exact = BigDecimal.valueOf(total.pence()).multiply(p.sharePercent()).divide(sum, EXACT);
            long floor = exact.setScale(0, RoundingMode.FLOOR).longValueExact();
            floors.put(p.code(), floor);
            allocated += floor;
            remainders.add(Map.entry(p.code(), exact.subtract(BigDecimal.valueOf(floor))));
        }
        remainders.sort(Comparator.<Map.Entry<String, BigDecimal>, BigDecimal>comparing(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        for (int i = 0; i < total.pence() - allocated; i++) {
            floors.merge(remainders.get(i).getKey(), 1L, Long::sum);
        }
        return floors.entrySet().stream().map(e -> new Part(e.getKey(), Money.ofPence(e.getValue()))).toList();
    }
}
