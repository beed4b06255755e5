package uk.csx.practices.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Registered population on a date = the sum of the latest list size (as of that date) of each GP
 * practice (prescribing setting 4) that was a member on that date; weighted population likewise
 * from the latest allocation year.
 */
@ApplicationScoped
public class PopulationQueries {
    private static final String SQL = """
            SELECT count(*), count(ls.patients), coalesce(sum(ls.patients), 0), coalesce(sum(wp.weighted), 0)
            FROM membership m
            JOIN practice p ON p.code = m.practice_code AND p.prescribing_setting = 4
            LEFT JOIN LATERAL (SELECT l.patients FROM list_size l WHERE l.practice_code = m.practice_code AND l.as_of <= ?
                               ORDER BY l.as_of DESC LIMIT 1) ls ON true
            LEFT JOIN LATERAL (SELECT w.weighted FROM weighted_population w WHERE w.practice_code = m.practice_code
                               ORDER BY w.year DESC LIMIT 1) wp ON true
            WHERE m.effective_from <= ? AND (m.effective_to IS NULL OR m.effective_to > ?) AND %s""";

    private final AgroalDataSource dataSource;

    public PopulationQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Members that are GP practices, how many have a list size, registered and weighted population. */
    public record Population(long practices, long practicesWithListSize, long registered, BigDecimal weighted) {
    }

    public Population ofCcg(String ccgCode, LocalDate date) {
        return query("m.ccg_code = ?", date, ccgCode);
    }

    public Population ofLocality(long localityId, LocalDate date) {
        return query("m.locality_id = ?", date, localityId);
    }

    private Population query(String condition, LocalDate date, Object key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SQL.formatted(condition))) {
            s.setObject(1, date);
            s.setObject(2, date);
            s.setObject(3, date);
            s.setObject(4, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Population(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
