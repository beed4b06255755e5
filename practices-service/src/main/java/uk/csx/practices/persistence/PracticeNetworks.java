package uk.csx.practices.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Practices' primary care networks over time. The mapping file dates a network; the
 * weighted-population file gives one per allocation year without a date, so it answers only where
 * no mapping file has named one on or before the date.
 */
public final class PracticeNetworks {
    private PracticeNetworks() {
    }

    /**
     * The network of every practice on a date: a relation of (practice_code, pcn_code, pcn_name)
     * whose one parameter, the date, is written as {@code dateParameter} ("?" or "?2").
     */
    public static String onDate(String dateParameter) {
        return """
                SELECT DISTINCT ON (practice_code) practice_code, pcn_code, pcn_name FROM (
                    SELECT practice_code, pcn_code, pcn_name, 0 AS source, effective_from, '' AS year
                    FROM practice_network WHERE effective_from <= %s
                    UNION ALL
                    SELECT practice_code, pcn_code, pcn_name, 1, NULL, year
                    FROM weighted_population WHERE pcn_code IS NOT NULL) n
                ORDER BY practice_code, source, effective_from DESC, year DESC""".formatted(dateParameter);
    }

    /**
     * Records the networks of a staged file (practice_code, pcn_code, pcn_name) from the date, for
     * the practices whose network on that date differs; returns how many changed.
     */
    public static int record(Connection c, String stagingTable, LocalDate from) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO practice_network (practice_code, effective_from, pcn_code, pcn_name) "
                + "SELECT s.practice_code, ?, s.pcn_code, s.pcn_name FROM " + stagingTable + " s "
                + "LEFT JOIN (" + onDate("?") + ") held ON held.practice_code = s.practice_code "
                + "WHERE s.pcn_code IS NOT NULL AND (held.pcn_code IS DISTINCT FROM s.pcn_code OR held.pcn_name IS DISTINCT FROM s.pcn_name) "
                + "ON CONFLICT (practice_code, effective_from) DO UPDATE SET pcn_code = EXCLUDED.pcn_code, pcn_name = EXCLUDED.pcn_name")) {
            s.setObject(1, from);
            s.setObject(2, from);
            return s.executeUpdate();
        }
    }
}
