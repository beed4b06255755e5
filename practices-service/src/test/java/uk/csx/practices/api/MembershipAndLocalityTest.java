package uk.csx.practices.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class MembershipAndLocalityTest {
    @Inject
    DataSource dataSource;

    @BeforeEach
    void importRealFiles() {
        Tokens.actAs(Tokens.operator());
        OdsFiles.importAll();
    }

    @Test
    void aMoveClosesTheOldMembershipOpensTheNewAndKeepsHistory() {
        // Y00001-style practice in Bedfordshire: move one 06F practice to 10Q from 2022-04-01
        String practice = lastPractice("06F");
        long events = Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_key = ? AND event_type = 'practices.MembershipChanged.v1'", practice);

        given().contentType(ContentType.JSON).body(Map.of("ccgCode", "10Q", "effectiveFrom", "2022-04-01"))
                .post("/api/practices/" + practice + "/memberships")
                .then().statusCode(201).body("ccgCode", equalTo("10Q")).body("effectiveFrom", equalTo("2022-04-01"));

        given().get("/api/practices/" + practice + "/memberships").then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].ccgCode", equalTo("06F")).body("[0].effectiveTo", equalTo("2022-04-01"))
                .body("[1].ccgCode", equalTo("10Q")).body("[1].effectiveTo", nullValue());
        given().queryParam("asOf", "2022-03-31").get("/api/practices/" + practice + "/membership").then().body("ccgCode", equalTo("06F"));
        given().queryParam("asOf", "2022-04-01").get("/api/practices/" + practice + "/membership").then().body("ccgCode", equalTo("10Q"));
        assertEquals(events + 1, Db.count(dataSource,
                "SELECT count(*) FROM outbox_event WHERE event_key = ? AND event_type = 'practices.MembershipChanged.v1'", practice));

        // a move that would overlap the later membership is refused and changes nothing
        given().contentType(ContentType.JSON).body(Map.of("ccgCode", "06F", "effectiveFrom", "2021-06-01"))
                .post("/api/practices/" + practice + "/memberships")
                .then().statusCode(409).contentType("application/problem+json");
        given().get("/api/practices/" + practice + "/memberships").then().body("", hasSize(2));
    }

    @Test
    void badMembershipInputIsRefusedWithAProblem() {
        String practice = firstPractice("06F");
        given().contentType(ContentType.JSON).body(Map.of("ccgCode", "ZZZ", "effectiveFrom", "2023-01-01"))
                .post("/api/practices/" + practice + "/memberships").then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("ccgCode", "10Q", "effectiveFrom", "not-a-date"))
                .post("/api/practices/" + practice + "/memberships").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("ccgCode", "10Q", "effectiveFrom", "2023-01-01"))
                .post("/api/practices/X99999/memberships").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("asOf", "2021-02-01", "patients", -5))
                .post("/api/practices/" + practice + "/list-sizes").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("patients"));
    }

    @Test
    void localitiesFromPrimaryCareNetworksSplitOxfordshireWithoutLosingAPatient() {
        var created = given().contentType(ContentType.JSON).body(Map.of("effectiveFrom", "2021-04-01"))
                .post("/api/ccgs/10Q/localities/from-networks").then().statusCode(201).extract().jsonPath();
        List<Integer> ids = created.getList("id");
        assertEquals(21, ids.size(), "Oxfordshire's 67 practices are in 21 primary care networks");

        long sum = 0;
        for (Integer id : ids) {
            var view = given().queryParam("asOf", "2021-04-01").get("/api/ccgs/10Q/localities/" + id).then().statusCode(200).extract().jsonPath();
            int practices = view.getList("practices").size();
            long population = view.getLong("registeredPopulation");
            List<String> guidance = view.getList("guidance");
            assertEquals(practices < 5 || practices > 10, guidance.contains("PRACTICES_OUTSIDE_5_TO_10"), "locality " + id);
            assertEquals(population < 50_000 || population > 100_000, guidance.contains("POPULATION_OUTSIDE_50000_TO_100000"));
            sum += population;
        }
        long ccg = given().queryParam("asOf", "2021-04-01").get("/api/ccgs/10Q/population").then().extract().jsonPath().getLong("registeredPopulation");
        assertEquals(778_948, ccg, "a locality split moves no practice out of the CCG");
        assertTrue(sum <= ccg && sum > 700_000, "localities hold the practices that have a network: " + sum);
    }

    @Test
    void aLocalityIsCreatedRenamedWithItsETagAndNamesAreUniqueInACcg() {
        var response = given().contentType(ContentType.JSON).body(Map.of("name", "North Bedfordshire"))
                .post("/api/ccgs/06F/localities").then().statusCode(201).extract();
        int id = response.path("id");
        String etag = response.header("ETag");
        given().contentType(ContentType.JSON).body(Map.of("name", "North Bedfordshire"))
                .post("/api/ccgs/06F/localities").then().statusCode(409);

        given().contentType(ContentType.JSON).header("If-Match", "\"999\"").body(Map.of("name", "Bedford North"))
                .patch("/api/ccgs/06F/localities/" + id).then().statusCode(412);
        given().contentType(ContentType.JSON).body(Map.of("name", "Bedford North"))
                .patch("/api/ccgs/06F/localities/" + id).then().statusCode(428);
        given().contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("name", "Bedford North"))
                .patch("/api/ccgs/06F/localities/" + id).then().statusCode(200).body("name", equalTo("Bedford North"));
        given().get("/api/ccgs/10Q/localities/" + id).then().statusCode(404);

        String practice = firstPractice("06F");
        given().contentType(ContentType.JSON).body(Map.of("practiceCode", practice, "effectiveFrom", "2021-05-01"))
                .post("/api/ccgs/06F/localities/" + id + "/practices").then().statusCode(201).body("localityId", equalTo(id));
        given().queryParam("locality", id).queryParam("asOf", "2021-05-01").get("/api/practices").then()
                .body("items.code", equalTo(List.of(practice)));
        // a practice of another CCG cannot join this CCG's locality
        given().contentType(ContentType.JSON).body(Map.of("practiceCode", firstPractice("10Q"), "effectiveFrom", "2021-05-01"))
                .post("/api/ccgs/06F/localities/" + id + "/practices").then().statusCode(422);
    }

    @Test
    void practicesAreSearchableByNameFragmentAndPostcodePrefix() {
        given().queryParam("name", "densham").get("/api/practices").then().statusCode(200).body("items[0].code", equalTo("A81001"));
        given().queryParam("postcode", "TS18 1").queryParam("limit", 200).get("/api/practices").then().statusCode(200)
                .body("items.postcode", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.startsWith("TS18 1")));
    }

    /** The last active GP practice (by code) of a CCG on 2021-01-01: the one the move test moves. */
    private String lastPractice(String ccg) {
        List<String> codes = given().queryParam("ccg", ccg).queryParam("prescribingSetting", 4).queryParam("status", "A")
                .queryParam("asOf", "2021-01-01").queryParam("limit", 200).get("/api/practices").then().extract().jsonPath().getList("items.code");
        return codes.get(codes.size() - 1);
    }

    /** The first active GP practice (by code) of a CCG on 2021-01-01. */
    private String firstPractice(String ccg) {
        List<String> codes = given().queryParam("ccg", ccg).queryParam("prescribingSetting", 4).queryParam("status", "A")
                .queryParam("asOf", "2021-01-01").queryParam("limit", 200).get("/api/practices").then().extract().jsonPath().getList("items.code");
        return codes.get(0);
    }
}
