package uk.csx.practices.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.csx.testsupport.Tokens;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Tokens decide what a caller may see and do; another CCG's data does not exist for it. */
@QuarkusTest
class SecurityTest {
    private static int oxfordLocality;

    @BeforeEach
    void aLocalityOfOxfordshire() {
        Tokens.actAs(Tokens.operator());
        OdsFiles.importAll();
        if (oxfordLocality == 0) {
            oxfordLocality = given().auth().oauth2(Tokens.ccg("10Q")).contentType(ContentType.JSON).body(Map.of("name", "Security test locality"))
                    .post("/api/ccgs/10Q/localities").then().statusCode(201).extract().path("id");
        }
        Tokens.actAnonymously();
    }

    @AfterEach
    void back() {
        Tokens.actAnonymously();
    }

    @Test
    void aCallWithoutATokenIs401WithAChallenge() {
        given().get("/api/practices/K84001").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
    }

    @Test
    void aForgedOrForeignTokenIs401() {
        String token = Tokens.operator();
        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        given().auth().oauth2(tampered).get("/api/practices/K84001").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-jwt").get("/api/practices/K84001").then().statusCode(401);
    }

    @Test
    void anyRoleReadsTheRegister() {
        given().auth().oauth2(Tokens.supplier("0DF")).get("/api/practices/K84001").then().statusCode(200);
        given().auth().oauth2(Tokens.ccg("06F")).queryParam("asOf", "2021-01-01").get("/api/ccgs/10Q/population").then().statusCode(200);
    }

    @Test
    void aCcgSeesAndManagesOnlyItsOwnLocalities() {
        given().auth().oauth2(Tokens.ccg("10Q")).get("/api/ccgs/10Q/localities/" + oxfordLocality).then().statusCode(200);
        given().auth().oauth2(Tokens.ccg("06F")).get("/api/ccgs/10Q/localities/" + oxfordLocality).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.ccg("06F")).get("/api/ccgs/10Q/localities").then().statusCode(404);
        given().auth().oauth2(Tokens.ccg("06F")).contentType(ContentType.JSON).body(Map.of("name", "Taken over"))
                .post("/api/ccgs/10Q/localities").then().statusCode(404);
        given().auth().oauth2(Tokens.supplier("0DF")).get("/api/ccgs/10Q/localities").then().statusCode(404);
        given().auth().oauth2(Tokens.operator()).get("/api/ccgs/10Q/localities/" + oxfordLocality).then().statusCode(200)
                .body("name", equalTo("Security test locality"));
    }

    @Test
    void importsAndReferenceWritesAreForOperators() {
        given().auth().oauth2(Tokens.ccg("10Q")).contentType("text/csv").body("x").post("/api/ods-imports").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.supplier("0DF")).contentType(ContentType.JSON).body(Map.of("code", "X1X", "name", "Nope"))
                .post("/api/ccgs").then().statusCode(403);
        given().auth().oauth2(Tokens.ccg("10Q")).contentType(ContentType.JSON).body(Map.of("asOf", "2021-02-01", "patients", 5))
                .post("/api/practices/K84001/list-sizes").then().statusCode(403);
    }
}
