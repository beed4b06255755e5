package uk.csx.billing.domain;

import uk.csx.platform.money.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DayOfWeek;
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

    /** Monday-to-Friday days of the month within the term [start, end): the most usage a month can bill. */
    public static long workingDaysCovered(YearMonth month, LocalDate start, LocalDate end) {
        LocalDate from = max(month.atDay(1), start);
        LocalDate to = min(month.plusMonths(1).atDay(1), end);
        return from.datesUntil(to.isAfter(from) ? to : from)
                .filter(d -> d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY).count();
    }

    /**
     * The net an invoiced month of an agreement comes to under its terms now, by the same rule and
     * with the quantity billed: the price in force for the month now and the days it covers now
     * (per capita and fixed fee pro rata by days; day rate: the days invoiced, up to the working
     * days the term still covers in the month, none when it covers none). A part-month already
     * charged pro rata owes nothing more.
     */
    public static Money netForDaysCovered(Basis basis, BigDecimal unitPrice, BigDecimal quantity, YearMonth month, LocalDate start, LocalDate end) {
        if (coveredDays(month, start, end) == 0) {
            return Money.ZERO;
        }
        return switch (basis) {
            case PER_CAPITA -> perCapita(unitPrice, quantity.longValueExact(), month, start, end, BigDecimal.ZERO).net();
            case FIXED_ANNUAL -> fixedAnnual(unitPrice, month, start, end, BigDecimal.ZERO).net();
            case DAY_RATE -> dayRate(unitPrice, quantity.min(BigDecimal.valueOf(workingDaysCovered(month, start, end))), BigDecimal.ZERO).net();
        };
    }

    /** What re-rating an invoiced charge does: a credit note or a debit of {@code net}, with its VAT. */
    public record Rerating(boolean credit, Money net, Money vat) {
        public Money gross() {
            return net.plus(vat);
        }
    }

    /**
     * Re-rates an invoiced charge against the rule under the current terms ({@code ruleNow}, from
     * {@link #netForDaysCovered}). {@code ruleNet}: the charge as the rules left it (its net, plus
     * re-rating debits, less the credits runs issued on it); {@code conceded}: what dispute
     * resolutions credited on it; {@code standingVat}: all the VAT it stands at. A credit is what
     * the charge, after concessions, stands above the rule (a concession already gave that money
     * back, so it is never credited twice); a debit is what the rule asks beyond the charge before
     * concessions (a concession is never taken back). The VAT makes the charge's VAT the VAT on
     * its new net, so credits and debits never drift a penny from it. Null: nothing to do.
     */
    public static Rerating rerate(long ruleNet, long conceded, long standingVat, long ruleNow, BigDecimal vatRate) {
        long standingNet = ruleNet - conceded;
        long credit = standingNet - ruleNow;
        long debit = ruleNow - ruleNet;
        if (credit > 0) {
            long vat = standingVat - vatOn(Money.ofPence(standingNet - credit), vatRate).pence();
            return new Rerating(true, Money.ofPence(credit), Money.ofPence(Math.max(0, vat)));
        }
        if (debit > 0) {
            long vat = vatOn(Money.ofPence(standingNet + debit), vatRate).pence() - standingVat;
            return new Rerating(false, Money.ofPence(debit), Money.ofPence(Math.max(0, vat)));
        }
        return null;
    }

    /** VAT on a net amount, rounded to the penny (half up). */
    public static Money vatOn(Money net, BigDecimal vatRate) {
        return Money.roundedFromPounds(net.toPounds().multiply(vatRate).divide(BigDecimal.valueOf(100), EXACT));
    }

    /** VAT on the rounded net, itself rounded to the penny. */
    public static Charge charge(BigDecimal quantity, Money net, BigDecimal vatRate, String description) {
        Money vat = vatOn(net, vatRate);
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
