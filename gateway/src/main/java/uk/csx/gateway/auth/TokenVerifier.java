package uk.csx.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
import java.util.concurrent.TimeUnit;

/**
 * Verifies bearer tokens before the gateway routes a call: RS256 only (so {@code alg: none} and
 * HS256 tricks fail), a known key id, the configured issuer and audience, not expired. The keys
 * are the gateway's own, or an external identity provider's JWKS when one is configured. A token
 * once verified is remembered until it expires (at most ten minutes), so that a client's calls
 * do not pay for the RSA check each time; a token that fails is checked again on every call.
 */
@ApplicationScoped
public class TokenVerifier {
    private final GatewayConfig config;
    private final SigningKeys signingKeys;
    private volatile JwtConsumer consumer;
    private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(10_000).expireAfter(new UntilExpiry()).build();

    private record Verified(Principal principal, long expiresAtMillis) {
    }

    /** A verified token is kept until its own expiry, and never longer than ten minutes. */
    private static final class UntilExpiry implements Expiry<String, Verified> {
        private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(10);

        @Override
        public long expireAfterCreate(String token, Verified v, long now) {
            return Math.max(0, Math.min(MAX_NANOS, TimeUnit.MILLISECONDS.toNanos(v.expiresAtMillis() - System.currentTimeMillis())));
        }

        @Override
        public long expireAfterUpdate(String token, Verified v, long now, long current) {
            return current;
        }

        @Override
        public long expireAfterRead(String token, Verified v, long now, long current) {
            return current;
        }
    }

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
        Verified known = verified.getIfPresent(token); // an entry is gone once its token expires (UntilExpiry)
        if (known != null) {
            return Optional.of(known.principal());
        }
        try {
            JwtClaims claims = consumer().processToClaims(token);
            List<String> groups = claims.getStringListClaimValue("groups");
            if (groups == null || groups.isEmpty()) {
                return Optional.empty();
            }
            Principal principal = new Principal(claims.getSubject(), groups.get(0), claims.getClaimValueAsString("org"));
            verified.put(token, new Verified(principal, claims.getExpirationTime().getValueInMillis()));
            return Optional.of(principal);
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
