package uk.csx.testsupport;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.smallrye.jwt.build.Jwt;

import java.time.Duration;
import java.util.Set;

/** Bearer tokens as the gateway issues them, signed with the test key pair, for service tests. */
public final class Tokens {
    public static final String ISSUER = "https://csx.test/gateway";
    public static final String AUDIENCE = "csx-api";
    static final String PUBLIC_KEY = "test-keys/public.pem";
    private static final String PRIVATE_KEY = "test-keys/private.pem";

    private Tokens() {
    }

    public static String operator() {
        return token("test-operator", "operator", null);
    }

    public static String ccg(String ccgCode) {
        return token("test-ccg-" + ccgCode, "ccg", ccgCode);
    }

    public static String supplier(String supplierCode) {
        return token("test-supplier-" + supplierCode, "supplier", supplierCode);
    }

    public static String token(String clientId, String role, String org) {
        var claims = Jwt.issuer(ISSUER).subject(clientId).upn(clientId).audience(AUDIENCE).groups(Set.of(role))
                .expiresIn(Duration.ofMinutes(10));
        if (org != null) {
            claims.claim("org", org);
        }
        return claims.jws().keyId("test-key").sign(PRIVATE_KEY);
    }

    /** Makes every following REST-assured call of this test carry the token (until the next call of this). */
    public static void actAs(String token) {
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", "Bearer " + token).build();
    }

    /** Calls without a token. */
    public static void actAnonymously() {
        RestAssured.requestSpecification = null;
    }
}
