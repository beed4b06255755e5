package uk.csx.contracts.domain;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import uk.csx.platform.api.ProblemException;
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

    /** Refuses terms that cannot be paid by the rules; nothing is stored when they fail. */
    public void check() {
        if (annualValue.pence() <= 0) {
            throw ProblemException.badRequest("annualValue must be positive");
        }
        if (periodsPerYear < 1 || periodsPerYear > 12 || years < 1 || years > 10) {
            throw ProblemException.badRequest("periodsPerYear is 1 to 12 and years 1 to 10");
        }
        requirePercent(outcomeSharePercent, "outcomeSharePercent");
        phases.forEach(p -> requirePercent(p.sharePercent(), "phase share"));
        if (measures.isEmpty()) {
            throw ProblemException.badRequest("an outcome-based contract needs at least one measure");
        }
        if (measures.stream().map(OutcomePayments.Measure::weightPercent).reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(HUNDRED) != 0) {
            throw ProblemException.badRequest("measure weights must sum to 100");
        }
        Set<String> codes = new HashSet<>();
        for (OutcomePayments.Measure m : measures) {
            if (!codes.add(m.code())) {
                throw ProblemException.badRequest("measure " + m.code() + " appears twice");
            }
            int direction = m.target().compareTo(m.baseline());
            if (direction == 0 || (m.direction() == OutcomePayments.Direction.HIGHER_IS_BETTER) != (direction > 0)) {
                throw ProblemException.badRequest("measure " + m.code() + ": the target must be "
                        + (m.direction() == OutcomePayments.Direction.HIGHER_IS_BETTER ? "above" : "below") + " the baseline");
            }
        }
        switch (model) {
            case SINGLE -> {
                if (providers.size() != 1) {
                    throw ProblemException.badRequest("a SINGLE contract has exactly one provider");
                }
            }
            case PRIME_PROVIDER -> {
                if (providers.stream().filter(p -> "LEAD".equals(p.role())).count() != 1) {
                    throw ProblemException.badRequest("a PRIME_PROVIDER contract has exactly one LEAD provider");
                }
            }
            case ALLIANCE -> {
                if (providers.size() < 2 || providers.stream().anyMatch(p -> p.sharePercent() == null)
                        || providers.stream().map(OutcomePayments.Provider::sharePercent).reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(HUNDRED) != 0) {
                    throw ProblemException.badRequest("an ALLIANCE has two or more providers whose shares sum to 100");
                }
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

    private static void requirePercent(BigDecimal value, String what) {
        if (value == null || value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
            throw ProblemException.badRequest(what + " must be between 0 and 100");
        }
    }
}
