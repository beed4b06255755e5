package uk.csx.practices.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import uk.csx.platform.events.CloudEvent;
import uk.csx.practicesprojection.Populations;
import uk.csx.practicesprojection.PracticesProjection;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each list-size import is the complete extract of its date (docs/design.md §4): the January 2021 file, then later and
 * earlier extracts built here from it with some of Berkshire West's (15A) practices left out. No other test uses 15A or
 * these dates, so the other tests' figures are untouched. The consumers' projection, fed with the events this service
 * wrote, must give the same populations to the patient.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ListSizeSnapshotTest {
    private static final String CCG = "15A";
    private static final String JANUARY = "01JAN2021";
    /** The dates asked about, and both CCGs: the projection is compared with this service on each. */
    private static final List<String> DATES = List.of("2020-12-01", "2021-01-01", "2021-02-01", "2022-02-01", "2023-06-15",
            "2023-07-01", "2023-07-10", "2023-08-01", "2023-10-15", LocalDate.now().toString());

    @Inject
    DataSource dataSource;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper objectMapper;

    @BeforeEach
    void importRealFiles() {
        Tokens.actAs(Tokens.operator());
        OdsFiles.importAll();
    }

    @Test
    @Order(1)
    void aPracticeMissingFromALaterExtractCountsNothingFromThatExtractsDateOnwards() throws Exception {
        String file = OdsFiles.read(OdsFiles.LIST_SIZES);
        Map<String, Integer> january = sizes(file);
        List<String> members = members("2023-08-01");
        assertEquals(members, members("2023-06-15"), "no move in " + CCG + " between the dates");
        List<String> inJanuary = members.stream().filter(january::containsKey).toList();
        assertTrue(inJanuary.size() > 10, "the January file has most of " + CCG + "'s practices");
        List<String> removed = inJanuary.subList(0, 3);
        String removedLater = inJanuary.get(3);

        long january2021 = sum(january, members, Set.of());
        List<String> neverInJanuary = members.stream().filter(c -> !january.containsKey(c)).toList();
        assertPopulation("2023-06-15", january2021, "2021-01-01", neverInJanuary);

        // July 2023: the same file without three practices of 15A (closed, say)
        String july = extract(file, "01JUL2023", Set.copyOf(removed));
        long events = snapshotEvents("2023-07-01");
        importFile(july);
        long afterJuly = sum(january, members, Set.copyOf(removed));
        assertEquals(january2021 - removed.stream().mapToLong(january::get).sum(), afterJuly);
        List<String> notInJuly = sorted(neverInJanuary, removed);
        assertPopulation("2023-08-01", afterJuly, "2023-07-01", notInJuly)
                .body("notInExtract.label", equalTo("not in the extract of 2023-07-01"))
                .body("practicesWithListSize", equalTo(inJanuary.size() - removed.size()));
        // between the two extracts the January one still counts the three
        assertPopulation("2023-06-15", january2021, "2021-01-01", neverInJanuary);

        // the extract was announced once, with its practices and total; the same file again announces nothing
        assertEquals(events + 1, snapshotEvents("2023-07-01"));
        JsonNode data = objectMapper.readTree(Db.strings(dataSource, """
                SELECT envelope FROM outbox_event WHERE event_type = 'practices.ListSizeSnapshotImported.v1' AND event_key = '2023-07-01'
                ORDER BY seq DESC LIMIT 1""").get(0)).path("data");
        List<String> codes = new ArrayList<>();
        data.path("practiceCodes").forEach(c -> codes.add(c.asText()));
        Map<String, Integer> julySizes = sizes(july);
        List<String> known = Db.strings(dataSource, "SELECT code FROM practice ORDER BY code").stream().filter(julySizes::containsKey).toList();
        assertEquals(known, codes, "the register's practices that the extract holds, sorted");
        assertEquals(codes.size(), data.path("practiceCount").asInt());
        assertEquals(codes.stream().mapToLong(julySizes::get).sum(), data.path("totalPatients").asLong());
        assertEquals("2023-07-01", data.path("extractDate").asText());
        assertFalse(codes.stream().anyMatch(removed::contains));
        importFile(july);
        assertEquals(events + 1, snapshotEvents("2023-07-01"));

        // a size reported for one removed practice after the extract counts from its date until the next extract
        given().contentType(ContentType.JSON).body(Map.of("asOf", "2023-07-05", "patients", 1234))
                .post("/api/practices/" + removed.get(0) + "/list-sizes").then().statusCode(201);
        assertPopulation("2023-07-01", afterJuly, "2023-07-01", notInJuly);
        assertPopulation("2023-07-10", afterJuly + 1234, "2023-07-01", sorted(neverInJanuary, removed.subList(1, 3)));
        importFile(extract(file, "01OCT2023", Set.copyOf(removed)));
        assertPopulation("2023-10-15", afterJuly, "2023-10-01", notInJuly);

        // an extract dated before the latest is history: it changes only the dates before the later extract
        importFile(extract(file, "01JAN2022", Set.of(removedLater)));
        assertPopulation("2022-02-01", january2021 - january.get(removedLater), "2022-01-01", sorted(neverInJanuary, List.of(removedLater)));
        assertPopulation("2021-02-01", january2021, "2021-01-01", neverInJanuary);
        assertPopulation("2023-08-01", afterJuly + 1234, "2023-07-01", sorted(neverInJanuary, removed.subList(1, 3)));
        assertPopulation("2023-10-15", afterJuly, "2023-10-01", notInJuly);

        // before the first extract nothing is known: no list size, nobody named as missing
        given().queryParam("asOf", "2020-12-01").get("/api/ccgs/" + CCG + "/population").then().statusCode(200)
                .body("registeredPopulation", equalTo(0)).body("notInExtract", org.hamcrest.Matchers.nullValue());
    }

    @Test
    @Order(2)
    void theConsumersProjectionFedWithTheseEventsFindsTheSamePopulations() throws Exception {
        List<String> ccgs = List.of(CCG, "10Q");
        List<String> envelopes = Db.strings(dataSource, """
                SELECT envelope FROM outbox_event
                WHERE event_type = 'practices.ListSizeSnapshotImported.v1' OR event_key IN ('15A', '10Q')
                   OR event_key IN (SELECT practice_code FROM membership WHERE ccg_code IN ('15A', '10Q'))
                ORDER BY seq""");
        PracticesProjection projection = new PracticesProjection(em);
        Populations populations = new Populations(em);
        List<CloudEvent> events = new ArrayList<>();
        for (String envelope : envelopes) {
            events.add(objectMapper.readValue(envelope, CloudEvent.class));
        }
        QuarkusTransaction.requiringNew().run(() -> events.forEach(projection::handle));
        assertTrue(events.stream().anyMatch(e -> e.type().equals("practices.ListSizeSnapshotImported.v1")));

        for (String ccg : ccgs) {
            for (String date : DATES) {
                JsonPath service = given().queryParam("asOf", date).get("/api/ccgs/" + ccg + "/population").then().statusCode(200)
                        .extract().jsonPath();
                Populations.Population projected = QuarkusTransaction.requiringNew().call(() -> populations.of(ccg, LocalDate.parse(date)));
                String where = ccg + " on " + date;
                assertEquals(service.getLong("registeredPopulation"), projected.registered(), where);
                assertEquals(service.getInt("memberPractices"), projected.memberPractices(), where);
                assertEquals(service.getString("notInExtract.extractDate"),
                        projected.extractDate() == null ? null : projected.extractDate().toString(), where);
                List<String> missing = service.getList("notInExtract.practiceCodes");
                assertEquals(missing == null ? List.of() : missing, projected.notInExtract(), where);
                List<Populations.Member> members = QuarkusTransaction.requiringNew().call(() -> populations.members(ccg, LocalDate.parse(date)));
                assertEquals(projected.registered(), members.stream().filter(m -> m.patients() != null).mapToLong(Populations.Member::patients).sum());
                assertTrue(members.stream().filter(Populations.Member::notInExtract).allMatch(m -> m.patients() == 0), where);
            }
        }
    }

    @Test
    @Order(3)
    void withoutAnyExtractTheProjectionCountsEachPracticesLatestSizeAsBefore() {
        // events as a producer from before ListSizeSnapshotImported sent them, dated before every extract of these tests
        PracticesProjection projection = new PracticesProjection(em);
        Populations populations = new Populations(em);
        QuarkusTransaction.requiringNew().run(() -> {
            handle(projection, "practices.CcgRegistered.v1", "{\"code\":\"Z8Z\",\"name\":\"Test\",\"kind\":\"CCG\"}");
            for (String p : List.of("Z80001", "Z80002")) {
                handle(projection, "practices.PracticeRegistered.v1", "{\"code\":\"" + p + "\",\"name\":\"P\",\"status\":\"A\",\"prescribingSetting\":4}");
                handle(projection, "practices.MembershipChanged.v1", "{\"practiceCode\":\"" + p
                        + "\",\"toCcgCode\":\"Z8Z\",\"effectiveFrom\":\"2013-04-01\",\"effectiveTo\":null}");
            }
            handle(projection, "practices.ListSizeReported.v1", "{\"practiceCode\":\"Z80001\",\"asOf\":\"2020-03-01\",\"patients\":5000}");
            handle(projection, "practices.ListSizeReported.v1", "{\"practiceCode\":\"Z80001\",\"asOf\":\"2020-06-01\",\"patients\":5100}");
            handle(projection, "practices.ListSizeReported.v1", "{\"practiceCode\":\"Z80002\",\"asOf\":\"2020-06-01\",\"patients\":700}");
        });
        Populations.Population before = QuarkusTransaction.requiringNew().call(() -> populations.of("Z8Z", LocalDate.parse("2020-12-01")));
        assertEquals(5800, before.registered());
        assertNull(before.extractDate());
        assertEquals(List.of(), before.notInExtract());
        // once an extract is known (January 2021, without them), they count 0 and are named
        Populations.Population after = QuarkusTransaction.requiringNew().call(() -> populations.of("Z8Z", LocalDate.parse("2021-02-01")));
        assertEquals(0, after.registered());
        assertEquals(LocalDate.parse("2021-01-01"), after.extractDate());
        assertEquals(List.of("Z80001", "Z80002"), after.notInExtract());
    }

    private void handle(PracticesProjection projection, String type, String data) {
        try {
            projection.handle(CloudEvent.of("/practices-service", type, "test", objectMapper.readTree(data)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private io.restassured.response.ValidatableResponse assertPopulation(String date, long registered, String extractDate, List<String> notInExtract) {
        return given().queryParam("asOf", date).get("/api/ccgs/" + CCG + "/population").then().statusCode(200)
                .body("registeredPopulation", equalTo((int) registered))
                .body("notInExtract.extractDate", equalTo(extractDate))
                .body("notInExtract.practices", equalTo(notInExtract.size()))
                .body("notInExtract.practiceCodes", equalTo(notInExtract));
    }

    /** The January file's rows as an extract of another date, without the given practices. */
    private static String extract(String file, String extractDate, Set<String> without) {
        List<String> lines = file.lines().toList();
        return lines.get(0) + "\n" + lines.stream().skip(1).filter(l -> !l.isBlank())
                .filter(l -> !without.contains(l.split(",")[5]))
                .map(l -> l.replace("," + JANUARY + ",", "," + extractDate + ","))
                .collect(Collectors.joining("\n")) + "\n";
    }

    /** Practice code → NUMBER_OF_PATIENTS of a list-size file (every row is ALL/ALL). */
    private static Map<String, Integer> sizes(String file) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        file.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).forEach(f -> sizes.put(f[5], Integer.parseInt(f[9])));
        return sizes;
    }

    private static long sum(Map<String, Integer> sizes, List<String> members, Set<String> without) {
        return members.stream().filter(c -> !without.contains(c)).filter(sizes::containsKey).mapToLong(sizes::get).sum();
    }

    private static List<String> sorted(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).sorted().toList();
    }

    /** The GP practices (prescribing setting 4) that are members of the CCG on the date, by code. */
    private static List<String> members(String date) {
        JsonPath page = given().queryParam("ccg", CCG).queryParam("prescribingSetting", 4).queryParam("asOf", date)
                .queryParam("limit", 200).get("/api/practices").then().statusCode(200).extract().jsonPath();
        assertNull(page.getString("nextCursor"));
        return page.getList("items.code");
    }

    private long snapshotEvents(String extractDate) {
        return Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type = 'practices.ListSizeSnapshotImported.v1' AND event_key = ?",
                extractDate);
    }

    private static void importFile(String csv) {
        OdsFiles.awaitCompleted(given().contentType("text/csv; charset=UTF-8").queryParam("confirm", true).body(csv)
                .post("/api/list-sizes/imports").then().statusCode(202).extract().header("Location"));
    }
}
