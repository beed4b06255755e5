package uk.csx.platform.idempotency;

import uk.csx.platform.api.ProblemException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for POSTs that create money-relevant things, after the IETF draft:
 * the first request with a key runs and its answer is stored in the same transaction as its
 * effect (one transaction: business rows, outbox rows, stored answer); a retry gets the stored
 * answer; a retry while the first is still running gets 409; the same key with a different body
 * gets 422. A request that fails or dies stores nothing, so its key is free again at once.
 */
@ApplicationScoped
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final AgroalDataSource dataSource;
    private final ObjectMapper objectMapper;

    public Idempotency(AgroalDataSource dataSource, ObjectMapper objectMapper) {
        this.dataSource = dataSource;
        this.objectMapper = objectMapper;
    }

    /**
     * Runs {@code action} once per (scope, key). {@code action} must do its work in the current
     * transaction (a {@code @Transactional} method joins it).
     */
    public Response run(String scope, String key, Object request, Supplier<Response> action) {
        if (key == null) {
            return QuarkusTransaction.requiringNew().call(action::get);
        }
        if (key.isBlank() || key.length() > 255) {
            throw ProblemException.badRequest(HEADER + " must be 1 to 255 characters");
        }
        String hash = hash(request);
        return QuarkusTransaction.requiringNew().call(() -> {
            Response stored = claim(scope, key, hash);
            if (stored != null) {
                return stored;
            }
            Response response = action.get();
            store(scope, key, hash, response);
            return response;
        });
    }

    /**
     * Takes the key for this transaction, or answers from what an earlier request with it left.
     * The lock is a transaction-scoped advisory lock (the two-int form, a lock space of its own):
     * a second request that cannot take it is running beside the first, and PostgreSQL frees it
     * at commit, rollback or a lost connection.
     */
    private Response claim(String scope, String key, String hash) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?), hashtext(?))")) {
                lock.setString(1, scope);
                lock.setString(2, key);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw new ProblemException(409, "idempotency-key-in-use", "Request in progress",
                                "a request with this " + HEADER + " is still being processed; retry later");
                    }
                }
            }
            // read after the lock: a first request that committed before it is seen here
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT request_hash, response_status, response_body, location FROM idempotency_key "
                            + "WHERE scope = ? AND idem_key = ? AND state = 'COMPLETED'")) {
                select.setString(1, scope);
                select.setString(2, key);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    if (!rs.getString(1).equals(hash)) {
                        throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                                "this " + HEADER + " was used with a different request body");
                    }
                    Response.ResponseBuilder replay = Response.status(rs.getInt(2))
                            .entity(rs.getString(3)).type(MediaType.APPLICATION_JSON)
                            .header(REPLAYED_HEADER, "true");
                    if (rs.getString(4) != null) {
                        replay.header("Location", rs.getString(4));
                    }
                    return replay.build();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer, stored with the request's effect; replaces a claim an earlier version left in progress. */
    private void store(String scope, String key, String hash, Response response) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO idempotency_key (scope, idem_key, request_hash, state, response_status, response_body, location, completed_at) "
                             + "VALUES (?, ?, ?, 'COMPLETED', ?, ?, ?, now()) ON CONFLICT (scope, idem_key) DO UPDATE SET "
                             + "request_hash = excluded.request_hash, state = excluded.state, response_status = excluded.response_status, "
                             + "response_body = excluded.response_body, location = excluded.location, completed_at = excluded.completed_at")) {
            insert.setString(1, scope);
            insert.setString(2, key);
            insert.setString(3, hash);
            insert.setInt(4, response.getStatus());
            insert.setString(5, response.getEntity() == null ? null : objectMapper.writeValueAsString(response.getEntity()));
            insert.setString(6, response.getLocation() == null ? null : response.getLocation().toString());
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(Object request) {
        try {
            byte[] body = objectMapper.writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
