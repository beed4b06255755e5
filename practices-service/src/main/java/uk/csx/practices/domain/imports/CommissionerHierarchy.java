package uk.csx.practices.domain.imports;

import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.platform.events.EventPublisher;
import uk.csx.practices.events.PracticesEvents;
import uk.csx.practices.persistence.CommissionerParents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commissioner hierarchy a file states per practice (the allocation file's {@code LOC22},
 * {@code ICS22} and {@code R22} columns, with names): sub-ICB location → ICB → region, as of a
 * date. Registers the commissioners it names that are unknown (kind from the column, never from
 * the code's length), makes a CCG named as a sub-ICB location one, and records each parent from
 * that date, publishing an event for each change; stating the same hierarchy again changes nothing.
 */
@ApplicationScoped
public class CommissionerHierarchy {
    /** The date the allocation file's July-2022 columns describe: ICBs took over from CCGs on it. */
    public static final LocalDate JULY_2022 = LocalDate.of(2022, 7, 1);

    private final EventPublisher events;

    public CommissionerHierarchy(EventPublisher events) {
        this.events = events;
    }

    /** Where one practice's sub-ICB location sits. */
    public record Placement(String subIcbCode, String subIcbName, String icbCode, String icbName, String regionCode, String regionName) {
    }

    /** The distinct levels a file states, each code with one name and one parent; a row that contradicts an earlier one is refused. */
    public static final class Levels {
        private final Map<String, String[]> subIcbs = new LinkedHashMap<>();
        private final Map<String, String[]> icbs = new LinkedHashMap<>();
        private final Map<String, String> regions = new LinkedHashMap<>();

        /** Checks a row's placement against the rows before it (IllegalArgumentException: the row is refused) and keeps it. */
        public void add(Placement p) {
            for (String[] column : new String[][]{{"sub-ICB location code", p.subIcbCode()}, {"ICB code", p.icbCode()},
                    {"region code", p.regionCode()}}) {
                if (!Csv.COMMISSIONER_CODE.matcher(column[1]).matches()) {
                    throw new IllegalArgumentException(column[0] + " " + uk.csx.platform.api.InputRules.printable(column[1])
                            + " is not a commissioner code");
                }
            }
            for (String name : new String[]{p.subIcbName(), p.icbName(), p.regionName()}) {
                if (name.isBlank() || name.length() > 200) {
                    throw new IllegalArgumentException("a commissioner name is blank or longer than 200 characters");
                }
            }
            consistent("sub-ICB location " + p.subIcbCode(), subIcbs.get(p.subIcbCode()), p.icbCode(), p.subIcbName());
            consistent("ICB " + p.icbCode(), icbs.get(p.icbCode()), p.regionCode(), p.icbName());
            if (regions.containsKey(p.regionCode()) && !regions.get(p.regionCode()).equals(p.regionName())) {
                throw new IllegalArgumentException("region " + p.regionCode() + " is named differently on an earlier row");
            }
            subIcbs.put(p.subIcbCode(), new String[]{p.icbCode(), p.subIcbName()});
            icbs.put(p.icbCode(), new String[]{p.regionCode(), p.icbName()});
            regions.put(p.regionCode(), p.regionName());
        }

        private static void consistent(String what, String[] earlier, String parent, String name) {
            if (earlier != null && (!earlier[0].equals(parent) || !earlier[1].equals(name))) {
                throw new IllegalArgumentException(what + " has another parent or name on an earlier row (" + earlier[0] + ", " + earlier[1] + ")");
            }
        }

        public boolean isEmpty() {
            return regions.isEmpty();
        }
    }

    /** What registering a hierarchy did. */
    public record Registered(int commissioners, int parents) {
    }

    /** Registers the levels as of the date in the import's transaction, with their events. */
    public Registered register(Connection c, Levels levels, LocalDate asOf) throws SQLException {
        List<EventPublisher.Draft> drafts = new ArrayList<>();
        int commissioners = 0;
        for (Map.Entry<String, String> region : levels.regions.entrySet()) {
            commissioners += upsert(c, region.getKey(), region.getValue(), "REGION", asOf, drafts);
        }
        for (Map.Entry<String, String[]> icb : levels.icbs.entrySet()) {
            commissioners += upsert(c, icb.getKey(), icb.getValue()[1], "ICB", asOf, drafts);
        }
        for (Map.Entry<String, String[]> subIcb : levels.subIcbs.entrySet()) {
            commissioners += upsert(c, subIcb.getKey(), subIcb.getValue()[1], "SUB_ICB_LOCATION", asOf, drafts);
        }
        int parents = 0;
        for (Map.Entry<String, String[]> icb : levels.icbs.entrySet()) {
            parents += parent(c, icb.getKey(), icb.getValue()[0], asOf, drafts);
        }
        for (Map.Entry<String, String[]> subIcb : levels.subIcbs.entrySet()) {
            parents += parent(c, subIcb.getKey(), subIcb.getValue()[0], asOf, drafts);
        }
        events.publishAll(drafts);
        return new Registered(commissioners, parents);
    }

    /**
     * A commissioner the file names: registered when unknown (open from the date), and a CCG named
     * as a sub-ICB location becomes one (its code lives on; its name is kept). 1 when it changed.
     */
    private static int upsert(Connection c, String code, String name, String kind, LocalDate asOf, List<EventPublisher.Draft> drafts)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO commissioner (code, name, kind, open_date) VALUES (?, ?, ?, ?)
                ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, version = commissioner.version + 1
                WHERE commissioner.kind = 'CCG' AND EXCLUDED.kind = 'SUB_ICB_LOCATION'
                RETURNING code, name, kind, open_date, close_date""")) {
            s.setString(1, code);
            s.setString(2, name);
            s.setString(3, kind);
            s.setObject(4, asOf);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return 0;
                }
                drafts.add(new EventPublisher.Draft(PracticesEvents.CCG_REGISTERED, code, new PracticesEvents.CcgRegistered(r.getString(1),
                        r.getString(2), r.getString(3), r.getObject(4, LocalDate.class), r.getObject(5, LocalDate.class))));
                return 1;
            }
        }
    }

    /** An ICB that ceased on a date: succeeded by the one ICB all its sub-ICB locations moved to, or closed when they went to several. */
    public record Ceased(String icbCode, String successorCode) {
    }

    /**
     * After a hierarchy as of a date: every ICB that had sub-ICB locations the day before and has none on the date has
     * ceased. When all went to one other ICB, that ICB succeeds it (a merger, recorded on the date); either way it closes
     * on the date. Applying the same hierarchy again finds nothing more to do.
     */
    public List<Ceased> ceaseEmptiedIcbs(Connection c, LocalDate asOf) throws SQLException {
        List<Ceased> ceased = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT i.code, array_agg(DISTINCT now.parent_code) FILTER (WHERE now.parent_code IS NOT NULL)
                FROM commissioner i
                JOIN commissioner_parent before ON before.parent_code = i.code AND before.effective_from <= ?
                     AND (before.effective_to IS NULL OR before.effective_to > ?)
                LEFT JOIN commissioner_parent now ON now.code = before.code AND now.effective_from <= ? AND (now.effective_to IS NULL OR now.effective_to > ?)
                WHERE i.kind = 'ICB' AND (i.close_date IS NULL OR i.close_date > ?)
                  AND NOT EXISTS (SELECT 1 FROM commissioner_parent k WHERE k.parent_code = i.code AND k.effective_from <= ?
                                  AND (k.effective_to IS NULL OR k.effective_to > ?))
                GROUP BY i.code ORDER BY i.code""")) {
            LocalDate dayBefore = asOf.minusDays(1);
            Object[] dates = {dayBefore, dayBefore, asOf, asOf, asOf, asOf, asOf};
            for (int i = 0; i < dates.length; i++) {
                s.setObject(i + 1, dates[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    java.sql.Array to = r.getArray(2);
                    String[] successors = to == null ? new String[0] : (String[]) to.getArray();
                    ceased.add(new Ceased(r.getString(1), successors.length == 1 ? successors[0] : null));
                }
            }
        }
        List<EventPublisher.Draft> drafts = new ArrayList<>();
        try (PreparedStatement succession = c.prepareStatement("""
                INSERT INTO commissioner_succession (predecessor_code, successor_code, effective_date, reason) VALUES (?, ?, ?, 'MERGER')
                ON CONFLICT DO NOTHING""");
             PreparedStatement close = c.prepareStatement("UPDATE commissioner SET close_date = ?, version = version + 1 WHERE code = ?")) {
            for (Ceased icb : ceased) {
                if (icb.successorCode() != null) {
                    succession.setString(1, icb.icbCode());
                    succession.setString(2, icb.successorCode());
                    succession.setObject(3, asOf);
                    if (succession.executeUpdate() == 1) {
                        drafts.add(new EventPublisher.Draft(PracticesEvents.COMMISSIONER_SUCCEEDED, icb.icbCode(),
                                new PracticesEvents.CommissionerSucceeded(icb.icbCode(), icb.successorCode(), asOf, "MERGER")));
                    }
                }
                close.setObject(1, asOf);
                close.setString(2, icb.icbCode());
                close.executeUpdate();
                drafts.add(new EventPublisher.Draft(PracticesEvents.COMMISSIONER_CLOSED, icb.icbCode(), new PracticesEvents.CommissionerClosed(
                        icb.icbCode(), asOf)));
            }
        }
        events.publishAll(drafts);
        return ceased;
    }

    /** The parent from the date, with its event when it changed. 1 when it changed. */
    private static int parent(Connection c, String code, String parentCode, LocalDate asOf, List<EventPublisher.Draft> drafts) throws SQLException {
        return CommissionerParents.set(c, code, parentCode, asOf).map(change -> {
            drafts.add(new EventPublisher.Draft(PracticesEvents.COMMISSIONER_PARENT_CHANGED, code, new PracticesEvents.CommissionerParentChanged(
                    code, change.fromParentCode(), parentCode, asOf)));
            return 1;
        }).orElse(0);
    }
}
