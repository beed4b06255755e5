package uk.csx.practices.domain.imports;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.csv.CSVRecord;
import uk.csx.platform.api.InputRules;
import uk.csx.platform.api.InvalidInputException;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.events.EventPublisher;
import uk.csx.practices.domain.ImportJob;
import uk.csx.practices.events.PracticesEvents;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * NHS England's practice weighted-population file (aif-weighted-populations-*.csv): registered
 * patients, needs-weighted population ({@code Final WP}) and primary care network per practice,
 * and, where the file has them, the July-2022 hierarchy of its sub-ICB location, ICB and region
 * ({@code LOC22}, {@code ICS22}, {@code R22} with names), which {@link CommissionerHierarchy}
 * registers as of 2022-07-01.
 */
@ApplicationScoped
public class WeightedPopulationImport implements Importer<WeightedPopulationImport.Row> {
    public static final String DEFAULT_YEAR = "2022-23";
    /** A weighted population is of the order of the registered patients (at most {@value ListSizeImport#MAX_PATIENTS}). */
    static final long MAX_WEIGHTED = 10_000_000;

    private static final List<String> HIERARCHY_COLUMNS = List.of("LOC22", "LOC22NAME", "ICS22", "ICS22NAME", "R22", "REGION22");

    private final EventPublisher events;
    private final CommissionerHierarchy hierarchy;

    public WeightedPopulationImport(EventPublisher events, CommissionerHierarchy hierarchy) {
        this.events = events;
        this.hierarchy = hierarchy;
    }

    /** {@code placement}: the practice's sub-ICB location, ICB and region as of July 2022, when the file states them. */
    public record Row(long rowNo, String practiceCode, String ccgCode, String pcnCode, String pcnName, int patients, BigDecimal weighted,
                      CommissionerHierarchy.Placement placement) {
        Object[] values() {
            return new Object[]{rowNo, practiceCode, ccgCode, pcnCode, pcnName, patients, weighted, placement == null ? null : placement.subIcbCode()};
        }
    }

    @Override
    public ImportJob.Kind kind() {
        return ImportJob.Kind.WEIGHTED_POPULATIONS;
    }

    @Override
    public ParsedFile<Row> parse(String content) {
        List<CSVRecord> records = Csv.recordsWithHeader(content);
        if (records.isEmpty()) {
            throw ProblemException.badRequest("the weighted-population file has no rows");
        }
        List<String> header = Csv.header(records);
        for (String needed : List.of("PRACTICE_CODE", "PATIENTS", "FINAL WP", "PCN_CODE", "PCN_NAME")) {
            if (!header.contains(needed)) {
                throw ProblemException.badRequest("this is not a weighted-population file: column " + needed + " is missing");
            }
        }
        boolean placed = header.containsAll(HIERARCHY_COLUMNS);
        CommissionerHierarchy.Levels levels = new CommissionerHierarchy.Levels();
        String ccgColumn = header.contains("CCG21") ? "CCG21" : header.contains("SUB_ICB_LOCATION_CODE") ? "SUB_ICB_LOCATION_CODE" : null;
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CSVRecord r : records) {
            String code = r.isSet("PRACTICE_CODE") ? Csv.value(r, "PRACTICE_CODE") : "";
            try {
                String broken = Csv.brokenText(r, header);
                if (broken != null) {
                    throw new IllegalArgumentException(broken);
                }
                Csv.requirePracticeCode(code);
                int patients = ListSizeImport.patients(Csv.value(r, "PATIENTS"));
                BigDecimal weighted = weighted(Csv.value(r, "FINAL WP"));
                String ccg = ccgColumn == null ? null : blankToNull(Csv.value(r, ccgColumn));
                if (ccg != null && !Csv.COMMISSIONER_CODE.matcher(ccg).matches()) {
                    throw new IllegalArgumentException("column " + ccgColumn + ": " + InputRules.printable(ccg) + " is not a commissioner code");
                }
                if (seen.contains(code)) {
                    throw new IllegalArgumentException("the practice appears twice");
                }
                CommissionerHierarchy.Placement placement = placed ? new CommissionerHierarchy.Placement(Csv.value(r, "LOC22"),
                        Csv.value(r, "LOC22NAME"), Csv.value(r, "ICS22"), Csv.value(r, "ICS22NAME"), Csv.value(r, "R22"),
                        Csv.value(r, "REGION22")) : null;
                if (placement != null) {
                    levels.add(placement);
                }
                seen.add(code);
                rows.add(new Row(r.getRecordNumber(), code, ccg, blankToNull(Csv.value(r, "PCN_CODE")),
                        blankToNull(Csv.value(r, "PCN_NAME")), patients, weighted, placement));
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(r.getRecordNumber(), InputRules.printable(code), e.getMessage()));
            }
        }
        if (rows.isEmpty()) {
            throw ProblemException.badRequest("the weighted-population file has no readable rows");
        }
        return new ParsedFile<>(rows, errors);
    }

    /**
     * The needs-weighted population (column Final WP): a plain decimal (no exponent: 1e100 is refused, not read) from 0
     * to {@value #MAX_WEIGHTED}, kept to 4 decimals.
     */
    static BigDecimal weighted(String text) {
        BigDecimal value;
        try {
            value = InputRules.parsePlainDecimal("FINAL WP", text);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("column FINAL WP " + e.rule());
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(MAX_WEIGHTED)) > 0) {
            throw new IllegalArgumentException("column FINAL WP must be from 0 to " + MAX_WEIGHTED + " (weighted population)");
        }
        return value.setScale(4, RoundingMode.HALF_UP);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public Outcome apply(UUID jobId, ParsedFile<Row> file, Connection c) throws SQLException {
        String year = DEFAULT_YEAR;
        Csv.execute(c, "CREATE TEMP TABLE stage_weighted (row_no BIGINT, practice_code VARCHAR(6), ccg_code VARCHAR(5), pcn_code TEXT, pcn_name TEXT, patients INT, weighted NUMERIC(14,4), loc_code VARCHAR(5)) ON COMMIT DROP");
        Csv.copyInto(c, "stage_weighted", file.rows().stream().map(Row::values).toList());
        List<RowError> unknown = Csv.removeUnknownPractices(c, "stage_weighted");
        List<EventPublisher.Draft> drafts = new ArrayList<>();
        int created = 0;
        int updated = 0;
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO weighted_population (practice_code, year, ccg_code, pcn_code, pcn_name, patients, weighted)
                SELECT practice_code, ?, ccg_code, pcn_code, pcn_name, patients, weighted FROM stage_weighted ORDER BY row_no
                ON CONFLICT (practice_code, year) DO UPDATE SET ccg_code = EXCLUDED.ccg_code, pcn_code = EXCLUDED.pcn_code,
                    pcn_name = EXCLUDED.pcn_name, patients = EXCLUDED.patients, weighted = EXCLUDED.weighted
                WHERE (weighted_population.ccg_code, weighted_population.pcn_code, weighted_population.pcn_name,
                       weighted_population.patients, weighted_population.weighted)
                      IS DISTINCT FROM (EXCLUDED.ccg_code, EXCLUDED.pcn_code, EXCLUDED.pcn_name, EXCLUDED.patients, EXCLUDED.weighted)
                RETURNING practice_code, ccg_code, patients, weighted, (xmax = 0)""")) {
            s.setString(1, year);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(5)) {
                        created++;
                    } else {
                        updated++;
                    }
                    drafts.add(new EventPublisher.Draft(PracticesEvents.WEIGHTED_POPULATION_REPORTED, rs.getString(1),
                            new PracticesEvents.WeightedPopulationReported(rs.getString(1), rs.getString(2), year, rs.getInt(3), rs.getBigDecimal(4))));
                }
            }
        }
        events.publishAll(drafts);
        CommissionerHierarchy.Levels levels = new CommissionerHierarchy.Levels();
        file.rows().stream().map(Row::placement).filter(java.util.Objects::nonNull).forEach(levels::add);
        int warnings = 0;
        if (!levels.isEmpty()) {
            hierarchy.register(c, levels, CommissionerHierarchy.JULY_2022);
            warnings = FilePlacements.reconcile(c, jobId, "stage_weighted", "loc_code", CommissionerHierarchy.JULY_2022);
        }
        int applied = file.rows().size() - unknown.size();
        return new Outcome(created, updated, applied - created - updated, warnings, List.of(), unknown);
    }
}
