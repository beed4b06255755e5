package uk.csx.billing.domain;

import uk.csx.platform.money.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/**
 * The money rules of docs/design.md §5 for one agreement and one calendar month, kept pure:
 * PER_CAPITA = annual rate × registered population on the 1st ÷ 12; FIXED_ANNUAL = fee ÷ 12 with
 * the pence left over on March; DAY_RATE = days × rate; a month covered in part is charged pro
 * rata by days; the net is rounded once, to the penny (half up), and VAT is worked on it.
 */
public final class Charges {
    private static final MathContext EXACT = MathContext.DECIMAL128;
    private static final BigDecimal TWELVE = BigDecimal.valueOf(12);

    private Charges() {
    }

    public enum Basis { PER_CAPITA, FIXED_ANNUAL, DAY_RATE }

    /** A charge: the quantity it was worked from, net, VAT and gross. */
    public record Charge(BigDecimal quantity, Money net, Money vat, Money gross, String description) {
    }

    /** Days of the month in [start, end): 0 when the agreement does not touch the month. */
    public static long coveredDays(YearMonth month, LocalDate start, LocalDate end) {
        LocalDate from = max(month.atDay(1), start);
        LocalDate to = min(month.plusMonths(1).atDay(1), end);
        return Math.max(0, ChronoUnit.DAYS.between(from, to));
    }

    /** The share of the month covered, exact. */
    public static BigDecimal proRata(YearMonth month, LocalDate start, LocalDate end) {
        return BigDecimal.valueOf(coveredDays(month, start, end)).divide(BigDecimal.valueOf(month.lengthOfMonth()), EXACT);
    }

    /** A year's fee in twelve monthly parts: pence ÷ 12, the remainder on March. */
    public static Money fixedAnnualMonth(Money annualFee, YearMonth month) {
        long part = Math.floorDiv(annualFee.pence(), 12);
        return month.getMonth() == Month.MARCH ? Money.ofPence(annualFee.pence() - 11 * part) : Money.ofPence(part);
    }

    public static Charge perCapita(BigDecimal annualRate, long registeredPopulation, YearMonth month, LocalDate start, LocalDate end, BigDecimal vatRate) {
        BigDecimal exact = annualRate.multiply(BigDecimal.valueOf(registeredPopulation)).divide(TWELVE, EXACT)
                .multiply(proRata(month, start, end), EXACT);
        return charge(BigDecimal.valueOf(registeredPopulation), Money.roundedFromPounds(exact), vatRate,
                registeredPopulation + " registered patients at £" + annualRate.toPlainString() + " a year ÷ 12" + partial(month, start, end));
    }

    public static Charge fixedAnnual(BigDecimal annualFee, YearMonth month, LocalDate start, LocalDate end, BigDecimal vatRate) {
        Money monthly = fixedAnnualMonth(Money.roundedFromPounds(annualFee), month);
        BigDecimal share = proRata(month, start, end);
        Money net = share.compareTo(BigDecimal.ONE) == 0 ? monthly : Money.roundedFromPounds(monthly.toPounds().multiply(share, EXACT));
        return charge(share, net, vatRate, "annual fee £" + annualFee.toPlainString() + " ÷ 12" + partial(month, start, end));
    }

    public static Charge dayRate(BigDecimal rate, BigDecimal days, BigDecimal vatRate) {
        return charge(days, Money.roundedFromPounds(rate.multiply(days)), vatRate, days.stripTrailingZeros().toPlainString()
                + " days at £" + rate.toPlainString());
    }

    /**
     * The net a charge line of the month comes to for the days the agreement covers now, by the same
     * rule and with the line's own price and quantity: after a shortened term, the line's net less
     * this is the credit due, so that what was charged less what was credited always equals the rule
     * applied to the days covered, to the penny (a part-month already charged pro rata owes nothing).
     */
    public static Money netForDaysCovered(Basis basis, BigDecimal unitPrice, BigDecimal quantity, YearMonth month, LocalDate start, LocalDate end) {
        return switch (basis) {
            case PER_CAPITA -> perCapita(unitPrice, quantity.longValueExact(), month, start, end, BigDecimal.ZERO).net();
            case FIXED_ANNUAL -> fixedAnnual(unitPrice, month, start, end, BigDecimal.ZERO).net();
            case DAY_RATE -> throw new IllegalArgumentException("day-rate charges follow usage, not the term");
        };
    }

    /**
     * How far an invoiced charge, as it stands (net, plus re-rating debits, less credits), is above
     * (positive: to credit) or below (negative: to debit) the rule under the agreement's current
     * terms: the price in force for its month now, the quantity as billed, the days covered now.
     */
    public static long rerateDifferencePence(Basis basis, BigDecimal priceNow, BigDecimal quantity, long standingNetPence, YearMonth month,
                                             LocalDate start, LocalDate end) {
        return standingNetPence - netForDaysCovered(basis, priceNow, quantity, month, start, end).pence();
    }

    /** VAT on the rounded net, itself rounded to the penny. */
    public static Charge charge(BigDecimal quantity, Money net, BigDecimal vatRate, String description) {
        Money vat = Money.roundedFromPounds(net.toPounds().multiply(vatRate).divide(BigDecimal.valueOf(100), EXACT));
        return new Charge(quantity, net, vat, net.plus(vat), description);
    }

    private static String partial(YearMonth month, LocalDate start, LocalDate end) {
        long days = coveredDays(month, start, end);
        return days == month.lengthOfMonth() ? "" : ", " + days + " of " + month.lengthOfMonth() + " days";
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

}
