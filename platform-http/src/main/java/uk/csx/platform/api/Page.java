package uk.csx.platform.api;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: the items and the opaque cursor of the next page (absent on the last).
 * Queries fetch {@code limit + 1} rows by keyset, so a page costs the same however deep it is.
 */
public record Page<T>(List<T> items, String nextCursor) {

    /** Builds a page from up to limit+1 rows: the extra row only says there is a next page. */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> toItem, Function<R, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<R> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? Cursor.encode(cursorOf.apply(shown.get(shown.size() - 1))) : null;
        return new Page<>(shown.stream().map(toItem).toList(), next);
    }
}
