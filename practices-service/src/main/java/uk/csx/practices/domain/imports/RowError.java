package uk.csx.practices.domain.imports;

/** A row an import could not take: its number in the file (1-based), its code if readable, why. */
public record RowError(long row, String code, String reason) {
}
