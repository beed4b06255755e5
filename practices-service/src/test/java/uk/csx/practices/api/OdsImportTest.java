package uk.csx.practices.api;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real ODS, list-size and weighted-population files, and the real figures they give on 2021-01-01. */
@QuarkusTest
class OdsImportTest {
    /** Words of PostgreSQL's and the driver's errors, which must never reach a client. */
    private static final List<String> DATABASE_WORDS = List.of("ERROR:", "SQL", "PSQL", "COPY", "invalid byte sequence", "0x00",
            "out of range", "varying", "numeric field overflow", "\u0000", "\\u0000");

    @Inject
    DataSource dataSource;

    /** The small imports of a test: their jobs are removed afterwards, so the next full file is not a "size change". */
    private final List<String> smallImports = new ArrayList<>();

    @BeforeEach
    void importRealFiles() {
        Tokens.actAs(Tokens.operator());
        OdsFiles.importAll();
    }

    @Test
    void oxfordshireAndBedfordshireHaveTheirRealPopulationsOnNewYearsDay2021() {
        given().queryParam("asOf", "2021-01-01").get("/api/ccgs/10Q/population").then().statusCode(200)
                .body("memberPractices", equalTo(70)).body("practicesWithListSize", equalTo(67))
                .body("registeredPopulation", equalTo(778_948));
        given().queryParam("asOf", "2021-01-01").get("/api/ccgs/06F/population").then().statusCode(200)
                .body("memberPractices", equalTo(51)).body("practicesWithListSize", equalTo(46))
                .body("registeredPopulation", equalTo(500_653));
    }

    @Test
    void oxfordshireHas68ActiveAnd2DormantGpPracticeMembers() {
        assertEquals(68, codes("10Q", "A").size());
        assertEquals(2, codes("10Q", "D").size());
    }

    @Test
    void everyRowIsKeptWithItsStatusAndSetting() {
        long rows = OdsFiles.read(OdsFiles.PRACTICES).lines().filter(l -> !l.isBlank()).count();
        assertEquals(rows, Db.count(dataSource, "SELECT count(*) FROM practice"));
        assertTrue(Db.count(dataSource, "SELECT count(*) FROM practice WHERE status = 'C'") > 2000);
        assertTrue(Db.count(dataSource, "SELECT count(*) FROM practice WHERE prescribing_setting <> 4") > 5000);
        given().get("/api/practices/A81003").then().statusCode(200).body("status", equalTo("C")).body("closeDate", equalTo("2017-10-31"));
    }

    @Test
    void reimportingTheSameFileChangesNothingAndPublishesNothing() {
        long events = Db.count(dataSource, "SELECT count(*) FROM outbox_event");
        OdsFiles.awaitCompleted(OdsFiles.post("/api/ods-imports", OdsFiles.read(OdsFiles.PRACTICES)))
                .body("created", equalTo(0)).body("updated", equalTo(0)).body("rejected", equalTo(0));
        OdsFiles.awaitCompleted(OdsFiles.post("/api/list-sizes/imports", OdsFiles.read(OdsFiles.LIST_SIZES)))
                .body("created", equalTo(0)).body("updated", equalTo(0));
        assertEquals(events, Db.count(dataSource, "SELECT count(*) FROM outbox_event"));
    }

    @Test
    void eachPracticeWasAnnouncedExactlyOnce() {
        assertEquals(Db.count(dataSource, "SELECT count(*) FROM practice"),
                Db.count(dataSource, "SELECT count(DISTINCT event_key) FROM outbox_event WHERE event_type = 'practices.PracticeRegistered.v1'"));
        assertEquals(0, Db.count(dataSource, """
                SELECT count(*) FROM (SELECT event_key FROM outbox_event WHERE event_type = 'practices.PracticeRegistered.v1'
                                      GROUP BY event_key HAVING count(*) > 1) twice"""));
        assertEquals(Db.count(dataSource, "SELECT count(*) FROM list_size"),
                Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type = 'practices.ListSizeReported.v1'"));
    }

    @Test
    void theTeesValleyMergerShowsAsReconciliationWarningsNotMoves() {
        given().queryParam("ccg", "16C").queryParam("limit", 200).get("/api/list-sizes/reconciliation-warnings").then().statusCode(200)
                .body("items.size()", greaterThan(0))
                .body("items.heldCcgCode", hasItem("00K"))
                .body("items.fileCcgCode", everyItem(equalTo("16C")));
        // A81001 was in 00K in the ODS file and in 16C in the list-size file: still a member of 00K
        given().queryParam("asOf", "2021-01-01").get("/api/practices/A81001/membership").then().statusCode(200).body("ccgCode", equalTo("00K"));
    }

    @Test
    void practicesAbsentFromTheListSizeFileAreReportedNotFailed() {
        // the list-size file names practices opened after the ODS extract
        long unknown = Db.count(dataSource, "SELECT coalesce(max(rejected), 0) FROM import_job WHERE kind = 'LIST_SIZES'");
        assertTrue(unknown > 0, "practices unknown to the register are reported as rejected rows");
    }

    @Test
    void aMalformedFileIsRefusedAsAWholeAndStartsNoJob() {
        long jobs = Db.count(dataSource, "SELECT count(*) FROM import_job");
        given().contentType("text/csv").body("hello,world\nthis,is,not,an,ods,file\n").post("/api/ods-imports")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType("text/csv").body("A,B\n1,2\n").post("/api/list-sizes/imports")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(jobs, Db.count(dataSource, "SELECT count(*) FROM import_job"));
    }

    @Test
    void aSnapshotMuchSmallerThanTheLastIsRefusedUnlessConfirmedAndMissingPracticesAreNotClosed() {
        String firstThousand = String.join("\r\n", OdsFiles.read(OdsFiles.PRACTICES).lines().limit(1000).toList());
        given().contentType("text/csv").body(firstThousand).post("/api/ods-imports")
                .then().statusCode(409).contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("snapshot-size-changed"));

        long events = Db.count(dataSource, "SELECT count(*) FROM outbox_event");
        String job = given().contentType("text/csv").queryParam("confirm", true).body(firstThousand).post("/api/ods-imports")
                .then().statusCode(202).extract().header("Location");
        OdsFiles.awaitCompleted(job).body("missingFromFile", greaterThan(13_000)).body("unchanged", equalTo(1000));
        given().get("/api/practices/K84001").then().statusCode(200).body("status", equalTo("A"));
        assertEquals(events, Db.count(dataSource, "SELECT count(*) FROM outbox_event"));

        // the full file again is the same kind of jump back: confirmed, it changes nothing
        OdsFiles.awaitCompleted(given().contentType("text/csv").queryParam("confirm", true).body(OdsFiles.read(OdsFiles.PRACTICES))
                .post("/api/ods-imports").then().statusCode(202).extract().header("Location")).body("created", equalTo(0));
    }

    @Test
    void anOdsRowWithANulIsARejectedRowAndTheRestOfTheFileIsApplied() {
        List<String> lines = OdsFiles.read(OdsFiles.PRACTICES).lines().skip(1).limit(2).toList();
        String good = lines.get(0).replace("\"01642 679681\"", "\"01642 000000\"");
        String nul = lines.get(1).replace("VICTORIA MEDICAL", "VICTORIA\u0000 MEDICAL");
        smallImport("/api/ods-imports", good + "\r\n" + nul + "\r\n")
                .body("updated", equalTo(1)).body("rejected", equalTo(1)).body("errors.size()", equalTo(1))
                .body("errors[0].row", equalTo(2)).body("errors[0].code", equalTo("A81003"))
                .body("errors[0].reason", allOf(containsString("field 2 (name)"), containsString("must not contain control characters")));
        assertEquals(List.of("01642 000000"), Db.strings(dataSource, "SELECT telephone FROM practice WHERE code = 'A81002'"));
        assertEquals(List.of("VICTORIA MEDICAL PRACTICE"), Db.strings(dataSource, "SELECT name FROM practice WHERE code = 'A81003'"));

        smallImport("/api/ods-imports", lines.get(0)).body("updated", equalTo(1)).body("rejected", equalTo(0));
        assertEquals(List.of("01642 679681"), Db.strings(dataSource, "SELECT telephone FROM practice WHERE code = 'A81002'"));
    }

    @Test
    void aPracticeTheFileClosesLeavesItsCommissionerOnItsCloseDate() {
        String row = OdsFiles.read(OdsFiles.PRACTICES).lines().filter(l -> l.startsWith("\"A81004\"")).findFirst().orElseThrow();
        String[] f = row.substring(1, row.length() - 1).split("\",\"", -1);
        String ccg = f[14];
        assertEquals("A", f[12], "the practice is open in the real file");
        f[11] = "20210331";
        f[12] = "C";
        String closed = "\"" + String.join("\",\"", f) + "\"";
        smallImport("/api/ods-imports", closed + "\r\n").body("updated", equalTo(1));
        assertEquals(List.of("2021-03-31"), Db.strings(dataSource,
                "SELECT CAST(effective_to AS TEXT) FROM membership WHERE practice_code = 'A81004' AND ccg_code = ?", ccg));
        // a member until its close date, then counted for nobody
        given().get("/api/ccgs/" + ccg + "/population?asOf=2021-03-30").then().statusCode(200);
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM membership WHERE practice_code = 'A81004' AND effective_from <= DATE '2021-03-30'"
                + " AND (effective_to IS NULL OR effective_to > DATE '2021-03-30')"));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM membership WHERE practice_code = 'A81004' AND effective_from <= DATE '2021-04-01'"
                + " AND (effective_to IS NULL OR effective_to > DATE '2021-04-01')"));
        // the same file again changes nothing and announces nothing
        long events = Db.count(dataSource, "SELECT count(*) FROM outbox_event");
        smallImport("/api/ods-imports", closed + "\r\n").body("unchanged", equalTo(1));
        assertEquals(events, Db.count(dataSource, "SELECT count(*) FROM outbox_event"));
        // reopened by a later file (as the real one has it), it is a member again
        smallImport("/api/ods-imports", row + "\r\n").body("updated", equalTo(1));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM membership WHERE practice_code = 'A81004' AND effective_to IS NULL"));
    }

    @Test
    void aNewCommissionersKindComesFromItsRelationshipDatesNotItsCodesLength() {
        List<String> rows = OdsFiles.read(OdsFiles.PRACTICES).lines().filter(l -> l.startsWith("\"A81005\"") || l.startsWith("\"A81006\""))
                .toList();
        // a five-character code a practice joined before July 2022 is a CCG; a three-character one joined on 2022-07-01 a sub-ICB location
        String file = withCommissioner(rows.get(0), "X1Y2Z", "20200401") + "\r\n" + withCommissioner(rows.get(1), "Y98", "20220701") + "\r\n";
        smallImport("/api/ods-imports", file);
        given().get("/api/ccgs/X1Y2Z").then().statusCode(200).body("kind", equalTo("CCG"));
        given().get("/api/ccgs/Y98").then().statusCode(200).body("kind", equalTo("SUB_ICB_LOCATION"));
        smallImport("/api/ods-imports", String.join("\r\n", rows) + "\r\n");
    }

    private static String withCommissioner(String row, String commissioner, String joined) {
        String[] f = row.substring(1, row.length() - 1).split("\",\"", -1);
        f[14] = commissioner;
        f[15] = joined;
        return "\"" + String.join("\",\"", f) + "\"";
    }

    @Test
    void listSizeRowsWithControlCharactersOrImpossibleCountsAreRejectedRows() {
        String header = OdsFiles.read(OdsFiles.LIST_SIZES).lines().findFirst().orElseThrow();
        String good = "GP_PRAC_PAT_LIST,01JAN2021,GP,00L,E38000130,A84002,NE65 7UW,ALL,ALL,";
        String csv = header + "\n" + good + "5904\n"
                + "GP_PRAC_PAT_LIST,01JAN2021,GP,00L,E38000130,A84003,NE63\u0000 9UT,ALL,ALL,14738\n"
                + "GP_PRAC_PAT_LIST,01JAN2021,GP,00L,E38000130,A84005\u0001,NE61 2XX,ALL,ALL,4000\n"
                + "GP_PRAC_PAT_LIST,01JAN2021,GP,00L,E38000130,A84006,NE61 2XX,ALL,ALL,1e100\n"
                + "GP_PRAC_PAT_LIST,01JAN2021,GP,00L,E38000130,A84007,NE61 2XX,ALL,ALL,2000000\n";
        smallImport("/api/list-sizes/imports", csv)
                .body("updated", equalTo(1)).body("rejected", equalTo(4))
                .body("errors.find { it.code == 'A84003' }.reason", allOf(containsString("column POSTCODE"), containsString("control characters")))
                // a control character at the end of a field is refused like any other, not trimmed away
                .body("errors.find { it.code == 'A84005?' }.reason", containsString("column CODE must not contain control characters"))
                .body("errors.find { it.code == 'A84006' }.reason", containsString("must be a whole number from 0 to 1000000"))
                .body("errors.find { it.code == 'A84007' }.reason", containsString("must be a whole number from 0 to 1000000"));
        assertEquals(5904, Db.count(dataSource, "SELECT patients FROM list_size WHERE practice_code = 'A84002' AND as_of = '2021-01-01'"));
        assertEquals(14738, Db.count(dataSource, "SELECT patients FROM list_size WHERE practice_code = 'A84003' AND as_of = '2021-01-01'"));

        // a list-size file is the complete extract of its date: the full file again restores the extract and the figure
        OdsFiles.awaitCompleted(given().contentType("text/csv; charset=UTF-8").queryParam("confirm", true)
                .body(OdsFiles.read(OdsFiles.LIST_SIZES)).post("/api/list-sizes/imports").then().statusCode(202).extract().header("Location"))
                .body("updated", equalTo(1));
        given().queryParam("asOf", "2021-01-01").get("/api/ccgs/10Q/population").then().body("registeredPopulation", equalTo(778_948));
    }

    @Test
    void weightedPopulationRowsWithExponentsOrControlCharactersAreRejectedRows() {
        List<String> lines = OdsFiles.read(OdsFiles.WEIGHTED).lines().limit(4).toList();
        String good = lines.get(1);
        String csv = lines.get(0) + "\n" + good.replace(",4073,", ",4074,") + "\n"
                + lines.get(2).replace(",23607.61884", ",1e100") + "\n"
                + lines.get(3).replace("Acklam Medical", "Acklam\u0000Medical") + "\n";
        smallImport("/api/ods-imports/weighted-populations", csv)
                .body("updated", equalTo(1)).body("rejected", equalTo(2))
                .body("errors.find { it.code == 'A81002' }.reason", containsString("column FINAL WP must be a plain decimal number"))
                .body("errors.find { it.code == 'A81004' }.reason",
                        allOf(containsString("column GP_PRACTICE_NAME"), containsString("control characters")));
        assertEquals(4074, Db.count(dataSource, "SELECT patients FROM weighted_population WHERE practice_code = 'A81001'"));
        assertEquals(List.of("23607.6188"), Db.strings(dataSource, "SELECT weighted::text FROM weighted_population WHERE practice_code = 'A81002'"));

        smallImport("/api/ods-imports/weighted-populations", lines.get(0) + "\n" + good + "\n").body("updated", equalTo(1));
    }

    /** Imports a small file (confirmed: it is much smaller than the last), waits for it to complete and checks what it says. */
    private ValidatableResponse smallImport(String path, String csv) {
        String job = given().contentType("text/csv; charset=UTF-8").queryParam("confirm", true).body(csv).post(path)
                .then().statusCode(202).extract().header("Location");
        smallImports.add(job.substring(job.lastIndexOf('/') + 1));
        ValidatableResponse completed = OdsFiles.awaitCompleted(job).body("failure", nullValue());
        String answer = completed.extract().asString();
        for (String word : DATABASE_WORDS) {
            assertFalse(answer.contains(word), () -> "the job answers database text (" + word + "): " + answer);
        }
        return completed;
    }

    @AfterEach
    void forgetSmallImports() throws SQLException {
        try (var c = dataSource.getConnection();
             var warnings = c.prepareStatement("DELETE FROM reconciliation_warning WHERE import_id = ?::uuid");
             var jobs = c.prepareStatement("DELETE FROM import_job WHERE id = ?::uuid")) {
            for (String id : smallImports) {
                warnings.setString(1, id);
                warnings.executeUpdate();
                jobs.setString(1, id);
                jobs.executeUpdate();
            }
        }
        smallImports.clear();
    }

    private List<String> codes(String ccg, String status) {
        List<String> codes = new ArrayList<>();
        String cursor = "";
        do {
            var page = given().queryParam("ccg", ccg).queryParam("status", status).queryParam("prescribingSetting", 4)
                    .queryParam("asOf", "2021-01-01").queryParam("limit", 50).queryParam("cursor", cursor)
                    .get("/api/practices").then().statusCode(200).extract().jsonPath();
            codes.addAll(page.getList("items.code"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return codes;
    }
}
