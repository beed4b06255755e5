package uk.csx.practices.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Commissioners' dated parents ({@code commissioner_parent}): a parent holds from its date until
 * the next change. Shared by the hierarchy import and the operators' re-parenting.
 */
public final class CommissionerParents {
    private CommissionerParents() {
    }

    /** A parent set from a date, with the one held on that date before (null: none). */
    public record Change(String code, String fromParentCode, String parentCode, LocalDate effectiveFrom) {
    }

    /** The commissioner's parent on the date, or null. */
    public static String parentOn(Connection c, String code, LocalDate date) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT parent_code FROM commissioner_parent WHERE code = ? AND effective_from <= ? AND (effective_to IS NULL OR effective_to > ?)""")) {
            s.setString(1, code);
            s.setObject(2, date);
            s.setObject(3, date);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /**
     * Sets the parent from the date: the one held then ends on it, and the new one holds until the
     * next change already recorded. Empty when that is the parent on the date already.
     */
    public static Optional<Change> set(Connection c, String code, String parentCode, LocalDate asOf) throws SQLException {
        String held = parentOn(c, code, asOf);
        if (Objects.equals(held, parentCode)) {
            return Optional.empty();
        }
        try (PreparedStatement close = c.prepareStatement("""
                UPDATE commissioner_parent SET effective_to = ? WHERE code = ? AND effective_from < ? AND (effective_to IS NULL OR effective_to > ?)""");
             PreparedStatement replace = c.prepareStatement("DELETE FROM commissioner_parent WHERE code = ? AND effective_from = ?");
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO commissioner_parent (code, parent_code, effective_from, effective_to)
                     VALUES (?, ?, ?, (SELECT min(n.effective_from) FROM commissioner_parent n WHERE n.code = ? AND n.effective_from > ?))""")) {
            close.setObject(1, asOf);
            close.setString(2, code);
            close.setObject(3, asOf);
            close.setObject(4, asOf);
            close.executeUpdate();
            replace.setString(1, code);
            replace.setObject(2, asOf);
            replace.executeUpdate();
            insert.setString(1, code);
            insert.setString(2, parentCode);
            insert.setObject(3, asOf);
            insert.setString(4, code);
            insert.setObject(5, asOf);
            insert.executeUpdate();
        }
        return Optional.of(new Change(code, held, parentCode, asOf));
    }
}
