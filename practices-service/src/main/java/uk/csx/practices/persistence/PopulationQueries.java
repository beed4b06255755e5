package uk.csx.practices.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * Registered population on a date (docs/design.md §4) = the sum, over the GP practices (prescribing setting 4) that
 * were members on that date, of each one's list size in the latest complete extract on or before the date, or of a
 * size reported for it alone after that extract; a member missing from the extract (and not reported since) counts 0
 * and is named. Before any extract is recorded, each practice's own latest list size as of the date counts. Weighted
 * population: each member's figure of the latest allocation year. A commissioner's members are its own practices and,
 * for an ICB or a region, those of the commissioners under it on that date (sub-ICB locations, ICBs), each counted once.
 */
@ApplicationScoped
public class PopulationQueries {
    private static final String SQL = """
            WITH d AS (SELECT on_date, (SELECT max(x.extract_date) FROM list_size_extract x WHERE x.extract_date <= on_date) AS extract_date
                       FROM (SELECT CAST(? AS date) AS on_date) given),
            members AS (
              SELECT m.practice_code, ls.patients, wp.weighted,
                     (d.extract_date IS NOT NULL AND xp.practice_code IS NULL AND ls.patients IS NULL) AS not_in_extract
              FROM membership m
              JOIN practice p ON p.code = m.practice_code AND p.prescribing_setting = 4
              CROSS JOIN d
              LEFT JOIN list_size_extract_practice xp ON xp.extract_date = d.extract_date AND xp.practice_code = m.practice_code
              LEFT JOIN LATERAL (SELECT l.patients FROM list_size l WHERE l.practice_code = m.practice_code AND l.as_of <= d.on_date
                                   AND (d.extract_date IS NULL OR l.as_of > d.extract_date
                                        OR (l.as_of = d.extract_date AND xp.practice_code IS NOT NULL))
                                 ORDER BY l.as_of DESC LIMIT 1) ls ON true
              LEFT JOIN LATERAL (SELECT w.weighted FROM weighted_population w WHERE w.practice_code = m.practice_code
                                 ORDER BY w.year DESC LIMIT 1) wp ON true
              WHERE m.effective_from <= d.on_date AND (m.effective_to IS NULL OR m.effective_to > d.on_date) AND %s)
            SELECT count(*), count(patients), coalesce(sum(patients), 0), coalesce(sum(weighted), 0), (SELECT extract_date FROM d),
                   array_agg(practice_code ORDER BY practice_code) FILTER (WHERE not_in_extract)
            FROM members""";

    private final AgroalDataSource dataSource;

    public PopulationQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Members that are GP practices, how many have a list size that counts, registered and weighted population, the
     * extract in effect on the date (null when none is recorded) and the members not in it, which count 0.
     */
    public record Population(long practices, long practicesWithListSize, long registered, BigDecimal weighted,
                             LocalDate extractDate, List<String> notInExtract) {
    }

    /** The commissioner and those under it on the date, through the dated parents (docs/design.md §4). */
    private static final String UNDER = """
            m.ccg_code IN (WITH RECURSIVE tree (code) AS (
                             SELECT CAST(? AS VARCHAR)
                             UNION
                             SELECT p.code FROM commissioner_parent p JOIN tree t ON p.parent_code = t.code
                             WHERE p.effective_from <= CAST(? AS DATE) AND (p.effective_to IS NULL OR p.effective_to > CAST(? AS DATE)))
                           SELECT code FROM tree)""";

    public Population ofCcg(String ccgCode, LocalDate date) {
        return query(UNDER, date, ccgCode, date, date);
    }

    public Population ofLocality(long localityId, LocalDate date) {
        return query("m.locality_id = ?", date, localityId);
    }

    private Population query(String condition, LocalDate date, Object... keys) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SQL.formatted(condition))) {
            s.setObject(1, date);
            for (int i = 0; i < keys.length; i++) {
                s.setObject(i + 2, keys[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                java.sql.Date extract = rs.getDate(5);
                Array codes = rs.getArray(6);
                return new Population(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4),
                        extract == null ? null : extract.toLocalDate(), codes == null ? List.of() : List.of((String[]) codes.getArray()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
