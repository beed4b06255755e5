package uk.csx.contracts.domain;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import uk.csx.platform.money.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a care contract pays for: a CCG, providers in a model, an annual value, the share at risk
 * on outcomes (optionally phased by period), the outcome measures and the number of periods a year.
 */
public record CareContractTerms(@NotNull @Size(max = 5) String ccgCode, @NotNull Model model, @NotBlank @Size(max = 100) String pathway,
                                @NotNull @Valid Money annualValue, int periodsPerYear,
                                @NotNull LocalDate startDate, int years, @NotNull BigDecimal outcomeSharePercent,
                                @Size(max = MAX_PERIODS) List<@NotNull @Valid Phase> phases,
                                @NotNull @Size(max = MAX_PROVIDERS) List<OutcomePayments.@NotNull @Valid Provider> providers,
                                @NotNull @Size(max = MAX_MEASURES) List<OutcomePayments.@NotNull @Valid Measure> measures) {
    public CareContractTerms {
        phases = phases == null ? List.of() : phases; // no phases: the share at risk is the same in every period
    }

    /** A phase can start in any period of the longest contract (10 years of 12 periods). */
    static final int MAX_PERIODS = 120;
    static final int MAX_PROVIDERS = 50;
    static final int MAX_MEASURES = 50;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public enum Model { SINGLE, PRIME_PROVIDER, ALLIANCE }

    /** From this period on, this share of the value is at risk on outcomes. */
    public record Phase(int fromPeriod, @NotNull BigDecimal sharePercent) {
    }

    /**
     * Refuses terms that cannot be paid by the rules; nothing is stored when they fail. Each refusal
     * names the field (issue 18, rule 3): the annual value within (0, £10,000,000,000]; every weight and
     * alliance share in (0, 100] and each set summing to 100; phases starting within the contract's periods.
     */
    public void check() {
        if (annualValue.pence() <= 0 || annualValue.pence() > MoneyRules.MAX_ANNUAL_VALUE_PENCE) {
            throw InvalidField.outOfRange("annualValue", "must be more than 0 and at most 10000000000.00 pounds");
        }
        if (periodsPerYear < 1 || periodsPerYear > 12) {
            throw InvalidField.outOfRange("periodsPerYear", "must be 1 to 12");
        }
        if (years < 1 || years > 10) {
            throw InvalidField.outOfRange("years", "must be 1 to 10");
        }
        requirePercent(outcomeSharePercent, "outcomeSharePercent");
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            requirePercent(phase.sharePercent(), "phases[" + i + "].sharePercent");
            if (phase.fromPeriod() < 1 || phase.fromPeriod() > periods()) {
                throw InvalidField.outOfRange("phases[" + i + "].fromPeriod", "must be a period of the contract, 1 to " + periods());
            }
        }
        if (measures.isEmpty()) {
            throw InvalidField.outOfRange("measures", "an outcome-based contract needs at least one measure");
        }
        for (int i = 0; i < measures.size(); i++) {
            requireShare(measures.get(i).weightPercent(), "measures[" + i + "].weightPercent");
        }
        if (measures.stream().map(OutcomePayments.Measure::weightPercent).reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(HUNDRED) != 0) {
            throw InvalidField.outOfRange("measures[].weightPercent", "must sum to 100");
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < measures.size(); i++) {
            OutcomePayments.Measure m = measures.get(i);
            if (!codes.add(m.code())) {
                throw InvalidField.outOfRange("measures[" + i + "].code", "measure " + m.code() + " appears twice");
            }
            int direction = m.target().compareTo(m.baseline());
            if (direction == 0 || (m.direction() == OutcomePayments.Direction.HIGHER_IS_BETTER) != (direction > 0)) {
                throw InvalidField.outOfRange("measures[" + i + "].target", "must be "
                        + (m.direction() == OutcomePayments.Direction.HIGHER_IS_BETTER ? "above" : "below") + " the baseline");
            }
        }
        for (int i = 0; i < providers.size(); i++) {
            if (providers.get(i).sharePercent() != null) {
                requireShare(providers.get(i).sharePercent(), "providers[" + i + "].sharePercent");
            }
        }
        switch (model) {
            case SINGLE -> {
                if (providers.size() != 1) {
                    throw InvalidField.outOfRange("providers", "a SINGLE contract has exactly one provider");
                }
            }
            case PRIME_PROVIDER -> {
                if (providers.stream().filter(p -> "LEAD".equals(p.role())).count() != 1) {
                    throw InvalidField.outOfRange("providers", "a PRIME_PROVIDER contract has exactly one LEAD provider");
                }
            }
            case ALLIANCE -> {
                if (providers.size() < 2) {
                    throw InvalidField.outOfRange("providers", "an ALLIANCE has two or more providers");
                }
                for (int i = 0; i < providers.size(); i++) {
                    if (providers.get(i).sharePercent() == null) {
                        throw InvalidField.outOfRange("providers[" + i + "].sharePercent", "is required in an ALLIANCE");
                    }
                }
                if (providers.stream().map(OutcomePayments.Provider::sharePercent).reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(HUNDRED) != 0) {
                    throw InvalidField.outOfRange("providers[].sharePercent", "must sum to 100 in an ALLIANCE");
                }
            }
        }
    }

    /** Refuses results for a measure the contract does not have (rule 3: measures known). */
    public void checkKnownMeasures(java.util.Map<String, BigDecimal> actuals) {
        Set<String> known = new HashSet<>();
        measures.forEach(m -> known.add(m.code()));
        for (String code : actuals.keySet()) {
            if (!known.contains(code)) {
                throw InvalidField.outOfRange("actuals." + code, "is not a measure of this contract");
            }
        }
    }

    public int periods() {
        return periodsPerYear * years;
    }

    /** The share at risk in a period: the latest phase that has begun, else the contract's share. */
    public BigDecimal outcomeShareIn(int period) {
        return phases.stream().filter(p -> p.fromPeriod() <= period).max(Comparator.comparingInt(Phase::fromPeriod))
                .map(Phase::sharePercent).orElse(outcomeSharePercent);
    }

    /** Who is paid: the one provider, the lead (it pays its subcontractors), or the alliance by shares. */
    public List<OutcomePayments.Provider> payees() {
        return switch (model) {
            case SINGLE -> List.of(new OutcomePayments.Provider(providers.get(0).code(), "SINGLE", HUNDRED));
            case PRIME_PROVIDER -> providers.stream().filter(p -> "LEAD".equals(p.role()))
                    .map(p -> new OutcomePayments.Provider(p.code(), "LEAD", HUNDRED)).toList();
            case ALLIANCE -> providers;
        };
    }

    private static void requirePercent(BigDecimal value, String field) {
        if (value == null || value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
            throw InvalidField.outOfRange(field, "must be between 0 and 100");
        }
    }

    /** A weight or a share: more than 0 and at most 100. */
    private static void requireShare(BigDecimal value, String field) {
        if (value == null || value.signum() <= 0 || value.compareTo(HUNDRED) > 0) {
            throw InvalidField.outOfRange(field, "must be more than 0 and at most 100");
        }
    }
}
