package uk.csx.practices.api;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 5: NHS England Digital's practice mapping file, built here in its published layout
 * from the allocation file's July-2022 columns. The July-2022 file agrees with the hierarchy the
 * allocation file registered; a later file where two ICBs merge into a new one (made up for the
 * test: QU9 and QNQ into QZ1 on 2026-04-01) re-parents their sub-ICB locations on that date,
 * records both successions and closes both ICBs, once.
 */
@QuarkusTest
class PracticeMappingTest {
    private static final List<String> HEADER = List.of("PUBLICATION", "EXTRACT_DATE", "PRACTICE_CODE", "PRACTICE_NAME", "PRACTICE_POSTCODE",
            "PCN_CODE", "PCN_NAME", "ONS_SUB_ICB_LOCATION_CODE", "SUB_ICB_LOCATION_CODE", "SUB_ICB_LOCATION_NAME", "ONS_ICB_CODE", "ICB_CODE",
            "ICB_NAME", "ONS_COMM_REGION_CODE", "COMM_REGION_CODE", "COMM_REGION_NAME", "SUPPLIER_NAME");

    @Inject
    DataSource dataSource;

    @BeforeEach
    void asOperator() {
        Tokens.actAs(Tokens.operator());
        OdsFiles.importAll();
    }

    /**
     * The mapping file of the date, one row per practice of the allocation file, with its ICB code
     * and name changed by {@code icb} and the practices of {@code newNetworks} in those networks.
     */
    private static String mappingFile(String extractDate, UnaryOperator<String> icb, String mergedName, Map<String, String> newNetworks)
            throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
            for (CSVRecord r : OdsFiles.weightedRows()) {
                String icbCode = icb.apply(r.get("ICS22"));
                String icbName = icbCode.equals(r.get("ICS22")) ? r.get("ICS22name") : mergedName;
                String network = newNetworks.get(r.get("Practice_Code"));
                printer.printRecord("GP_PRAC_PAT_LIST", extractDate, r.get("Practice_Code"), r.get("GP_Practice_Name"), r.get("Practice_Postcode"),
                        network == null ? r.get("PCN_Code") : network, network == null ? r.get("PCN_Name") : "Network " + network, "E38000000", r.get("LOC22"), r.get("LOC22name"), "E54000000", icbCode, icbName,
                        "E40000000", r.get("R22"), r.get("Region22"), "EMIS");
            }
        }
        return out.toString();
    }

    private static Set<String> children(String icb, String date) {
        return new TreeSet<>(given().queryParam("asOf", date).get("/api/ccgs/" + icb + "/children").then().statusCode(200)
                .extract().<List<String>>path("code"));
    }

    private static long registered(String code, String date) {
        return ((Number) given().queryParam("asOf", date).get("/api/ccgs/" + code + "/population").then().statusCode(200)
                .extract().path("registeredPopulation")).longValue();
    }

    @Test
    void twoIcbsMergingIntoANewOneAreSucceededByItOnTheFilesDate() throws IOException {
        // July 2022, as the allocation file has it: nothing in the hierarchy changes
        long parents = Db.count(dataSource, "SELECT count(*) FROM commissioner_parent");
        // (the few practices the register does not hold are reported as rejected rows, as in every import)
        OdsFiles.awaitCompleted(OdsFiles.post("/api/list-sizes/practice-mappings?confirm=true", mappingFile("01JUL2022", UnaryOperator.identity(), null, Map.of())));
        assertEquals(parents, Db.count(dataSource, "SELECT count(*) FROM commissioner_parent"));

        Set<String> before = new TreeSet<>(children("QU9", "2026-03-31"));
        before.addAll(children("QNQ", "2026-03-31"));
        UnaryOperator<String> merger = code -> code.equals("QU9") || code.equals("QNQ") ? "QZ1" : code;
        String networkBefore = given().queryParam("asOf", "2026-03-31").get("/api/practices/K84001/network").then().statusCode(200)
                .extract().path("pcnCode");
        String april = mappingFile("01-Apr-26", merger, "NHS Thames Valley and Frimley ICB", Map.of("K84001", "U99999"));
        OdsFiles.awaitCompleted(OdsFiles.post("/api/list-sizes/practice-mappings?confirm=true", april));

        given().get("/api/ccgs/QZ1").then().statusCode(200).body("kind", equalTo("ICB")).body("openDate", equalTo("2026-04-01"));
        assertEquals(before, children("QZ1", "2026-04-01"));
        assertEquals(Set.of(), children("QU9", "2026-04-01"));
        assertTrue(children("QU9", "2026-03-31").containsAll(List.of("10Q", "14Y", "15A")));
        for (String merged : List.of("QU9", "QNQ")) {
            given().get("/api/ccgs/" + merged).then().body("closeDate", equalTo("2026-04-01"));
            given().get("/api/ccgs/" + merged + "/successions").then().body("successorCode", equalTo(List.of("QZ1")))
                    .body("reason", equalTo(List.of("MERGER")));
            given().queryParam("asOf", "2026-04-01").get("/api/ccgs/" + merged + "/population").then()
                    .body("registeredPopulation", equalTo(0)).body("succeededBy[0].successorCode", equalTo("QZ1"));
        }
        // the practice whose network changed is in the new one from the file's date only
        given().queryParam("asOf", "2026-03-31").get("/api/practices/K84001/network").then().body("pcnCode", equalTo(networkBefore));
        given().queryParam("asOf", "2026-04-01").get("/api/practices/K84001/network").then()
                .body("pcnCode", equalTo("U99999")).body("pcnName", equalTo("Network U99999"));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM practice_network WHERE effective_from = '2026-04-01'"));

        // the new ICB counts the sub-ICB locations it took over
        assertEquals(before.stream().mapToLong(code -> registered(code, "2026-04-01")).sum(), registered("QZ1", "2026-04-01"));

        // the same file again changes nothing
        long successions = Db.count(dataSource, "SELECT count(*) FROM commissioner_succession");
        long events = Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type LIKE 'practices.Commissioner%'");
        long networks = Db.count(dataSource, "SELECT count(*) FROM practice_network");
        OdsFiles.awaitCompleted(OdsFiles.post("/api/list-sizes/practice-mappings?confirm=true", april));
        assertEquals(networks, Db.count(dataSource, "SELECT count(*) FROM practice_network"));
        assertEquals(successions, Db.count(dataSource, "SELECT count(*) FROM commissioner_succession"));
        assertEquals(events, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type LIKE 'practices.Commissioner%'"));
    }

    @Test
    void aFileOfAnotherLayoutIsRefusedNamingTheColumns() {
        given().contentType("text/csv").body("PRACTICE_CODE,CCG\nA81001,16C\n").post("/api/list-sizes/practice-mappings").then().statusCode(400)
                .contentType("application/problem+json").body("detail", startsWith("this is not a practice mapping file"))
                .body("detail", org.hamcrest.Matchers.containsString("SUB_ICB_LOCATION_CODE"));
    }
}
