package uk.csx.practices.api;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real ODS, list-size and weighted-population files, and the real figures they give on 2021-01-01. */
@QuarkusTest
class OdsImportTest {
    @Inject
    DataSource dataSource;

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
