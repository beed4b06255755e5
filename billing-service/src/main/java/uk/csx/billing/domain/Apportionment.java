package uk.csx.billing.domain;

import uk.csx.platform.money.Money;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an amount across a CCG's member practices in proportion to their list sizes by the
 * largest-remainder method, so the parts sum exactly to the amount; a locality's part is the sum
 * of its practices' parts. Exact integer arithmetic throughout.
 */
public final class Apportionment {
    private Apportionment() {
    }

    public record Weight(String practiceCode, String locality, long listSize) {
    }

    public record Part(String practiceCode, String locality, long listSize, Money amount) {
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
            parts.add(new Part(w.practiceCode(), w.locality(), w.listSize(), Money.ofPence(s[1])));
        }
        return parts;
    }

    /** Locality totals: the sums of their practices' parts (practices in no locality under null). */
    public static Map<String, Money> byLocality(List<Part> parts) {
        Map<String, Money> totals = new LinkedHashMap<>();
        for (Part p : parts) {
            totals.merge(p.locality() == null ? "(no locality)" : p.locality(), p.amount(), Money::plus);
        }
        return totals;
    }
}
