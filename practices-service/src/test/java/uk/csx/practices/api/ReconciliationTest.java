package uk.csx.practices.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 3 on the real files: the allocation file's July-2022 sub-ICB location per practice
 * is reconciled against the membership held on 2022-07-01 (from epraccur 2020). Groups say which
 * would move a whole commissioner (a succession, computed here from the files and the register),
 * and applying one moves its practices, records the succession and closes the predecessor, once.
 */
@QuarkusTest
class ReconciliationTest {
    private static final String JULY_2022 = "2022-07-01";

    @Inject
    DataSource dataSource;

    @BeforeEach
    void asOperator() {
        Tokens.actAs(Tokens.operator());
        OdsFiles.importAll();
    }

    /** Practice → its July-2022 sub-ICB location, from the allocation file. */
    private static Map<String, String> subIcbOfPractice() throws IOException {
        Map<String, String> placed = new HashMap<>();
        for (CSVRecord r : OdsFiles.weightedRows()) {
            placed.put(r.get("Practice_Code"), r.get("LOC22"));
        }
        return placed;
    }

    /**
     * Held commissioner → successor, where every GP practice it held the day before 2022-07-01 that the file places is
     * placed under one other code (the day before: a group applied by another test has moved them on the day itself).
     */
    private Map<String, String> wholeCommissionerMoves() throws IOException {
        Map<String, String> placed = subIcbOfPractice();
        Map<String, Set<String>> destinations = new TreeMap<>();
        for (String row : Db.strings(dataSource, """
                SELECT m.ccg_code || ',' || m.practice_code FROM membership m JOIN practice p ON p.code = m.practice_code
                WHERE p.prescribing_setting = 4 AND m.effective_from <= DATE '2022-06-30'
                  AND (m.effective_to IS NULL OR m.effective_to > DATE '2022-06-30')""")) {
            String[] heldAndPractice = row.split(",");
            String to = placed.get(heldAndPractice[1]);
            if (to != null) { // a practice the file does not place (closed or dormant since) says nothing
                destinations.computeIfAbsent(heldAndPractice[0], h -> new HashSet<>()).add(to);
            }
        }
        Map<String, String> moves = new TreeMap<>();
        destinations.forEach((held, to) -> {
            if (to.size() == 1 && !to.contains(held)) {
                moves.put(held, to.iterator().next());
            }
        });
        return moves;
    }

    private static List<Map<String, Object>> julyGroups(String status) {
        List<Map<String, Object>> groups = given().queryParam("status", status).get("/api/list-sizes/reconciliation-groups").then().statusCode(200)
                .extract().path("$");
        return groups.stream().filter(g -> JULY_2022.equals(g.get("asOf"))).toList();
    }

    @Test
    void theGroupsThatMoveAWholeCommissionerAreTheSuccessionsTheFilesDescribe() throws IOException {
        Map<String, String> expected = wholeCommissionerMoves();
        assertEquals("M1J4Y", expected.get("06F"));
        assertEquals("16C", expected.get("00K"));
        Map<String, String> flagged = new TreeMap<>();
        for (String status : List.of("OPEN", "APPLIED")) {
            julyGroups(status).stream().filter(g -> Boolean.TRUE.equals(g.get("succession")) || "APPLIED".equals(status)
                            && expected.containsKey((String) g.get("heldCcgCode")))
                    .forEach(g -> flagged.put((String) g.get("heldCcgCode"), (String) g.get("fileCcgCode")));
        }
        assertEquals(expected, flagged);
        // split commissioners are groups too, but none of them is a succession
        Set<String> split = new TreeSet<>();
        julyGroups("OPEN").stream().filter(g -> g.get("heldCcgCode") != null && !expected.containsKey((String) g.get("heldCcgCode")))
                .forEach(g -> split.add((String) g.get("heldCcgCode")));
        assertTrue(julyGroups("OPEN").stream().filter(g -> split.contains((String) g.get("heldCcgCode")))
                .noneMatch(g -> Boolean.TRUE.equals(g.get("succession"))));
    }

    @Test
    void applyingAGroupMovesItsPracticesAndRecordsTheSuccessionOnce() {
        long before = ((Number) given().queryParam("asOf", "2022-06-30").get("/api/ccgs/06F/population").then().extract()
                .path("registeredPopulation")).longValue();
        Map<String, Object> group = Map.of("heldCcgCode", "06F", "fileCcgCode", "M1J4Y", "asOf", JULY_2022);
        JsonPath applied = given().contentType(ContentType.JSON).body(group).post("/api/list-sizes/reconciliation-groups/application")
                .then().statusCode(200).body("succession", equalTo(true)).extract().jsonPath();
        assertTrue(applied.getInt("moved") > 0);
        // again: nothing changes
        given().contentType(ContentType.JSON).body(group).post("/api/list-sizes/reconciliation-groups/application")
                .then().statusCode(200).body("moved", equalTo(0)).body("succession", equalTo(false));
        given().get("/api/ccgs/06F").then().body("closeDate", equalTo(JULY_2022));
        given().get("/api/ccgs/06F/successions").then().body("successorCode", equalTo(List.of("M1J4Y")));
        // the moved practices are M1J4Y's from that date (no other group into M1J4Y is applied here), their patients with them
        // (06F's practices the file no longer places, closed since, stay behind); 06F answers 0 and points there
        JsonPath successor = given().queryParam("asOf", JULY_2022).get("/api/ccgs/M1J4Y/population").then().extract().jsonPath();
        assertEquals(applied.getInt("moved"), successor.getInt("memberPractices"));
        assertTrue(successor.getLong("registeredPopulation") > 0 && successor.getLong("registeredPopulation") <= before);
        given().queryParam("asOf", JULY_2022).get("/api/ccgs/06F/population").then().body("registeredPopulation", equalTo(0))
                .body("succeededBy[0].successorCode", equalTo("M1J4Y"));
        // an applied group is not dismissed
        given().contentType(ContentType.JSON).body(Map.of("heldCcgCode", "06F", "fileCcgCode", "M1J4Y", "asOf", JULY_2022, "reason", "no"))
                .post("/api/list-sizes/reconciliation-groups/dismissal").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aDismissedGroupStaysAsItIsAndIsNotApplied() {
        Map<String, Object> group = julyGroups("OPEN").stream().filter(g -> g.get("heldCcgCode") != null && !"06F".equals(g.get("heldCcgCode")))
                .filter(g -> Boolean.FALSE.equals(g.get("succession"))).findFirst().orElseThrow();
        Map<String, Object> key = Map.of("heldCcgCode", group.get("heldCcgCode"), "fileCcgCode", group.get("fileCcgCode"), "asOf", JULY_2022);
        long memberships = Db.count(dataSource, "SELECT count(*) FROM membership");
        Map<String, Object> dismissal = new HashMap<>(key);
        dismissal.put("reason", "the practices stay where they are until the ICB confirms");
        given().contentType(ContentType.JSON).body(dismissal).post("/api/list-sizes/reconciliation-groups/dismissal").then().statusCode(200)
                .body("warnings", equalTo(((Number) group.get("practices")).intValue()));
        given().contentType(ContentType.JSON).body(key).post("/api/list-sizes/reconciliation-groups/application").then().statusCode(409);
        assertEquals(memberships, Db.count(dataSource, "SELECT count(*) FROM membership"));
        // refusals name the field and change nothing
        given().contentType(ContentType.JSON).body(Map.of("fileCcgCode", "x", "asOf", JULY_2022))
                .post("/api/list-sizes/reconciliation-groups/application").then().statusCode(400).body("errors[0].field", equalTo("fileCcgCode"));
        given().contentType(ContentType.JSON).body(Map.of("heldCcgCode", "Q0Q", "fileCcgCode", "Q0R", "asOf", JULY_2022))
                .post("/api/list-sizes/reconciliation-groups/application").then().statusCode(404);
        // a commissioner sees the groups about itself, and only those
        Tokens.actAnonymously();
        given().auth().oauth2(Tokens.ccg((String) group.get("heldCcgCode"))).queryParam("ccg", group.get("heldCcgCode"))
                .get("/api/list-sizes/reconciliation-groups").then().statusCode(200);
        given().auth().oauth2(Tokens.ccg((String) group.get("heldCcgCode"))).queryParam("ccg", "06F")
                .get("/api/list-sizes/reconciliation-groups").then().statusCode(404);
        given().auth().oauth2(Tokens.ccg((String) group.get("heldCcgCode"))).contentType(ContentType.JSON).body(key)
                .post("/api/list-sizes/reconciliation-groups/application").then().statusCode(403);
        Tokens.actAs(Tokens.operator());
    }
}
