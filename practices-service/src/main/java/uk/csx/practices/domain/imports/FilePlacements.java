package uk.csx.practices.domain.imports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What a file says each practice's sub-ICB location is on its date (the allocation file's LOC22,
 * the practice mapping file's SUB_ICB_LOCATION_CODE), kept in {@code file_commissioner}, and
 * reconciled against the membership held on that date like a list-size extract's commissioner
 * column: a difference is a reconciliation warning (never a move); the same picture again adds none.
 */
final class FilePlacements {
    private FilePlacements() {
    }

    /** Records the staged placements ({@code practice_code}, {@code codeColumn}) as of the date; the warnings added. */
    static int reconcile(Connection c, UUID jobId, String stagingTable, String codeColumn, LocalDate asOf) throws SQLException {
        try (PreparedStatement placed = c.prepareStatement("""
                INSERT INTO file_commissioner (practice_code, as_of, ccg_code, import_id)
                SELECT practice_code, ?, %2$s, ? FROM %1$s WHERE %2$s IS NOT NULL
                ON CONFLICT (practice_code, as_of) DO UPDATE SET ccg_code = EXCLUDED.ccg_code, import_id = EXCLUDED.import_id"""
                .formatted(stagingTable, codeColumn))) {
            placed.setObject(1, asOf);
            placed.setObject(2, jobId);
            placed.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO reconciliation_warning (import_id, practice_code, as_of, file_ccg_code, held_ccg_code)
                SELECT ?, s.practice_code, ?, s.%2$s, m.ccg_code FROM %1$s s
                LEFT JOIN membership m ON m.practice_code = s.practice_code AND m.effective_from <= ?
                                      AND (m.effective_to IS NULL OR m.effective_to > ?)
                WHERE s.%2$s IS NOT NULL AND m.ccg_code IS DISTINCT FROM s.%2$s
                ON CONFLICT DO NOTHING""".formatted(stagingTable, codeColumn))) {
            s.setObject(1, jobId);
            for (int i = 2; i <= 4; i++) {
                s.setObject(i, asOf);
            }
            return s.executeUpdate();
        }
    }
}
