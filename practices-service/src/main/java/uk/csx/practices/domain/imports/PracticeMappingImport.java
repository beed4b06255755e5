package uk.csx.practices.domain.imports;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.csv.CSVRecord;
import uk.csx.platform.api.InputRules;
import uk.csx.platform.api.ProblemException;
import uk.csx.practices.domain.ImportJob;
import uk.csx.practices.persistence.PracticeNetworks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * NHS England Digital's practice mapping file ({@code gp-reg-pat-prac-map.csv}, published with the
 * monthly list sizes): one row per practice with its sub-ICB location, ICB and region as of the
 * file's {@code EXTRACT_DATE}. Importing it names the commissioners, sets each sub-ICB location's
 * ICB and each ICB's region from that date, reconciles each practice's sub-ICB location with the
 * membership held (warnings, never moves), records each practice's primary care network from that
 * date where it changed, and ends the ICBs left without sub-ICB locations: one whose locations all
 * moved to one other ICB is succeeded by it (a merger), on that date.
 */
@ApplicationScoped
public class PracticeMappingImport implements Importer<PracticeMappingImport.Row> {
    static final List<String> COLUMNS = List.of("EXTRACT_DATE", "PRACTICE_CODE", "SUB_ICB_LOCATION_CODE", "SUB_ICB_LOCATION_NAME", "ICB_CODE",
            "ICB_NAME", "COMM_REGION_CODE", "COMM_REGION_NAME");

    private final CommissionerHierarchy hierarchy;

    public PracticeMappingImport(CommissionerHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    public record Row(long rowNo, String practiceCode, LocalDate asOf, CommissionerHierarchy.Placement placement,
                      String pcnCode, String pcnName) {
        Object[] values() {
            return new Object[]{rowNo, practiceCode, placement.subIcbCode(), pcnCode, pcnName};
        }
    }

    @Override
    public ImportJob.Kind kind() {
        return ImportJob.Kind.PRACTICE_MAPPINGS;
    }

    @Override
    public ParsedFile<Row> parse(String content) {
        List<CSVRecord> records = Csv.recordsWithHeader(content);
        if (records.isEmpty()) {
            throw ProblemException.badRequest("the practice mapping file has no rows");
        }
        List<String> header = Csv.header(records);
        if (!header.containsAll(COLUMNS)) {
            throw ProblemException.badRequest("this is not a practice mapping file of a known layout: expected columns "
                    + String.join(", ", COLUMNS) + "; found " + InputRules.printable(String.valueOf(header)));
        }
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        CommissionerHierarchy.Levels levels = new CommissionerHierarchy.Levels();
        LocalDate fileDate = null;
        for (CSVRecord r : records) {
            String code = r.isSet("PRACTICE_CODE") ? Csv.value(r, "PRACTICE_CODE") : "";
            try {
                String broken = Csv.brokenText(r, header);
                if (broken != null) {
                    throw new IllegalArgumentException(broken);
                }
                Csv.requirePracticeCode(code);
                LocalDate asOf = Csv.extractDate(Csv.value(r, "EXTRACT_DATE"));
                if (fileDate != null && !fileDate.equals(asOf)) {
                    throw new IllegalArgumentException("extract date " + asOf + " differs from the file's (" + fileDate + ")");
                }
                if (seen.contains(code)) {
                    throw new IllegalArgumentException("the practice appears twice");
                }
                CommissionerHierarchy.Placement placement = new CommissionerHierarchy.Placement(Csv.value(r, "SUB_ICB_LOCATION_CODE"),
                        Csv.value(r, "SUB_ICB_LOCATION_NAME"), Csv.value(r, "ICB_CODE"), Csv.value(r, "ICB_NAME"),
                        Csv.value(r, "COMM_REGION_CODE"), Csv.value(r, "COMM_REGION_NAME"));
                levels.add(placement);
                fileDate = asOf;
                seen.add(code);
                rows.add(new Row(r.getRecordNumber(), code, asOf, placement, optional(r, "PCN_CODE"), optional(r, "PCN_NAME")));
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(r.getRecordNumber(), InputRules.printable(code), e.getMessage()));
            }
        }
        if (rows.isEmpty()) {
            throw ProblemException.badRequest("the practice mapping file has no readable rows");
        }
        return new ParsedFile<>(rows, errors);
    }

    /** A column some generations of the file lack: null when absent or blank. */
    private static String optional(CSVRecord r, String column) {
        String value = r.isSet(column) ? Csv.value(r, column) : "";
        return value.isBlank() ? null : value;
    }

    @Override
    public Outcome apply(UUID jobId, ParsedFile<Row> file, Connection c) throws SQLException {
        LocalDate asOf = file.rows().get(0).asOf();
        CommissionerHierarchy.Levels levels = new CommissionerHierarchy.Levels();
        file.rows().forEach(r -> levels.add(r.placement()));
        CommissionerHierarchy.Registered registered = hierarchy.register(c, levels, asOf);
        int ceased = hierarchy.ceaseEmptiedIcbs(c, asOf).size();
        Csv.execute(c, "CREATE TEMP TABLE stage_mapping (row_no BIGINT, practice_code VARCHAR(6), sub_icb_code VARCHAR(5), "
                + "pcn_code TEXT, pcn_name TEXT) ON COMMIT DROP");
        Csv.copyInto(c, "stage_mapping", file.rows().stream().map(Row::values).toList());
        List<RowError> unknown = Csv.removeUnknownPractices(c, "stage_mapping");
        int networks = PracticeNetworks.record(c, "stage_mapping", asOf);
        int warnings = FilePlacements.reconcile(c, jobId, "stage_mapping", "sub_icb_code", asOf);
        // created: commissioners named or made sub-ICB locations; updated: parents set, ICBs ended, networks changed
        int changed = registered.parents() + ceased + networks;
        return new Outcome(registered.commissioners(), changed, Math.max(0, file.rows().size() - unknown.size() - registered.commissioners() - changed),
                warnings, List.of(), unknown);
    }
}
