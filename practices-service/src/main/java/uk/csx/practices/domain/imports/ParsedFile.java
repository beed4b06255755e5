package uk.csx.practices.domain.imports;

import java.util.List;

/** A file read and checked row by row: the rows to apply and the rows refused. */
public record ParsedFile<T>(List<T> rows, List<RowError> errors) {
    public int fileRows() {
        return rows.size() + errors.size();
    }
}
