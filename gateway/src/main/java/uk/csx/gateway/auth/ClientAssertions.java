package uk.csx.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.JoseException;

import java.util.Optional;

/**
 * Client authentication with a signed JWT (private_key_jwt, RFC 7523), as the NHS API platform
 * asks of machine clients: the client's registered public key signs an assertion whose
 * {@code iss} and {@code sub} are the client id, {@code aud} is the token URL, {@code exp} at most
 * five minutes ahead, and whose {@code jti} is never accepted twice.
 */
@ApplicationScoped
public class ClientAssertions {
    public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final RegisteredClients clients;

    public ClientAssertions(RegisteredClients clients) {
        this.clients = clients;
    }

    /** The client the assertion proves, or a reason why it proves nothing. */
    public Result verify(String assertion, String tokenUrl) {
        String clientId;
        try {
            // read the issuer first to find whose key must have signed it; nothing is trusted yet
            JwtContext unverified = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().process(assertion);
            clientId = unverified.getJwtClaims().getIssuer();
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Result.refused("the client assertion is not a JWT");
        }
        Optional<RegisteredClients.Client> client = clientId == null ? Optional.empty() : clients.find(clientId);
        if (client.isEmpty() || client.get().publicJwk() == null) {
            return Result.refused("unknown client or no key registered for it");
        }
        JwtClaims claims;
        try {
            claims = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setMaxFutureValidityInMinutes(5)
                    .setAllowedClockSkewInSeconds(30)
                    .setRequireJwtId()
                    .setExpectedIssuer(clientId)
                    .setExpectedSubject(clientId)
                    .setExpectedAudience(tokenUrl)
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA512,
                            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setVerificationKey(JsonWebKey.Factory.newJwk(client.get().publicJwk()).getKey())
                    .build().processToClaims(assertion);
        } catch (InvalidJwtException | JoseException e) {
            return Result.refused("the client assertion is not valid: " + firstLine(e.getMessage()));
        }
        try {
            NumericDate exp = claims.getExpirationTime();
            if (!clients.firstUseOf(claims.getJwtId(), clientId, java.time.Instant.ofEpochSecond(exp.getValue()))) {
                return Result.refused("the client assertion was used before (jti replayed)");
            }
        } catch (MalformedClaimException e) {
            return Result.refused("the client assertion's claims are malformed");
        }
        return Result.of(client.get().principal());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.split("\n")[0];
    }

    public record Result(Principal principal, String reason) {
        static Result of(Principal principal) {
            return new Result(principal, null);
        }

        static Result refused(String reason) {
            return new Result(null, reason);
        }
    }
}
