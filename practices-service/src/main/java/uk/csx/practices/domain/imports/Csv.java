package uk.csx.practices.domain.imports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;
import uk.csx.platform.api.InputRules;
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
    /** 01JAN2021, 01SEPT2022, 01-Apr-26, 1 Apr 2026: day, an English month abbreviation, year of two or four digits. */
    private static final java.util.regex.Pattern NHS_DATE = java.util.regex.Pattern.compile(
            "(\\d{1,2})[- ]?([A-Za-z]{3,4})[- ]?(\\d{4}|\\d{2})");
    /** Month abbreviations as NHS files write them, independent of the JDK's locale data (which says "Sept" or "Sep" by version). */
    private static final java.util.Map<String, Integer> MONTHS = java.util.Map.ofEntries(java.util.Map.entry("JAN", 1),
            java.util.Map.entry("FEB", 2), java.util.Map.entry("MAR", 3), java.util.Map.entry("APR", 4), java.util.Map.entry("MAY", 5),
            java.util.Map.entry("JUN", 6), java.util.Map.entry("JUL", 7), java.util.Map.entry("AUG", 8), java.util.Map.entry("SEP", 9),
            java.util.Map.entry("SEPT", 9), java.util.Map.entry("OCT", 10), java.util.Map.entry("NOV", 11), java.util.Map.entry("DEC", 12));

    /** An ODS GP practice code: one letter and five digits, or three letters and three digits (Channel Islands). */
    static final java.util.regex.Pattern PRACTICE_CODE = java.util.regex.Pattern.compile("[A-Z][0-9]{5}|[A-Z]{3}[0-9]{3}");
    /** A commissioner code (CCG, sub-ICB location, ICB, region): 3 to 5 upper-case letters or digits. */
    static final java.util.regex.Pattern COMMISSIONER_CODE = java.util.regex.Pattern.compile("[A-Z0-9]{3,5}");

    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

    private Csv() {
    }

    /** Refuses the row when its practice code is not an ODS practice code. */
    static void requirePracticeCode(String code) {
        if (!PRACTICE_CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("practice code " + InputRules.printable(code) + " is not an ODS practice code");
        }
    }

    /** Every record of a headerless file. */
    public static List<CSVRecord> records(String content) {
        return parse(content, CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get(), Long.MAX_VALUE);
    }

    /**
     * Every record of a file with a header row (a UTF-8 byte order mark is ignored). Values are kept as sent, not trimmed,
     * so that a control character at either end of a field is seen by {@link #brokenText} and refused, not stripped
     * silently; read them with {@link #value}.
     */
    public static List<CSVRecord> recordsWithHeader(String content) {
        // the column names are trimmed (read from the first record), the values are not
        List<CSVRecord> first = parse(content, CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get(), 1);
        String[] header = first.isEmpty() ? new String[0] : first.get(0).values();
        return parse(content, CSVFormat.DEFAULT.builder().setHeader(header).setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setIgnoreHeaderCase(true).get(), Long.MAX_VALUE);
    }

    /** A column of a record with a header, trimmed of blanks; check the row with {@link #brokenText} first. */
    public static String value(CSVRecord record, String column) {
        return trimBlanks(record.get(column));
    }

    /**
     * The text without spaces, tabs and line breaks at either end. Unlike {@link String#trim()} it keeps other control
     * characters, so the code of a row refused for one still shows it (as "?" once {@code printable}).
     */
    public static String trimBlanks(String text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * Why the row breaks the text rule of every input (issue 18: no control characters but tab and line breaks, no half
     * surrogate pairs), naming the first field that does, e.g. "column CODE must not contain control characters …", or null
     * when every field keeps it. Such a row is a rejected row; the text itself is never echoed.
     *
     * @param fieldName the name of the field at an index (0-based), as the file's documentation calls it
     */
    public static String brokenText(CSVRecord record, java.util.function.IntFunction<String> fieldName) {
        for (int i = 0; i < record.size(); i++) {
            String broken = InputRules.brokenTextRule(record.get(i));
            if (broken != null) {
                return fieldName.apply(i) + " " + broken;
            }
        }
        return null;
    }

    /** {@link #brokenText} for a file with a header row: fields are named by their column. */
    public static String brokenText(CSVRecord record, List<String> header) {
        return brokenText(record, i -> i < header.size() && !header.get(i).isEmpty() ? "column " + InputRules.printable(header.get(i))
                : "field " + (i + 1));
    }

    /** The column names of a file read by {@link #recordsWithHeader}, in upper case, by index ("" where a column has none). */
    public static List<String> header(List<CSVRecord> records) {
        java.util.Map<String, Integer> map = records.get(0).getParser().getHeaderMap();
        String[] names = new String[map.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
        java.util.Arrays.fill(names, "");
        map.forEach((name, index) -> names[index] = name.toUpperCase(Locale.ROOT));
        return List.of(names);
    }

    private static List<CSVRecord> parse(String content, CSVFormat format, long maxRecords) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        if (text.isBlank()) {
            throw ProblemException.badRequest("the file is empty");
        }
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            return parser.stream().limit(maxRecords).toList();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw ProblemException.badRequest("the file is not readable CSV: " + InputRules.printable(e.getMessage()));
        }
    }

    /** yyyyMMdd, or null when empty. */
    public static LocalDate odsDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return sane(LocalDate.parse(value.trim(), ODS_DATE));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date " + InputRules.printable(value) + " is not YYYYMMDD");
        }
    }

    /**
     * NHS Digital's extract dates in every form its files have used (01JAN2021, 01SEPT2022, 01-Apr-26) or ISO
     * (2026-04-01); read without the JDK's locale data. A two-digit year is of this century.
     */
    public static LocalDate extractDate(String value) {
        String text = value == null ? "" : value.trim();
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return sane(LocalDate.parse(text));
            }
            java.util.regex.Matcher m = NHS_DATE.matcher(text);
            Integer month = m.matches() ? MONTHS.get(m.group(2).toUpperCase(Locale.ROOT)) : null;
            if (month == null) {
                throw new IllegalArgumentException("extract date " + InputRules.printable(text)
                        + " is not like 01JAN2021, 01-Apr-26 or 2026-04-01");
            }
            int year = Integer.parseInt(m.group(3));
            return sane(LocalDate.of(m.group(3).length() == 2 ? 2000 + year : year, month, Integer.parseInt(m.group(1))));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("extract date " + InputRules.printable(text) + " is not a date");
        }
    }

    /** A date of the NHS's world (1900 to 2999): year 0 or 999999999 is a mistake, and one PostgreSQL cannot hold. */
    private static LocalDate sane(LocalDate date) {
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw new IllegalArgumentException("date " + date + " is not between " + EARLIEST + " and " + LATEST);
        }
        return date;
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
