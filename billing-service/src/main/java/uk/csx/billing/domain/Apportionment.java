package uk.csx.billing.domain;

import uk.csx.platform.money.Money;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an amount across a commissioner's member practices in proportion to their list sizes by
 * the largest-remainder method, so the parts sum exactly to the amount. Every level above a
 * practice is the sum of its practices' parts, so each level sums exactly too: a locality's, and
 * for an ICB each sub-ICB location's (ICB → sub-ICB location → locality → practice). Exact integer
 * arithmetic throughout.
 */
public final class Apportionment {
    private Apportionment() {
    }

    /** A practice, the commissioner it is a member of (a sub-ICB location under an ICB), its locality and its list size. */
    public record Weight(String practiceCode, String commissionerCode, String locality, long listSize) {
    }

    public record Part(String practiceCode, String commissionerCode, String locality, long listSize, Money amount) {
    }

    /** A member commissioner's part (the sum of its practices') with its localities' parts. */
    public record CommissionerPart(String commissionerCode, Money amount, Map<String, Money> localities) {
    }

    public static List<Part> split(Money total, List<Weight> weights) {
        long totalWeight = weights.stream().mapToLong(Weight::listSize).sum();
        if (weights.isEmpty() || totalWeight <= 0) {
            throw new IllegalArgumentException("nothing to apportion by: no member practice has a list size");
        }
        BigInteger amount = BigInteger.valueOf(total.pence());
        BigInteger divisor = BigInteger.valueOf(totalWeight);
        List<long[]> shares = new ArrayList<>(); // [index, floor, remainder]
        long allocated = 0;
        for (int i = 0; i < weights.size(); i++) {
            BigInteger[] qr = amount.multiply(BigInteger.valueOf(weights.get(i).listSize())).divideAndRemainder(divisor);
            long floor = qr[0].longValueExact();
            // a negative amount (a credit) floors towards minus infinity: keep the remainder non-negative
            long remainder = qr[1].longValueExact();
            if (remainder < 0) {
                floor -= 1;
                remainder += totalWeight;
            }
            shares.add(new long[]{i, floor, remainder});
            allocated += floor;
        }
        long left = total.pence() - allocated;
        List<long[]> byRemainder = new ArrayList<>(shares);
        byRemainder.sort(Comparator.<long[]>comparingLong(s -> s[2]).reversed()
                .thenComparing(s -> weights.get((int) s[0]).practiceCode()));
        for (int i = 0; i < left; i++) {
            byRemainder.get(i)[1] += 1;
        }
        List<Part> parts = new ArrayList<>();
        for (long[] s : shares) {
            Weight w = weights.get((int) s[0]);
            parts.add(new Part(w.practiceCode(), w.commissionerCode(), w.locality(), w.listSize(), Money.ofPence(s[1])));
        }
        return parts;
    }

    private static final String NO_LOCALITY = "(no locality)";

    /**
     * Locality totals: the sums of their practices' parts (practices in no locality under "(no
     * locality)"). Locality names are unique within a commissioner only, so where the parts span
     * several commissioners each name is prefixed with its commissioner's code.
     */
    public static Map<String, Money> byLocality(List<Part> parts) {
        boolean several = parts.stream().map(Part::commissionerCode).distinct().count() > 1;
        Map<String, Money> totals = new LinkedHashMap<>();
        for (Part p : parts) {
            String name = p.locality() == null ? NO_LOCALITY : p.locality();
            totals.merge(several ? p.commissionerCode() + ": " + name : name, p.amount(), Money::plus);
        }
        return totals;
    }

    /** The member commissioners' totals, by code, each with its localities': the level between an ICB and its practices. */
    public static List<CommissionerPart> byCommissioner(List<Part> parts) {
        Map<String, List<Part>> grouped = new java.util.TreeMap<>();
        for (Part p : parts) {
            grouped.computeIfAbsent(p.commissionerCode(), c -> new ArrayList<>()).add(p);
        }
        List<CommissionerPart> result = new ArrayList<>();
        grouped.forEach((code, own) -> result.add(new CommissionerPart(code, own.stream().map(Part::amount).reduce(Money.ZERO, Money::plus),
                byLocality(own))));
        return result;
    }
}
