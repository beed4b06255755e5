package uk.csx.testsupport;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain SQL for assertions on what a service stored, and for fixture rows. */
public final class Db {
    private Db() {
    }

    public static long count(DataSource dataSource, String sql, Object... args) {
        return longs(dataSource, sql, args).get(0);
    }

    public static List<Long> longs(DataSource dataSource, String sql, Object... args) {
        return column(dataSource, sql, rs -> rs.getLong(1), args);
    }

    public static List<String> strings(DataSource dataSource, String sql, Object... args) {
        return column(dataSource, sql, rs -> rs.getString(1), args);
    }

    public static BigDecimal decimal(DataSource dataSource, String sql, Object... args) {
        return column(dataSource, sql, rs -> rs.getBigDecimal(1), args).get(0);
    }

    /** Writes a fixture row (or changes one) the way the service's own code would have. */
    public static void execute(DataSource dataSource, String sql, Object... args) {
        try (var c = dataSource.getConnection(); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> column(DataSource dataSource, String sql, Reader<T> reader, Object... args) {
        try (var c = dataSource.getConnection(); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<T> values = new ArrayList<>();
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(reader.read(rs));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
