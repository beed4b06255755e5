package uk.csx.gateway.auth;

import io.agroal.api.AgroalDataSource;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import uk.csx.gateway.GatewayConfig;
import uk.csx.platform.api.ProblemException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Machine clients of the client-credentials grant; secrets are kept only as bcrypt hashes. */
@ApplicationScoped
public class RegisteredClients {
    private final AgroalDataSource dataSource;
    private final GatewayConfig config;

    public RegisteredClients(AgroalDataSource dataSource, GatewayConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    public record Client(String clientId, String secretHash, String publicJwk, String role, String org) {
        Principal principal() {
            return new Principal(clientId, role, org);
        }
    }

    /** A fresh installation gets the operator client named in configuration. */
    void bootstrap(@Observes StartupEvent event) {
        var operator = config.auth().bootstrapOperator();
        if (operator.clientId().isPresent() && operator.secret().isPresent() && find(operator.clientId().get()).isEmpty()) {
            register(operator.clientId().get(), operator.secret().get(), null, "operator", null);
        }
    }

    public Optional<Client> find(String clientId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT client_id, secret_hash, public_jwk, role, org FROM client WHERE client_id = ?")) {
            s.setString(1, clientId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Client(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Client> all() {
        List<Client> clients = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT client_id, role, org, public_jwk FROM client ORDER BY client_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                clients.add(new Client(rs.getString(1), null, rs.getString(4), rs.getString(2), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return clients;
    }

    /** The client if the secret is its own; bcrypt compares in constant time for the hash. */
    public Optional<Principal> authenticate(String clientId, String secret) {
        return find(clientId).filter(client -> client.secretHash() != null && BcryptUtil.matches(secret, client.secretHash()))
                .map(Client::principal);
    }

    public void register(String clientId, String secret, String publicJwk, String role, String org) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO client (client_id, secret_hash, public_jwk, role, org) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, clientId);
            s.setString(2, secret == null ? null : BcryptUtil.bcryptHash(secret));
            s.setString(3, publicJwk);
            s.setString(4, role);
            s.setString(5, org);
            if (s.executeUpdate() == 0) {
                throw ProblemException.conflict("client " + clientId + " is already registered");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records a client assertion's jti; false when it was used before (a replay). */
    public boolean firstUseOf(String jti, String clientId, java.time.Instant expiresAt) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM used_assertion WHERE expires_at < now() - interval '1 hour'")) {
                purge.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO used_assertion (jti, client_id, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, clientId + ":" + jti);
                s.setString(2, clientId);
                s.setObject(3, java.time.OffsetDateTime.ofInstant(expiresAt, java.time.ZoneOffset.UTC));
                return s.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
