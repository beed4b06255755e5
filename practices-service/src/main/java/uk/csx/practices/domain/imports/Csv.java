package uk.csx.practices.domain.imports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;
import uk.csx.platform.api.ProblemException;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Reading NHS CSV files (commons-csv) and loading rows into a staging table with COPY. */
public final class Csv {
    private static final DateTimeFormatter ODS_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter EXTRACT_DATE = new java.time.format.DateTimeFormatterBuilder()
            .parseCaseInsensitive().appendPattern("ddMMMyyyy").toFormatter(Locale.UK);

    private Csv() {
    }

    /** Every record of a headerless file. */
    public static List<CSVRecord> records(String content) {
        return parse(content, CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get());
    }

    /** Every record of a file with a header row (a UTF-8 byte order mark is ignored). */
    public static List<CSVRecord> recordsWithHeader(String content) {
        return parse(content, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setIgnoreHeaderCase(true).setTrim(true).get());
    }

    private static List<CSVRecord> parse(String content, CSVFormat format) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        if (text.isBlank()) {
            throw ProblemException.badRequest("the file is empty");
        }
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            return parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw ProblemException.badRequest("the file is not readable CSV: " + e.getMessage());
        }
    }

    /** yyyyMMdd, or null when empty. */
    public static LocalDate odsDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim(), ODS_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date " + value + " is not YYYYMMDD");
        }
    }

    /** NHS Digital's extract dates, e.g. 01JAN2021, or ISO dates. */
    public static LocalDate extractDate(String value) {
        try {
            return value.contains("-") ? LocalDate.parse(value) : LocalDate.parse(value.trim(), EXTRACT_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("extract date " + value + " is not like 01JAN2021");
        }
    }

    /** Loads rows into a (temporary) table with COPY: the set-based way in. Empty values must be null. */
    public static void copyInto(Connection connection, String table, List<Object[]> rows) throws SQLException {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setNullString("").get())) {
            for (Object[] row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " FROM STDIN (FORMAT csv)", new StringReader(out.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
    }

    /** Takes out of a staging table the rows of practices the register does not know, and reports them. */
    public static List<RowError> removeUnknownPractices(Connection connection, String stagingTable) throws SQLException {
        List<RowError> unknown = new java.util.ArrayList<>();
        try (java.sql.PreparedStatement s = connection.prepareStatement("DELETE FROM " + stagingTable
                + " s WHERE NOT EXISTS (SELECT 1 FROM practice p WHERE p.code = s.practice_code) RETURNING row_no, practice_code");
             java.sql.ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                unknown.add(new RowError(rs.getLong(1), rs.getString(2), "practice is not in the ODS register (import epraccur.csv first)"));
            }
        }
        return unknown;
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
