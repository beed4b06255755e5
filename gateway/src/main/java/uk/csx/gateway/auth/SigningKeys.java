package uk.csx.gateway.auth;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's RS256 signing keys, kept in its database so that tokens survive restarts and
 * every gateway instance signs alike. The first start makes one; all are published as the JWKS.
 */
@ApplicationScoped
public class SigningKeys {
    private final AgroalDataSource dataSource;
    private volatile List<RsaJsonWebKey> keys = List.of();

    public SigningKeys(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void load(@Observes StartupEvent event) throws SQLException, JoseException {
        try (Connection c = dataSource.getConnection()) {
            if (read(c).isEmpty()) {
                RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
                key.setKeyId(key.calculateBase64urlEncodedThumbprint("SHA-256"));
                key.setUse("sig");
                key.setAlgorithm("RS256");
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO signing_key (kid, private_pem, public_jwk) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, key.getKeyId());
                    insert.setString(2, key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
                    insert.setString(3, key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
                    insert.executeUpdate();
                }
            }
            keys = read(c);
        }
    }

    private static List<RsaJsonWebKey> read(Connection c) throws SQLException, JoseException {
        List<RsaJsonWebKey> found = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT private_pem FROM signing_key ORDER BY created_at DESC");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                found.add((RsaJsonWebKey) JsonWebKey.Factory.newJwk(rs.getString(1)));
            }
        }
        return found;
    }

    /** The key new tokens are signed with. */
    public RsaJsonWebKey current() {
        return keys.get(0);
    }

    /** The public keys, as served at /.well-known/jwks.json. */
    public JsonWebKeySet publicKeys() {
        List<JsonWebKey> published = new ArrayList<>();
        for (RsaJsonWebKey key : keys) {
            try {
                published.add(JsonWebKey.Factory.newJwk(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
        return new JsonWebKeySet(published);
    }
}
