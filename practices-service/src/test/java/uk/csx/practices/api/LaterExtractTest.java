package uk.csx.practices.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, done when: a later national extract built here from the January 2021 file, in the
 * sub-ICB generation's layout ({@code SUB_ICB_LOC_CODE}), where two of Vale of York's (03Q)
 * practices are gone, three are placed under a new five-character sub-ICB location and two under
 * East Leicestershire (03W). Populations are computed here by hand from the file; applying the
 * two groups moves exactly those five practices. No other test uses these codes or this date,
 * and the extract keeps every other practice's list size, so other figures are untouched.
 */
@QuarkusTest
class LaterExtractTest {
    private static final String FROM = "03Q";
    private static final String NEW_CODE = "X9Z1T";
    private static final String OTHER = "03W";
    private static final String DATE = "2024-01-01";

    @Inject
    DataSource dataSource;

    @BeforeEach
    void asOperator() {
        Tokens.actAs(Tokens.operator());
        OdsFiles.importAll();
    }

    @Test
    void removedAndMovedPracticesCountWhereTheExtractPlacesThemOnceItsWarningsAreApplied() {
        String january = OdsFiles.read(OdsFiles.LIST_SIZES);
        Map<String, Integer> sizes = sizes(january);
        List<String> members = gpMembers(FROM, "2023-12-31").stream().filter(sizes::containsKey).toList();
        assertTrue(members.size() > 10, FROM + " has practices in the January file");
        List<String> removed = members.subList(0, 2);
        List<String> toNew = members.subList(2, 5);
        List<String> toOther = members.subList(5, 7);
        long otherBefore = registered(OTHER, DATE);

        String later = laterExtract(january, Set.copyOf(removed), Map.of(NEW_CODE, toNew, OTHER, toOther));
        OdsFiles.awaitCompleted(given().contentType("text/csv; charset=UTF-8").queryParam("confirm", true).body(later)
                .post("/api/list-sizes/imports").then().statusCode(202).extract().header("Location"));

        // before any warning is acted on, the moved practices are still 03Q's; the removed ones count nothing
        long kept = sum(sizes, members, removed);
        assertEquals(kept, registered(FROM, DATE));
        given().queryParam("asOf", DATE).get("/api/ccgs/" + FROM + "/population").then()
                .body("notInExtract.extractDate", equalTo(DATE))
                .body("notInExtract.practiceCodes", equalTo(notInExtract(FROM, DATE, sizes, removed)));
        assertEquals(sum(sizes, members, List.of()), registered(FROM, "2023-12-31"), "the day before, the earlier extract counts");
        assertEquals(otherBefore, registered(OTHER, DATE));

        // the two groups the extract raised about 03Q, one per destination
        Map<String, Long> groups = new LinkedHashMap<>();
        List<Map<String, Object>> found = given().queryParam("ccg", FROM).queryParam("status", "OPEN").get("/api/list-sizes/reconciliation-groups")
                .then().statusCode(200).extract().path("$");
        found.stream().filter(g -> DATE.equals(g.get("asOf")))
                .forEach(g -> groups.put((String) g.get("fileCcgCode"), ((Number) g.get("practices")).longValue()));
        assertEquals(Map.of(NEW_CODE, 3L, OTHER, 2L), groups);

        for (String to : List.of(NEW_CODE, OTHER)) {
            given().contentType(ContentType.JSON).body(Map.of("heldCcgCode", FROM, "fileCcgCode", to, "asOf", DATE))
                    .post("/api/list-sizes/reconciliation-groups/application").then().statusCode(200)
                    .body("succession", equalTo(false)).body("fileCommissionerRegistered", equalTo(to.equals(NEW_CODE)));
        }
        // exactly the moved practices moved, on the extract's date, and their patients with them
        assertEquals(new TreeSet<>(Stream.concat(toNew.stream(), toOther.stream()).toList()),
                new TreeSet<>(Db.strings(dataSource, "SELECT practice_code FROM membership WHERE effective_from = ?::date", DATE)));
        assertEquals(sum(sizes, members, Stream.of(removed, toNew, toOther).flatMap(List::stream).toList()), registered(FROM, DATE));
        assertEquals(sum(sizes, toNew, List.of()), registered(NEW_CODE, DATE));
        assertEquals(otherBefore + sum(sizes, toOther, List.of()), registered(OTHER, DATE));
        assertEquals(sum(sizes, members, List.of()), registered(FROM, "2023-12-31"), "history is kept");
        given().get("/api/ccgs/" + NEW_CODE).then().statusCode(200).body("kind", equalTo("SUB_ICB_LOCATION"));
        given().get("/api/ccgs/" + FROM).then().body("closeDate", equalTo(null));
    }

    /**
     * The January file as the extract of {@link #DATE}: the commissioner column under its
     * sub-ICB-generation name, the removed practices left out and the moved ones under their new codes.
     */
    private static String laterExtract(String january, Set<String> removed, Map<String, List<String>> moved) {
        Map<String, String> newCode = new LinkedHashMap<>();
        moved.forEach((code, practices) -> practices.forEach(p -> newCode.put(p, code)));
        List<String> lines = january.lines().filter(l -> !l.isBlank()).toList();
        String header = lines.get(0).replace(",CCG_CODE,", ",SUB_ICB_LOC_CODE,");
        assertTrue(header.contains("SUB_ICB_LOC_CODE"));
        return header + "\r\n" + lines.stream().skip(1).map(l -> l.split(",", -1))
                .filter(f -> !removed.contains(f[5]))
                .map(f -> {
                    f[1] = DATE;
                    f[3] = newCode.getOrDefault(f[5], f[3]);
                    return String.join(",", f);
                })
                .collect(Collectors.joining("\r\n")) + "\r\n";
    }

    /** Practice code → NUMBER_OF_PATIENTS of a list-size file (every row is ALL/ALL). */
    private static Map<String, Integer> sizes(String file) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        file.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).forEach(f -> sizes.put(f[5], Integer.parseInt(f[9])));
        return sizes;
    }

    private static long sum(Map<String, Integer> sizes, List<String> practices, List<String> without) {
        return practices.stream().filter(p -> !without.contains(p)).filter(sizes::containsKey).mapToLong(sizes::get).sum();
    }

    /** The commissioner's GP members on the date that the extract does not hold: the removed ones and those never in the file. */
    private static List<String> notInExtract(String ccg, String date, Map<String, Integer> sizes, List<String> removed) {
        return gpMembers(ccg, date).stream().filter(p -> removed.contains(p) || !sizes.containsKey(p)).sorted().toList();
    }

    private static long registered(String ccg, String date) {
        return ((Number) given().queryParam("asOf", date).get("/api/ccgs/" + ccg + "/population").then().statusCode(200)
                .extract().path("registeredPopulation")).longValue();
    }

    /** The GP practices (prescribing setting 4) that are members of the commissioner on the date, by code. */
    private static List<String> gpMembers(String ccg, String date) {
        JsonPath page = given().queryParam("prescribingSetting", 4).queryParam("ccg", ccg).queryParam("asOf", date).queryParam("limit", 200).get("/api/practices")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(null, page.getString("nextCursor"));
        return page.getList("items.code");
    }
}
