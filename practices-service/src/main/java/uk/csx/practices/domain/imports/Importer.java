package uk.csx.practices.domain.imports;

import uk.csx.practices.domain.ImportJob;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/** One kind of file: how its rows are read and checked, and how they are applied set-based. */
public interface Importer<T> {
    ImportJob.Kind kind();

    /** Reads the file; a file that is not of this kind at all is refused as a whole (400). */
    ParsedFile<T> parse(String content);

    /** Applies the rows in the caller's transaction, on its connection: all or nothing. */
    Outcome apply(UUID jobId, ParsedFile<T> file, Connection connection) throws SQLException;
}
