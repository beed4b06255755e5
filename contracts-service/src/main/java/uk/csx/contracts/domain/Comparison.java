package uk.csx.contracts.domain;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.contracts.persistence.OfferRepository;
import uk.csx.platform.money.Money;
import uk.csx.practicesprojection.Populations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * Price transparency: the offers for a service line, each turned into an estimated annual cost
 * for one CCG (per-capita price × its registered population, the fixed fee, or day rate ×
 * estimated days), cheapest first, and per registered and per weighted patient so that CCGs of
 * different shapes compare fairly.
 */
@ApplicationScoped
public class Comparison {
    private final OfferRepository offers;
    private final Populations populations;

    public Comparison(OfferRepository offers, Populations populations) {
        this.offers = offers;
        this.populations = populations;
    }

    /** One offer's estimate; the costs are null when they cannot be worked out (a day rate without days). */
    public record Row(Offer offer, Money annualCost, BigDecimal perRegisteredPatient, BigDecimal perWeightedPatient, String note) {
    }

    public record Result(String ccgCode, LocalDate asOf, long registeredPopulation, BigDecimal weightedPopulation, List<Row> rows) {
    }

    public Result compare(String serviceLine, String ccgCode, LocalDate asOf, BigDecimal estimatedDays) {
        Populations.Population population = populations.of(ccgCode, asOf);
        List<Row> rows = offers.validOn(asOf, serviceLine, null).stream()
                .map(offer -> estimate(offer, population, estimatedDays))
                .sorted(Comparator.comparing((Row r) -> r.annualCost() == null ? Long.MAX_VALUE : r.annualCost().pence())
                        .thenComparing(r -> r.offer().supplierCode()))
                .toList();
        return new Result(ccgCode, asOf, population.registered(), population.weighted(), rows);
    }

    static Row estimate(Offer offer, Populations.Population population, BigDecimal estimatedDays) {
        BigDecimal annual = switch (offer.basis()) {
            case PER_CAPITA -> offer.unitPrice().multiply(BigDecimal.valueOf(population.registered()));
            case FIXED_ANNUAL -> offer.unitPrice();
            case DAY_RATE -> estimatedDays == null ? null : offer.unitPrice().multiply(estimatedDays);
        };
        if (annual == null) {
            return new Row(offer, null, null, null, "give estimatedDays to cost a day rate");
        }
        Money cost = Money.roundedFromPounds(annual);
        BigDecimal perHead = population.registered() == 0 ? null
                : cost.toPounds().divide(BigDecimal.valueOf(population.registered()), 4, RoundingMode.HALF_UP);
        BigDecimal perWeighted = population.weighted() == null || population.weighted().signum() == 0 ? null
                : cost.toPounds().divide(population.weighted(), 4, RoundingMode.HALF_UP);
        return new Row(offer, cost, perHead, perWeighted, null);
    }
}
