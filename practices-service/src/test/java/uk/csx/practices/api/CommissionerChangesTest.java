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
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 16 item 2: operators register, rename, close, re-parent and succeed commissioners through
 * the API; the hierarchy stays strict (a sub-ICB location under an ICB, an ICB under a region), a
 * succession never makes a cycle, every refusal is problem+json and changes nothing, and a
 * predecessor asked for a date after its succession answers 0 with its successor. Codes Y9Z, Q9Z,
 * Q9Y and Z71 to Z73 are this class's own.
 */
@QuarkusTest
class CommissionerChangesTest {
    @Inject
    DataSource dataSource;

    @BeforeEach
    void asOperator() {
        Tokens.actAs(Tokens.operator());
    }

    private static void register(String code, String kind, String openDate) {
        given().contentType(ContentType.JSON).body(Map.of("code", code, "name", "Test " + code, "kind", kind, "openDate", openDate))
                .post("/api/ccgs").then().statusCode(201);
    }

    private static io.restassured.response.ValidatableResponse parent(String code, String parent, String from) {
        return given().contentType(ContentType.JSON).body(Map.of("parentCode", parent, "effectiveFrom", from)).post("/api/ccgs/" + code + "/parent")
                .then();
    }

    private static io.restassured.response.ValidatableResponse succeed(String code, String successor, String on, String reason) {
        return given().contentType(ContentType.JSON).body(Map.of("successorCode", successor, "effectiveDate", on, "reason", reason))
                .post("/api/ccgs/" + code + "/successions").then();
    }

    private long events(String type, String key) {
        return Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type = ? AND event_key = ?", type, key);
    }

    @Test
    void theHierarchyStaysStrictAndDated() {
        register("Y9Z", "REGION", "2022-07-01");
        register("Q9Z", "ICB", "2022-07-01");
        register("Q9Y", "ICB", "2022-07-01");
        register("Z71", "SUB_ICB_LOCATION", "2022-07-01");
        parent("Z71", "Q9Z", "2022-07-01").statusCode(200).body("parentCode", equalTo("Q9Z"));
        parent("Z71", "Q9Z", "2022-07-01").statusCode(200); // the same again: nothing new
        assertEquals(1, events("practices.CommissionerParentChanged.v1", "Z71"));
        // a parent of the wrong kind, or unknown: refused, nothing changed
        parent("Z71", "Y9Z", "2022-07-01").statusCode(400).contentType("application/problem+json").body("detail", startsWith("parentCode"));
        parent("Y9Z", "Q9Z", "2022-07-01").statusCode(400);
        parent("Z71", "Q0Q", "2022-07-01").statusCode(404).contentType("application/problem+json");
        parent("Q9Z", "Y9Z", "2022-07-01").statusCode(200);
        given().get("/api/ccgs/Q9Z").then().body("parentCode", equalTo("Y9Z"));

        // Z71 moves to Q9Y in April 2023: each ICB has it on its own dates
        parent("Z71", "Q9Y", "2023-04-01").statusCode(200);
        given().queryParam("asOf", "2023-03-31").get("/api/ccgs/Q9Z/children").then().body("code", equalTo(List.of("Z71")));
        given().queryParam("asOf", "2023-04-01").get("/api/ccgs/Q9Z/children").then().body("size()", equalTo(0));
        given().queryParam("asOf", "2023-04-01").get("/api/ccgs/Q9Y/children").then().body("code", equalTo(List.of("Z71")));
        assertEquals(2, events("practices.CommissionerParentChanged.v1", "Z71"));
    }

    @Test
    void renamingAndClosingFollowTheVersionRead() {
        register("Z72", "CCG", "2013-04-01");
        String etag = given().get("/api/ccgs/Z72").then().extract().header("ETag");
        given().contentType(ContentType.JSON).body(Map.of("name", "NHS Renamed")).post("/api/ccgs/Z72/rename").then().statusCode(428);
        given().contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("name", "NHS Renamed")).post("/api/ccgs/Z72/rename")
                .then().statusCode(200).body("name", equalTo("NHS Renamed"));
        given().contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("name", "Again")).post("/api/ccgs/Z72/rename").then().statusCode(412);
        String renamed = given().get("/api/ccgs/Z72").then().extract().header("ETag");
        given().contentType(ContentType.JSON).header("If-Match", renamed).body(Map.of("closeDate", "2010-01-01")).post("/api/ccgs/Z72/closure")
                .then().statusCode(422).body("detail", startsWith("closeDate"));
        given().contentType(ContentType.JSON).header("If-Match", renamed).body(Map.of("closeDate", "2022-07-01")).post("/api/ccgs/Z72/closure")
                .then().statusCode(200).body("closeDate", equalTo("2022-07-01"));
        assertEquals(1, events("practices.CommissionerRenamed.v1", "Z72"));
        assertEquals(1, events("practices.CommissionerClosed.v1", "Z72"));
        // only operators change the register
        String closed = given().get("/api/ccgs/Z72").then().extract().header("ETag");
        Tokens.actAnonymously();
        given().auth().oauth2(Tokens.ccg("Z72")).contentType(ContentType.JSON).header("If-Match", closed).body(Map.of("name", "Mine"))
                .post("/api/ccgs/Z72/rename").then().statusCode(403);
        Tokens.actAs(Tokens.operator());
        given().get("/api/ccgs/Z72").then().body("name", equalTo("NHS Renamed"));
    }

    @Test
    void aSuccessionClosesThePredecessorAndNeverMakesACycle() {
        register("Z73", "CCG", "2013-04-01");
        register("Z74", "SUB_ICB_LOCATION", "2020-04-01");
        register("Z75", "SUB_ICB_LOCATION", "2020-04-01");
        succeed("Z73", "Z74", "2021-04-01", "MERGER").statusCode(201).body("successor", equalTo("/api/ccgs/Z74"));
        given().get("/api/ccgs/Z73").then().body("closeDate", equalTo("2021-04-01"));
        succeed("Z74", "Z75", "2022-07-01", "RENAME").statusCode(201);

        long before = Db.count(dataSource, "SELECT count(*) FROM commissioner_succession");
        succeed("Z75", "Z73", "2023-01-01", "MERGER").statusCode(409).contentType("application/problem+json"); // Z73 → Z74 → Z75 → Z73
        succeed("Z73", "Z74", "2021-04-01", "MERGER").statusCode(409);
        succeed("Z73", "Q0Q", "2021-04-01", "MERGER").statusCode(404);
        succeed("Z73", "Z73", "2021-04-01", "MERGER").statusCode(400);
        succeed("Z75", "Z74", "2023-01-01", "TAKEOVER").statusCode(400).body("errors[0].field", equalTo("reason"));
        succeed("Z74", "Z73", "2010-01-01", "SPLIT").statusCode(422).body("detail", startsWith("effectiveDate"));
        assertEquals(before, Db.count(dataSource, "SELECT count(*) FROM commissioner_succession"));

        // asked for a date after its succession, a predecessor answers 0 and where to ask instead; before it, as it was
        given().queryParam("asOf", "2021-05-01").get("/api/ccgs/Z73/population").then().statusCode(200)
                .body("registeredPopulation", equalTo(0)).body("succeededBy[0].successorCode", equalTo("Z74"))
                .body("succeededBy[0].reason", equalTo("MERGER"));
        given().queryParam("asOf", "2021-03-31").get("/api/ccgs/Z73/population").then().statusCode(200).body("succeededBy", nullValue());
        given().get("/api/ccgs/Z74/successions").then().body("predecessorCode", equalTo(List.of("Z73", "Z74")));
        assertEquals(1, events("practices.CommissionerSucceeded.v1", "Z73"));
    }
}
