package uk.csx.practices.api;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.quarkus.narayana.jta.QuarkusTransaction;
import uk.csx.platform.events.CloudEvent;
import uk.csx.practicesprojection.Populations;
import uk.csx.practicesprojection.PracticesProjection;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 16, the hierarchy as the NHS has it since July 2022, from the real allocation file's
 * LOC22, ICS22 and R22 columns: every sub-ICB location, ICB and region is registered with its
 * kind and its parent from 2022-07-01, and an ICB's (a region's) population on a date is the sum
 * of the commissioners under it on that date. Expectations are read from the file itself.
 */
@QuarkusTest
class CommissionerHierarchyTest {
    @Inject
    DataSource dataSource;
    @Inject
    jakarta.persistence.EntityManager em;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper objectMapper;

    @BeforeEach
    void asOperator() {
        Tokens.actAs(Tokens.operator());
        OdsFiles.importAll();
    }

    /** The file's hierarchy: each sub-ICB location's ICB and each ICB's region. */
    private static Map<String, Map<String, String>> hierarchy() throws IOException {
        Map<String, String> subIcbToIcb = new TreeMap<>();
        Map<String, String> icbToRegion = new TreeMap<>();
        for (CSVRecord r : OdsFiles.weightedRows()) {
            subIcbToIcb.put(r.get("LOC22"), r.get("ICS22"));
            icbToRegion.put(r.get("ICS22"), r.get("R22"));
        }
        return Map.of("icb", subIcbToIcb, "region", icbToRegion);
    }

    private static long registered(String code, String date) {
        return ((Number) given().queryParam("asOf", date).get("/api/ccgs/" + code + "/population").then().statusCode(200)
                .extract().path("registeredPopulation")).longValue();
    }

    @Test
    void everyLevelIsRegisteredWithItsKindAndParentFromJuly2022() throws IOException {
        Map<String, String> subIcbToIcb = hierarchy().get("icb");
        Map<String, String> icbToRegion = hierarchy().get("region");
        // the file holds 106 sub-ICB locations in 42 ICBs in 7 regions
        assertEquals(106, subIcbToIcb.size());
        assertEquals(42, icbToRegion.size());
        assertEquals(7, new TreeSet<>(icbToRegion.values()).size());
        // (other tests register codes of their own, so the file's are looked for among all)
        assertEquals(true, Db.strings(dataSource, "SELECT code FROM commissioner WHERE kind = 'SUB_ICB_LOCATION'").containsAll(subIcbToIcb.keySet()));
        assertEquals(true, Db.strings(dataSource, "SELECT code FROM commissioner WHERE kind = 'ICB'").containsAll(icbToRegion.keySet()));
        assertEquals(true, Db.strings(dataSource, "SELECT code FROM commissioner WHERE kind = 'REGION'").containsAll(icbToRegion.values()));

        // M1J4Y (Bedfordshire, Luton and Milton Keynes) is a sub-ICB location of QHG, from 2022-07-01 and not before
        given().get("/api/ccgs/M1J4Y").then().statusCode(200).body("kind", equalTo("SUB_ICB_LOCATION")).body("parentCode", equalTo("QHG"));
        given().queryParam("asOf", "2022-07-01").get("/api/ccgs/QHG/children").then().statusCode(200)
                .body("code", equalTo(subIcbToIcb.entrySet().stream().filter(e -> e.getValue().equals("QHG")).map(Map.Entry::getKey).toList()));
        given().queryParam("asOf", "2022-06-30").get("/api/ccgs/QHG/children").then().statusCode(200).body("size()", equalTo(0));
        given().get("/api/ccgs/QHG").then().body("kind", equalTo("ICB")).body("parentCode", equalTo(icbToRegion.get("QHG")));
    }

    @Test
    void anIcbCountsTheSubIcbLocationsUnderItOnTheDateAndARegionItsIcbs() throws IOException {
        Map<String, String> subIcbToIcb = hierarchy().get("icb");
        List<String> underQu9 = subIcbToIcb.entrySet().stream().filter(e -> e.getValue().equals("QU9")).map(Map.Entry::getKey).toList();
        assertEquals(List.of("10Q", "14Y", "15A"), underQu9);
        String date = "2022-07-01";
        long sum = underQu9.stream().mapToLong(code -> registered(code, date)).sum();
        assertEquals(true, sum > 0, "the three sub-ICB locations have patients on " + date);
        assertEquals(sum, registered("QU9", date));
        // before the ICBs existed, nothing is under QU9
        assertEquals(0, registered("QU9", "2022-06-30"));

        String region = hierarchy().get("region").get("QU9");
        List<String> icbs = hierarchy().get("region").entrySet().stream().filter(e -> e.getValue().equals(region)).map(Map.Entry::getKey).toList();
        assertEquals(icbs.stream().mapToLong(icb -> registered(icb, date)).sum(), registered(region, date));
    }

    @Test
    void theConsumersProjectionCountsAnIcbAsPracticesServiceDoes() throws Exception {
        // the events a consumer (contracts, billing) applies: the hierarchy, and QU9's sub-ICB locations' practices and list sizes
        List<String> envelopes = Db.strings(dataSource, """
                SELECT envelope FROM outbox_event
                WHERE event_type IN ('practices.ListSizeSnapshotImported.v1', 'practices.CommissionerParentChanged.v1', 'practices.CcgRegistered.v1')
                   OR event_key IN (SELECT practice_code FROM membership WHERE ccg_code IN ('10Q', '14Y', '15A'))
                ORDER BY seq""");
        PracticesProjection projection = new PracticesProjection(em);
        Populations populations = new Populations(em);
        List<CloudEvent> events = new java.util.ArrayList<>();
        for (String envelope : envelopes) {
            events.add(objectMapper.readValue(envelope, CloudEvent.class));
        }
        QuarkusTransaction.requiringNew().run(() -> events.forEach(projection::handle));
        for (String date : List.of("2022-06-30", "2022-07-01", "2023-01-01")) {
            long projected = QuarkusTransaction.requiringNew().call(() -> populations.of("QU9", java.time.LocalDate.parse(date)).registered());
            assertEquals(registered("QU9", date), projected, "QU9 on " + date);
        }
        assertEquals(true, registered("QU9", "2022-07-01") > 0);
    }

    @Test
    void anIcbsClientSeesItsSubIcbLocationsButASubIcbLocationsClientNotItsIcb() {
        // QHM (North East and North Cumbria) and its sub-ICB locations 00L and 13T, which no test re-parents
        given().get("/api/ccgs/00L/localities").then().statusCode(200); // the operator, to be sure it exists
        Tokens.actAnonymously();
        try {
            given().auth().oauth2(Tokens.ccg("QHM")).get("/api/ccgs/00L/localities").then().statusCode(200);
            given().auth().oauth2(Tokens.ccg("QHM")).queryParam("ccg", "13T").get("/api/list-sizes/reconciliation-groups").then().statusCode(200);
            given().auth().oauth2(Tokens.ccg("00L")).get("/api/ccgs/QHM/localities").then().statusCode(404);
            given().auth().oauth2(Tokens.ccg("00L")).get("/api/ccgs/13T/localities").then().statusCode(404);
            given().auth().oauth2(Tokens.ccg("QHM")).get("/api/ccgs/10Q/localities").then().statusCode(404);
        } finally {
            Tokens.actAs(Tokens.operator());
        }
    }

    @Test
    void theSameHierarchyAgainChangesNothing() throws IOException {
        Set<String> inFile = new java.util.HashSet<>(hierarchy().get("icb").keySet());
        inFile.addAll(hierarchy().get("region").keySet());
        long ofTheFile = Db.strings(dataSource, "SELECT code FROM commissioner_parent WHERE effective_from = '2022-07-01'").stream()
                .filter(inFile::contains).count();
        long parents = Db.count(dataSource, "SELECT count(*) FROM commissioner_parent");
        long events = Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type IN "
                + "('practices.CommissionerParentChanged.v1', 'practices.CcgRegistered.v1')");
        OdsFiles.awaitCompleted(OdsFiles.post("/api/ods-imports/weighted-populations?confirm=true", OdsFiles.read(OdsFiles.WEIGHTED)));
        assertEquals(parents, Db.count(dataSource, "SELECT count(*) FROM commissioner_parent"));
        assertEquals(events, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type IN "
                + "('practices.CommissionerParentChanged.v1', 'practices.CcgRegistered.v1')"));
        assertEquals(106 + 42, ofTheFile);
    }

    @Test
    void aRowThatContradictsAnEarlierOneIsARejectedRow() {
        String[] columns = OdsFiles.read(OdsFiles.WEIGHTED).lines().findFirst().orElseThrow().replace("\uFEFF", "").split(",");
        // practices the register does not hold, so nothing else changes (each row is also rejected for that)
        Map<String, String> first = Map.of("Practice_Code", "Y99991", "LOC22", "16C", "LOC22name", "Tees Valley", "ICS22", "QHM",
                "ICS22name", "North East and North Cumbria", "R22", "Y63", "Region22", "North East and Yorkshire", "PCN_Code", "U89141",
                "PCN_Name", "Stockton PCN");
        Map<String, String> second = new java.util.HashMap<>(first);
        second.put("Practice_Code", "Y99992");
        second.put("ICS22", "QZZ"); // the same sub-ICB location under another ICB
        String csv = String.join(",", columns) + "\n" + row(columns, first) + "\n" + row(columns, second) + "\n";
        OdsFiles.awaitCompleted(OdsFiles.post("/api/ods-imports/weighted-populations?confirm=true", csv))
                .body("rejected", equalTo(2)).body("errors.reason", org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.startsWith("sub-ICB location 16C has another parent")));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM commissioner WHERE code = 'QZZ'"));
    }

    private static String row(String[] columns, Map<String, String> values) {
        return java.util.Arrays.stream(columns).map(c -> values.getOrDefault(c, "100")).collect(Collectors.joining(","));
    }
}
