package uk.csx.practices.domain.imports;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.csv.CSVRecord;
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
 * patients, needs-weighted population ({@code Final WP}) and primary care network per practice.
 */
@ApplicationScoped
public class WeightedPopulationImport implements Importer<WeightedPopulationImport.Row> {
    public static final String DEFAULT_YEAR = "2022-23";

    private final EventPublisher events;

    public WeightedPopulationImport(EventPublisher events) {
        this.events = events;
    }

    public record Row(long rowNo, String practiceCode, String ccgCode, String pcnCode, String pcnName, int patients, BigDecimal weighted) {
        Object[] values() {
            return new Object[]{rowNo, practiceCode, ccgCode, pcnCode, pcnName, patients, weighted};
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
        var header = records.get(0).getParser().getHeaderMap().keySet().stream().map(String::toUpperCase).toList();
        for (String needed : List.of("PRACTICE_CODE", "PATIENTS", "FINAL WP", "PCN_CODE", "PCN_NAME")) {
            if (!header.contains(needed)) {
                throw ProblemException.badRequest("this is not a weighted-population file: column " + needed + " is missing");
            }
        }
        String ccgColumn = header.contains("CCG21") ? "CCG21" : header.contains("SUB_ICB_LOCATION_CODE") ? "SUB_ICB_LOCATION_CODE" : null;
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CSVRecord r : records) {
            String code = r.get("PRACTICE_CODE");
            try {
                int patients = Integer.parseInt(r.get("PATIENTS"));
                BigDecimal weighted = new BigDecimal(r.get("FINAL WP")).setScale(4, RoundingMode.HALF_UP);
                if (patients < 0 || weighted.signum() < 0) {
                    throw new IllegalArgumentException("populations cannot be negative");
                }
                if (!seen.add(code)) {
                    throw new IllegalArgumentException("the practice appears twice");
                }
                rows.add(new Row(r.getRecordNumber(), code, ccgColumn == null ? null : r.get(ccgColumn),
                        blankToNull(r.get("PCN_CODE")), blankToNull(r.get("PCN_NAME")), patients, weighted));
            } catch (NumberFormatException e) {
                errors.add(new RowError(r.getRecordNumber(), code, "patients or weighted population is not a number"));
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(r.getRecordNumber(), code, e.getMessage()));
            }
        }
        if (rows.isEmpty()) {
            throw ProblemException.badRequest("the weighted-population file has no readable rows");
        }
        return new ParsedFile<>(rows, errors);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public Outcome apply(UUID jobId, ParsedFile<Row> file, Connection c) throws SQLException {
        String year = DEFAULT_YEAR;
        Csv.execute(c, "CREATE TEMP TABLE stage_weighted (row_no BIGINT, practice_code VARCHAR(6), ccg_code VARCHAR(5), pcn_code TEXT, pcn_name TEXT, patients INT, weighted NUMERIC(14,4)) ON COMMIT DROP");
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
        int applied = file.rows().size() - unknown.size();
        return new Outcome(created, updated, applied - created - updated, 0, List.of(), unknown);
    }
}
