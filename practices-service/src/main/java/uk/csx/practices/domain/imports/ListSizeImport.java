package uk.csx.practices.domain.imports;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.csv.CSVRecord;
import uk.csx.platform.api.InputRules;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.events.EventPublisher;
import uk.csx.practices.domain.ImportJob;
import uk.csx.practices.events.PracticesEvents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * NHS Digital's "patients registered at a GP practice" file. Every generation of the commissioner
 * column's name is accepted ({@code CCG_CODE}, {@code SUB_ICB_LOCATION_CODE}, {@code SUB_ICB_LOC_CODE}). A practice the register does
 * not know is reported, not failed; a file CCG that differs from the membership held on that
 * date is a reconciliation warning, never a move.
 */
@ApplicationScoped
public class ListSizeImport implements Importer<ListSizeImport.Row> {
    static final List<String> COMMISSIONER_COLUMNS = List.of("SUB_ICB_LOCATION_CODE", "SUB_ICB_LOC_CODE", "CCG_CODE");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
    /** More patients than any practice could register: a typing or unit error in the file. */
    static final int MAX_PATIENTS = 1_000_000;

    private final EventPublisher events;

    public ListSizeImport(EventPublisher events) {
        this.events = events;
    }

    public record Row(long rowNo, String practiceCode, String ccgCode, LocalDate asOf, int patients) {
        Object[] values() {
            return new Object[]{rowNo, practiceCode, ccgCode, asOf, patients};
        }
    }

    @Override
    public ImportJob.Kind kind() {
        return ImportJob.Kind.LIST_SIZES;
    }

    @Override
    public ParsedFile<Row> parse(String content) {
        List<CSVRecord> records = Csv.recordsWithHeader(content);
        if (records.isEmpty()) {
            throw ProblemException.badRequest("the list-size file has no rows");
        }
        List<String> header = Csv.header(records);
        // the commissioner column's name as each generation of the file has it
        String ccgColumn = COMMISSIONER_COLUMNS.stream().filter(header::contains).findFirst().orElse(null);
        if (ccgColumn == null || !header.containsAll(List.of("EXTRACT_DATE", "CODE", "NUMBER_OF_PATIENTS"))) {
            throw ProblemException.badRequest("this is not a GP list-size file of a known layout: expected columns EXTRACT_DATE, CODE, "
                    + "NUMBER_OF_PATIENTS and one of " + String.join(", ", COMMISSIONER_COLUMNS) + "; found "
                    + InputRules.printable(String.valueOf(header)));
        }
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CSVRecord r : records) {
            String code = r.isSet("CODE") ? Csv.value(r, "CODE") : "";
            try {
                String broken = Csv.brokenText(r, header);
                if (broken != null) {
                    throw new IllegalArgumentException(broken);
                }
                // the file may break patients down by sex and age; the list size is the ALL/ALL row
                if ((r.isMapped("SEX") && !"ALL".equalsIgnoreCase(Csv.value(r, "SEX")))
                        || (r.isMapped("AGE") && !"ALL".equalsIgnoreCase(Csv.value(r, "AGE")))) {
                    continue;
                }
                Csv.requirePracticeCode(code);
                int patients = patients(Csv.value(r, "NUMBER_OF_PATIENTS"));
                LocalDate asOf = Csv.extractDate(Csv.value(r, "EXTRACT_DATE"));
                if (!seen.add(code + "@" + asOf)) {
                    throw new IllegalArgumentException("the practice appears twice for " + asOf);
                }
                String ccg = Csv.value(r, ccgColumn);
                if (!ccg.isEmpty() && !Csv.COMMISSIONER_CODE.matcher(ccg).matches()) {
                    throw new IllegalArgumentException("column " + ccgColumn + ": " + InputRules.printable(ccg) + " is not a commissioner code");
                }
                rows.add(new Row(r.getRecordNumber(), code, ccg.isEmpty() ? null : ccg, asOf, patients));
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(r.getRecordNumber(), InputRules.printable(code), e.getMessage()));
            }
        }
        if (rows.isEmpty()) {
            throw ProblemException.badRequest("the list-size file has no readable rows"
                    + (errors.isEmpty() ? "" : ": row " + errors.get(0).row() + ": " + errors.get(0).reason()));
        }
        return new ParsedFile<>(rows, errors);
    }

    /**
     * A practice's registered patients: a whole number from 0 to {@value #MAX_PATIENTS}, written with digits only (no sign,
     * point or exponent). The largest practice in England has about 100,000.
     */
    static int patients(String text) {
        if (text == null || !WHOLE_NUMBER.matcher(text).matches() || Integer.parseInt(text) > MAX_PATIENTS) {
            throw new IllegalArgumentException("number of patients " + InputRules.printable(text)
                    + " must be a whole number from 0 to " + MAX_PATIENTS);
        }
        return Integer.parseInt(text);
    }

    /**
     * Records, for each extract date of the file (one, in a national file), which practices of the register the extract
     * holds: they replace an earlier import's of the same date, with one multi-row insert and one delete. An extract that
     * is new, or whose practices or total changed, is announced with its practices, so that consumers can apply the same
     * rule; importing the same file again announces nothing.
     */
    private List<EventPublisher.Draft> snapshots(UUID jobId, Connection c) throws SQLException {
        Set<LocalDate> changed = new java.util.TreeSet<>();
        try (PreparedStatement s = c.prepareStatement("""
                WITH old AS (SELECT extract_date, practices, total_patients FROM list_size_extract
                             WHERE extract_date IN (SELECT as_of FROM stage_list_size)),
                     up AS (INSERT INTO list_size_extract (extract_date, practices, total_patients, import_id)
                            SELECT as_of, count(*), sum(patients), ? FROM stage_list_size GROUP BY as_of
                            ON CONFLICT (extract_date) DO UPDATE SET practices = EXCLUDED.practices,
                                total_patients = EXCLUDED.total_patients, import_id = EXCLUDED.import_id, imported_at = now()
                            RETURNING extract_date, practices, total_patients)
                SELECT up.extract_date FROM up LEFT JOIN old ON old.extract_date = up.extract_date
                WHERE old.extract_date IS NULL OR old.practices <> up.practices OR old.total_patients <> up.total_patients""")) {
            s.setObject(1, jobId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    changed.add(OdsPracticeImport.date(rs, 1));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                DELETE FROM list_size_extract_practice e
                WHERE e.extract_date IN (SELECT as_of FROM stage_list_size)
                  AND NOT EXISTS (SELECT 1 FROM stage_list_size s WHERE s.as_of = e.extract_date AND s.practice_code = e.practice_code)
                RETURNING e.extract_date""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                changed.add(OdsPracticeImport.date(rs, 1));
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO list_size_extract_practice (extract_date, practice_code)
                SELECT as_of, practice_code FROM stage_list_size
                ON CONFLICT DO NOTHING
                RETURNING extract_date""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                changed.add(OdsPracticeImport.date(rs, 1));
            }
        }
        List<EventPublisher.Draft> drafts = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT x.total_patients, array_agg(p.practice_code ORDER BY p.practice_code) FILTER (WHERE p.practice_code IS NOT NULL)
                FROM list_size_extract x LEFT JOIN list_size_extract_practice p ON p.extract_date = x.extract_date
                WHERE x.extract_date = ? GROUP BY x.total_patients""")) {
            for (LocalDate extractDate : changed) {
                s.setObject(1, extractDate);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    java.sql.Array array = rs.getArray(2);
                    List<String> codes = array == null ? List.of() : List.of((String[]) array.getArray());
                    drafts.add(new EventPublisher.Draft(PracticesEvents.LIST_SIZE_SNAPSHOT_IMPORTED, extractDate.toString(),
                            new PracticesEvents.ListSizeSnapshotImported(extractDate, codes.size(), rs.getLong(1), codes)));
                }
            }
        }
        return drafts;
    }

    @Override
    public Outcome apply(UUID jobId, ParsedFile<Row> file, Connection c) throws SQLException {
        Csv.execute(c, "CREATE TEMP TABLE stage_list_size (row_no BIGINT, practice_code VARCHAR(6), ccg_code VARCHAR(5), as_of DATE, patients INT) ON COMMIT DROP");
        Csv.copyInto(c, "stage_list_size", file.rows().stream().map(Row::values).toList());

        List<RowError> unknown = Csv.removeUnknownPractices(c, "stage_list_size");

        List<EventPublisher.Draft> drafts = new ArrayList<>();
        int created = 0;
        int updated = 0;
        try (PreparedStatement s = c.prepareStatement("""
                WITH up AS (
                  INSERT INTO list_size (practice_code, as_of, patients, file_ccg_code)
                  SELECT practice_code, as_of, patients, ccg_code FROM stage_list_size ORDER BY row_no
                  ON CONFLICT (practice_code, as_of) DO UPDATE SET patients = EXCLUDED.patients, file_ccg_code = EXCLUDED.file_ccg_code
                  WHERE list_size.patients <> EXCLUDED.patients OR list_size.file_ccg_code IS DISTINCT FROM EXCLUDED.file_ccg_code
                  RETURNING practice_code, as_of, patients, (xmax = 0) AS inserted)
                SELECT up.practice_code, up.as_of, up.patients, up.inserted, m.ccg_code,
                       (SELECT w.weighted FROM weighted_population w WHERE w.practice_code = up.practice_code ORDER BY w.year DESC LIMIT 1)
                FROM up LEFT JOIN membership m ON m.practice_code = up.practice_code AND m.effective_from <= up.as_of
                                              AND (m.effective_to IS NULL OR m.effective_to > up.as_of)""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (rs.getBoolean(4)) {
                    created++;
                } else {
                    updated++;
                }
                drafts.add(new EventPublisher.Draft(PracticesEvents.LIST_SIZE_REPORTED, rs.getString(1),
                        new PracticesEvents.ListSizeReported(rs.getString(1), rs.getString(5), OdsPracticeImport.date(rs, 2),
                                rs.getInt(3), rs.getBigDecimal(6))));
            }
        }

        int warnings;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FROM stage_list_size s
                LEFT JOIN membership m ON m.practice_code = s.practice_code AND m.effective_from <= s.as_of
                                      AND (m.effective_to IS NULL OR m.effective_to > s.as_of)
                WHERE s.ccg_code IS NOT NULL AND m.ccg_code IS DISTINCT FROM s.ccg_code""");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            warnings = rs.getInt(1);
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO reconciliation_warning (import_id, practice_code, as_of, file_ccg_code, held_ccg_code)
                SELECT ?, s.practice_code, s.as_of, s.ccg_code, m.ccg_code FROM stage_list_size s
                LEFT JOIN membership m ON m.practice_code = s.practice_code AND m.effective_from <= s.as_of
                                      AND (m.effective_to IS NULL OR m.effective_to > s.as_of)
                WHERE s.ccg_code IS NOT NULL AND m.ccg_code IS DISTINCT FROM s.ccg_code
                ON CONFLICT DO NOTHING""")) {
            s.setObject(1, jobId);
            s.executeUpdate();
        }
        drafts.addAll(snapshots(jobId, c));
        events.publishAll(drafts);
        int applied = file.rows().size() - unknown.size();
        return new Outcome(created, updated, applied - created - updated, warnings, List.of(), unknown);
    }
}
