package uk.csx.practices.domain.imports;

import java.util.List;

/** What applying an import changed. {@code missing}: codes held before but absent from this file. */
public record Outcome(int created, int updated, int unchanged, int warnings, List<String> missing, List<RowError> errors) {
}
