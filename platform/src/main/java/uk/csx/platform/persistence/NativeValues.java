package uk.csx.platform.persistence;

import java.time.LocalDate;

/** Values of native-query result rows, which Hibernate hands back as JDBC types. */
public final class NativeValues {
    private NativeValues() {
    }

    /** A DATE column as a LocalDate (null stays null). */
    public static LocalDate localDate(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
    }
}
