package uk.csx.practices.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Db;
import uk.csx.testsupport.Tokens;

import javax.sql.DataSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class CcgResourceTest {
    @Inject
    DataSource dataSource;

    @org.junit.jupiter.api.BeforeEach
    void asOperator() {
        Tokens.actAs(Tokens.operator());
    }

    @Test
    void registersACcgAndPublishesItsEvent() {
        given().contentType(ContentType.JSON).body("{\"code\":\"Z9Q\",\"name\":\"NHS Test CCG\",\"openDate\":\"2013-04-01\"}")
                .post("/api/ccgs")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/ccgs/Z9Q"))
                .header("ETag", notNullValue())
                .body("code", equalTo("Z9Q")).body("kind", equalTo("CCG"));

        given().get("/api/ccgs/Z9Q").then().statusCode(200).body("name", equalTo("NHS Test CCG"));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_key = 'Z9Q' AND event_type = 'practices.CcgRegistered.v1'"));

        given().contentType(ContentType.JSON).body("{\"code\":\"Z9Q\",\"name\":\"again\"}")
                .post("/api/ccgs").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void refusesABadCodeAndChangesNothing() {
        long before = Db.count(dataSource, "SELECT count(*) FROM commissioner");
        given().contentType(ContentType.JSON).body("{\"code\":\"x1\",\"name\":\"\"}")
                .post("/api/ccgs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("code")).body("errors.field", hasItem("name"));
        assertEquals(before, Db.count(dataSource, "SELECT count(*) FROM commissioner"));
    }

    @Test
    void listsCcgsPageByPageWithoutGapsOrRepeats() {
        for (String code : new String[]{"Z01", "Z02", "Z03", "Z11", "Z12"}) {
            given().contentType(ContentType.JSON).body("{\"code\":\"" + code + "\",\"name\":\"CCG " + code + "\"}").post("/api/ccgs");
        }
        java.util.List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var page = given().queryParam("limit", 7).queryParam("cursor", cursor == null ? "" : cursor).get("/api/ccgs")
                    .then().statusCode(200).extract().jsonPath();
            java.util.List<String> codes = page.getList("items.code");
            org.junit.jupiter.api.Assertions.assertTrue(codes.size() <= 7);
            seen.addAll(codes);
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(seen.stream().sorted().distinct().toList(), seen);
        org.junit.jupiter.api.Assertions.assertTrue(seen.containsAll(java.util.List.of("Z01", "Z02", "Z03", "Z11", "Z12")));

        given().get("/api/ccgs/ZZZ").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("limit", 500).get("/api/ccgs").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("limit", 200).get("/api/ccgs").then().statusCode(200).body("items.size()", org.hamcrest.Matchers.lessThanOrEqualTo(200));
    }
}
