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

/**
 * The ODS practice file ({@code epraccur.csv}: no header, 27 quoted fields). Upserts every row
 * with its status and prescribing setting, creates the commissioners it meets, and opens
 * membership from the commissioner and its join/left dates. A commissioner that differs from the
 * membership held is a reconciliation warning, never a silent move. Re-importing the same file
 * changes nothing and publishes nothing.
 */
@ApplicationScoped
public class OdsPracticeImport implements Importer<OdsPracticeImport.Row> {
    /**
     * Where a practice's membership of the file's commissioner ends: its left date, or its close date
     * when the file says it closed (status C) earlier; a closed practice counts for nobody after it.
     */
    private static final String MEMBERSHIP_END = "CASE WHEN s.status = 'C' AND s.close_date IS NOT NULL "
            + "THEN LEAST(coalesce(s.left_date, s.close_date), s.close_date) ELSE s.left_date END";

    private static final Set<String> STATUSES = Set.of("A", "C", "D", "P");
    private static final List<String> FIELD_NAMES = List.of("organisation code", "name", "national grouping",
            "high level health geography", "address line 1", "address line 2", "address line 3", "address line 4",
            "address line 5", "postcode", "open date", "close date", "status code", "organisation sub-type code",
            "commissioner", "join provider/purchaser date", "left provider/purchaser date", "contact telephone number", "",
            "", "", "amended record indicator", "", "provider/purchaser", "", "prescribing setting", "");

    private final EventPublisher events;

    public OdsPracticeImport(EventPublisher events) {
        this.events = events;
    }

    public record Row(long rowNo, String code, String name, String nationalGrouping, String healthGeography, String address,
                      String postcode, LocalDate openDate, LocalDate closeDate, String status, int prescribingSetting,
                      String telephone, String commissioner, LocalDate joinDate, LocalDate leftDate) {
        Object[] values() {
            String hash = Integer.toHexString(List.of(name, s(nationalGrouping), s(healthGeography), s(address), s(postcode),
                    s(openDate), s(closeDate), status, prescribingSetting, s(telephone)).hashCode());
            return new Object[]{rowNo, code, name, nationalGrouping, healthGeography, address, postcode, openDate, closeDate,
                    status, prescribingSetting, telephone, commissioner, joinDate, leftDate, hash};
        }

        private static String s(Object o) {
            return o == null ? "" : o.toString();
        }
    }

    @Override
    public ImportJob.Kind kind() {
        return ImportJob.Kind.ODS_PRACTICES;
    }

    @Override
    public ParsedFile<Row> parse(String content) {
        List<CSVRecord> records = Csv.records(content);
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CSVRecord record : records) {
            long rowNo = record.getRecordNumber();
            String code = record.size() > 0 ? Csv.trimBlanks(record.get(0)) : "";
            try {
                Row row = read(rowNo, record);
                if (!seen.add(row.code())) {
                    throw new IllegalArgumentException("the code appears twice in the file");
                }
                rows.add(row);
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(rowNo, InputRules.printable(code), e.getMessage()));
            }
        }
        if (rows.isEmpty() || errors.size() > rows.size()) {
            throw ProblemException.badRequest("this is not an ODS practice file (epraccur.csv: 27 fields a row, no header): "
                    + errors.size() + " of " + records.size() + " rows unreadable"
                    + (errors.isEmpty() ? "" : ", first at row " + errors.get(0).row() + ": " + errors.get(0).reason()));
        }
        return new ParsedFile<>(rows, errors);
    }

    private static Row read(long rowNo, CSVRecord r) {
        if (r.size() < 26) {
            throw new IllegalArgumentException("expected 27 fields, found " + r.size());
        }
        String broken = Csv.brokenText(r, OdsPracticeImport::fieldName);
        if (broken != null) {
            throw new IllegalArgumentException(broken);
        }
        String code = r.get(0).trim();
        if (!Csv.PRACTICE_CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("organisation code " + InputRules.printable(code) + " is not an ODS practice code");
        }
        String name = r.get(1).trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name is empty");
        }
        String status = r.get(12).trim();
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status " + InputRules.printable(status) + " is not one of A, C, D, P");
        }
        int setting;
        try {
            setting = Integer.parseInt(r.get(25).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prescribing setting " + InputRules.printable(r.get(25)) + " is not a number");
        }
        String commissioner = blankToNull(r.get(14));
        if (commissioner != null && !Csv.COMMISSIONER_CODE.matcher(commissioner).matches()) {
            throw new IllegalArgumentException("commissioner " + InputRules.printable(commissioner) + " is not a commissioner code");
        }
        LocalDate joined = Csv.odsDate(r.get(15));
        LocalDate left = Csv.odsDate(r.get(16));
        if (joined != null && left != null && !left.isAfter(joined)) {
            throw new IllegalArgumentException("left commissioner date " + left + " is not after join date " + joined);
        }
        String address = String.join(", ", List.of(r.get(4), r.get(5), r.get(6), r.get(7), r.get(8)).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList());
        return new Row(rowNo, code, name, blankToNull(r.get(2)), blankToNull(r.get(3)), blankToNull(address),
                blankToNull(r.get(9)), Csv.odsDate(r.get(10)), Csv.odsDate(r.get(11)), status, setting,
                blankToNull(r.get(17)), commissioner, joined, left);
    }

    /** epraccur.csv's fields as NHS Digital's documentation names them (1-based), for row errors. */
    static String fieldName(int index) {
        String name = index < FIELD_NAMES.size() ? FIELD_NAMES.get(index) : "";
        return "field " + (index + 1) + (name.isEmpty() ? "" : " (" + name + ")");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public Outcome apply(UUID jobId, ParsedFile<Row> file, Connection c) throws SQLException {
        Csv.execute(c, """
                CREATE TEMP TABLE stage_practice (row_no BIGINT, code VARCHAR(6), name TEXT, national_grouping TEXT,
                  health_geography TEXT, address TEXT, postcode TEXT, open_date DATE, close_date DATE, status VARCHAR(1),
                  prescribing_setting INT, telephone TEXT, commissioner VARCHAR(5), join_date DATE, left_date DATE,
                  row_hash TEXT) ON COMMIT DROP""");
        Csv.copyInto(c, "stage_practice", file.rows().stream().map(Row::values).toList());
        List<EventPublisher.Draft> drafts = new ArrayList<>();

        // commissioners met for the first time. The file does not say what kind a commissioner is, but its
        // relationship dates do: CCGs were abolished on 2022-07-01, so a practice that joined one on or after
        // that date joined a sub-ICB location. A hierarchy or mapping import names and classifies them later.
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO commissioner (code, name, kind)
                SELECT commissioner, 'Commissioner ' || commissioner,
                       CASE WHEN bool_or(join_date >= DATE '2022-07-01') THEN 'SUB_ICB_LOCATION' ELSE 'CCG' END
                FROM stage_practice WHERE commissioner IS NOT NULL GROUP BY commissioner
                ON CONFLICT (code) DO NOTHING RETURNING code, name, kind""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                drafts.add(new EventPublisher.Draft(PracticesEvents.CCG_REGISTERED, rs.getString(1),
                        new PracticesEvents.CcgRegistered(rs.getString(1), rs.getString(2), rs.getString(3), null, null)));
            }
        }

        // practices: insert new, update changed, leave identical rows alone
        Set<String> changed = new HashSet<>();
        int created = 0;
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO practice (code, name, national_grouping, health_geography, address, postcode, open_date, close_date,
                                      status, prescribing_setting, telephone, row_hash)
                SELECT code, name, national_grouping, health_geography, address, postcode, open_date, close_date,
                       status, prescribing_setting, telephone, row_hash FROM stage_practice ORDER BY row_no
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, national_grouping = EXCLUDED.national_grouping,
                    health_geography = EXCLUDED.health_geography, address = EXCLUDED.address, postcode = EXCLUDED.postcode,
                    open_date = EXCLUDED.open_date, close_date = EXCLUDED.close_date, status = EXCLUDED.status,
                    prescribing_setting = EXCLUDED.prescribing_setting, telephone = EXCLUDED.telephone,
                    row_hash = EXCLUDED.row_hash, version = practice.version + 1, updated_at = now()
                WHERE practice.row_hash <> EXCLUDED.row_hash
                RETURNING code, (xmax = 0), name, postcode, status, prescribing_setting, open_date, close_date""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                boolean inserted = rs.getBoolean(2);
                created += inserted ? 1 : 0;
                changed.add(rs.getString(1));
                drafts.add(new EventPublisher.Draft(inserted ? PracticesEvents.PRACTICE_REGISTERED : PracticesEvents.PRACTICE_UPDATED,
                        rs.getString(1), new PracticesEvents.PracticeChanged(rs.getString(1), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), date(rs, 7), date(rs, 8))));
            }
        }

        // membership: open it where none is held; follow a changed left date of the same commissioner; a closed
        // practice leaves its commissioner, whichever it is, on its close date
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO membership (practice_code, ccg_code, effective_from, effective_to)
                SELECT s.code, s.commissioner, s.join_date, {end} FROM stage_practice s
                WHERE s.commissioner IS NOT NULL AND s.join_date IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.practice_code = s.code)
                RETURNING practice_code, ccg_code, effective_from, effective_to""".replace("{end}", MEMBERSHIP_END));
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                changed.add(rs.getString(1));
                drafts.add(new EventPublisher.Draft(PracticesEvents.MEMBERSHIP_CHANGED, rs.getString(1),
                        new PracticesEvents.MembershipChanged(rs.getString(1), null, null, rs.getString(2), null, date(rs, 3), date(rs, 4))));
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE membership m SET effective_to = {end} FROM stage_practice s
                WHERE m.practice_code = s.code
                  AND (m.ccg_code = s.commissioner OR (s.status = 'C' AND s.close_date IS NOT NULL))
                  AND m.effective_to IS DISTINCT FROM {end}
                  AND ({end} IS NULL OR {end} > m.effective_from)
                  AND NOT EXISTS (SELECT 1 FROM membership later WHERE later.practice_code = m.practice_code
                                                                    AND later.effective_from > m.effective_from)
                RETURNING m.practice_code, m.ccg_code, m.locality_id, m.effective_from, m.effective_to""".replace("{end}", MEMBERSHIP_END));
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                changed.add(rs.getString(1));
                Long locality = (Long) rs.getObject(3);
                drafts.add(new EventPublisher.Draft(PracticesEvents.MEMBERSHIP_CHANGED, rs.getString(1),
                        new PracticesEvents.MembershipChanged(rs.getString(1), rs.getString(2), locality, rs.getString(2), locality,
                                date(rs, 4), date(rs, 5))));
            }
        }
        // a different commissioner than the membership held: reported for an operator to confirm
        int warnings;
        try (PreparedStatement s = c.prepareStatement("""
                WITH latest AS (
                  SELECT DISTINCT ON (practice_code) practice_code, ccg_code FROM membership ORDER BY practice_code, effective_from DESC)
                INSERT INTO reconciliation_warning (import_id, practice_code, as_of, file_ccg_code, held_ccg_code)
                SELECT ?, s.code, s.join_date, s.commissioner, l.ccg_code
                FROM stage_practice s JOIN latest l ON l.practice_code = s.code
                WHERE s.commissioner IS NOT NULL AND s.join_date IS NOT NULL AND l.ccg_code <> s.commissioner
                ON CONFLICT DO NOTHING""")) {
            s.setObject(1, jobId);
            warnings = s.executeUpdate();
        }

        List<String> missing = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT p.code FROM practice p WHERE NOT EXISTS (SELECT 1 FROM stage_practice s WHERE s.code = p.code) ORDER BY p.code");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                missing.add(rs.getString(1));
            }
        }
        events.publishAll(drafts);
        int updated = changed.size() - created;
        return new Outcome(created, updated, file.rows().size() - created - updated, warnings, missing, List.of());
    }

    static LocalDate date(ResultSet rs, int column) throws SQLException {
        java.sql.Date date = rs.getDate(column);
        return date == null ? null : date.toLocalDate();
    }
}
