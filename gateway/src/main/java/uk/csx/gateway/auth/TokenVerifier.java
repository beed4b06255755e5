package uk.csx.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import uk.csx.gateway.GatewayConfig;

import java.util.List;
import java.util.Optional;

/**
 * Verifies bearer tokens before the gateway routes a call: RS256 only (so {@code alg: none} and
 * HS256 tricks fail), a known key id, the configured issuer and audience, not expired. The keys
 * are the gateway's own, or an external identity provider's JWKS when one is configured.
 */
@ApplicationScoped
public class TokenVerifier {
    private final GatewayConfig config;
    private final SigningKeys signingKeys;
    private volatile JwtConsumer consumer;

    public TokenVerifier(GatewayConfig config, SigningKeys signingKeys) {
        this.config = config;
        this.signingKeys = signingKeys;
    }

    /** Whether verification may call out to a remote JWKS (then it must not run on the event loop). */
    public boolean isRemote() {
        return config.auth().jwksUrl().isPresent();
    }

    /** The caller of a valid token, or empty. */
    public Optional<Principal> verify(String token) {
        try {
            JwtClaims claims = consumer().processToClaims(token);
            List<String> groups = claims.getStringListClaimValue("groups");
            if (groups == null || groups.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Principal(claims.getSubject(), groups.get(0), claims.getClaimValueAsString("org")));
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }

    private JwtConsumer consumer() {
        if (consumer == null) {
            VerificationKeyResolver keys = config.auth().jwksUrl()
                    .<VerificationKeyResolver>map(url -> new HttpsJwksVerificationKeyResolver(new HttpsJwks(url.toString())))
                    .orElseGet(() -> new JwksVerificationKeyResolver(signingKeys.publicKeys().getJsonWebKeys()));
            consumer = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds(30)
                    .setRequireSubject()
                    .setExpectedIssuer(config.auth().issuer())
                    .setExpectedAudience(config.auth().audience())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setVerificationKeyResolver(keys)
                    .build();
        }
        return consumer;
    }
}
