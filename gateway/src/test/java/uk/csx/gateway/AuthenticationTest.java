package uk.csx.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import uk.csx.gateway.auth.SigningKeys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AuthenticationTest {
    @Inject
    SigningKeys keys;

    @Test
    void aRegisteredClientGetsAShortLivedTokenWithItsRoleAndOrganisation() {
        String token = GatewayClients.tokenFor("ccg-10q-test", "ccg", "10Q");
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"org\":\"10Q\""), payload);
        assertTrue(payload.contains("\"groups\":[\"ccg\"]"), payload);
        // the service behind receives the token as sent
        given().auth().oauth2(token).get("/api/ccgs/10Q").then().statusCode(200).body("authorization", equalTo("Bearer " + token));
        given().contentType("application/x-www-form-urlencoded").formParams(Map.of("grant_type", "client_credentials",
                        "client_id", "ccg-10q-test", "client_secret", "ccg-10q-test-secret-000000000"))
                .post("/oauth2/token").then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(900));
    }

    @Test
    void httpBasicClientAuthenticationWorksToo() {
        given().auth().preemptive().basic(GatewayClients.OPERATOR_ID, GatewayClients.OPERATOR_SECRET)
                .contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void wrongSecretsAndGrantsAreRefused() {
        given().contentType("application/x-www-form-urlencoded").formParams(Map.of("grant_type", "client_credentials",
                        "client_id", GatewayClients.OPERATOR_ID, "client_secret", "wrong-secret"))
                .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"))
                .header("WWW-Authenticate", notNullValue());
        given().contentType("application/x-www-form-urlencoded").formParams(Map.of("grant_type", "password",
                        "client_id", GatewayClients.OPERATOR_ID, "client_secret", GatewayClients.OPERATOR_SECRET))
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void aProtectedRouteWithoutAValidTokenIs401Problem() {
        given().get("/api/ccgs").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("garbage").get("/api/ccgs").then().statusCode(401).contentType("application/problem+json");
        // the published catalogue needs none
        given().get("/api/offers").then().statusCode(200);
        given().post("/api/offers").then().statusCode(401);
    }

    @Test
    void forgedTokensAreRefused() throws Exception {
        RsaJsonWebKey key = keys.current();
        // expired
        assertRefused(sign(claims(c -> c.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 120))), key, key.getKeyId()));
        // wrong issuer, wrong audience
        assertRefused(sign(claims(c -> c.setIssuer("https://evil.example")), key, key.getKeyId()));
        assertRefused(sign(claims(c -> c.setAudience("another-api")), key, key.getKeyId()));
        // a key the gateway does not know, under an unknown and under its own kid
        RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
        assertRefused(sign(claims(c -> { }), stranger, "unknown-kid"));
        assertRefused(sign(claims(c -> { }), stranger, key.getKeyId()));
        // alg none
        String none = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(claims(c -> { }).toJson()) + ".";
        assertRefused(none);
        // HS256 "signed" with the public key, the classic key-confusion attack
        JsonWebSignature hs = new JsonWebSignature();
        hs.setPayload(claims(c -> { }).toJson());
        hs.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hs.setKeyIdHeaderValue(key.getKeyId());
        hs.setKey(new HmacKey(key.getPublicKey().getEncoded()));
        hs.setDoKeyValidation(false);
        assertRefused(hs.getCompactSerialization());
        // and the genuine article passes
        given().auth().oauth2(sign(claims(c -> { }), key, key.getKeyId())).get("/api/ccgs").then().statusCode(200);
    }

    @Test
    void privateKeyJwtClientAssertionsWorkOnceAndOnlyWithinFiveMinutes() throws Exception {
        RsaJsonWebKey clientKey = RsaJwkGenerator.generateJwk(2048);
        clientKey.setKeyId("client-key-1");
        String clientId = "supplier-0df-" + UUID.randomUUID().toString().substring(0, 8);
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                clientKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), Map.class);
        given().auth().oauth2(GatewayClients.operatorToken()).contentType("application/json")
                .body(Map.of("clientId", clientId, "role", "supplier", "org", "0DF", "publicJwk", jwk))
                .post("/oauth2/clients").then().statusCode(201).body("keyRegistered", equalTo(true)).body("$", not(hasKey("clientSecret")));

        String tokenUrl = RestAssured.baseURI + ":" + RestAssured.port + "/oauth2/token";
        String assertion = assertion(clientId, tokenUrl, 120, clientKey);
        given().contentType("application/x-www-form-urlencoded").formParams(Map.of("grant_type", "client_credentials",
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion))
                .post("/oauth2/token").then().statusCode(200).body("scope", equalTo("supplier"));
        // replayed
        given().contentType("application/x-www-form-urlencoded").formParams(Map.of("grant_type", "client_credentials",
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion))
                .post("/oauth2/token").then().statusCode(401).body("error_description", containsString("replayed"));
        // too far ahead, wrong audience, signed by another key
        for (String bad : List.of(assertion(clientId, tokenUrl, 600, clientKey), assertion(clientId, "https://elsewhere/token", 60, clientKey),
                assertion(clientId, tokenUrl, 60, RsaJwkGenerator.generateJwk(2048)))) {
            given().contentType("application/x-www-form-urlencoded").formParams(Map.of("grant_type", "client_credentials",
                            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", bad))
                    .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        }
    }

    @Test
    void onlyOperatorsRegisterClients() {
        Map<String, Object> body = Map.of("clientId", "sneaky-client", "role", "operator", "secret", "0123456789abcdef0123");
        given().contentType("application/json").body(body).post("/oauth2/clients").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(GatewayClients.tokenFor("ccg-06f-test", "ccg", "06F")).contentType("application/json").body(body)
                .post("/oauth2/clients").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void theJwksPublishesPublicKeysOnly() {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys[0].kty", equalTo("RSA")).body("keys[0].kid", equalTo(keys.current().getKeyId()))
                .body("keys[0]", not(hasKey("d"))).body("keys[0]", not(hasKey("p")));
    }

    @Test
    void theBucketEmptiesAnd429SaysWhenToRetry() {
        String token = GatewayClients.tokenFor("supplier-rate-test", "supplier", "0AP");
        int status = 0;
        for (int i = 0; i < 20 && status != 429; i++) {
            status = given().auth().oauth2(token).get("/api/ccgs").then().extract().statusCode();
        }
        assertTrue(status == 429, "the supplier bucket holds 5");
        given().auth().oauth2(token).get("/api/ccgs").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).header("RateLimit-Limit", "5").header("RateLimit-Remaining", "0");
    }

    private void assertRefused(String token) {
        given().auth().oauth2(token).get("/api/ccgs").then().statusCode(401).contentType("application/problem+json");
    }

    private static JwtClaims claims(java.util.function.Consumer<JwtClaims> change) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("https://csx.local/gateway");
        claims.setAudience("csx-api");
        claims.setSubject("forger");
        claims.setStringListClaim("groups", "operator");
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setIssuedAtToNow();
        change.accept(claims);
        return claims;
    }

    private static String sign(JwtClaims claims, RsaJsonWebKey key, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(kid);
        jws.setKey(key.getPrivateKey());
        return jws.getCompactSerialization();
    }

    private static String assertion(String clientId, String audience, int secondsAhead, RsaJsonWebKey key) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(clientId);
        claims.setSubject(clientId);
        claims.setAudience(audience);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + secondsAhead));
        claims.setIssuedAtToNow();
        return sign(claims, key, key.getKeyId());
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
