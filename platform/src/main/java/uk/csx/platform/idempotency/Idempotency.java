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
 * effect; a retry gets the stored answer; a retry while the first is still running gets 409;
 * the same key with a different body gets 422. A key left in progress by a crash is taken over
 * after a minute.
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
        Response stored = QuarkusTransaction.requiringNew().call(() -> claim(scope, key, hash));
        if (stored != null) {
            return stored;
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Response response = action.get();
                complete(scope, key, response);
                return response;
            });
        } catch (RuntimeException e) {
            // the request failed and changed nothing: free the key so that a corrected retry can run
            QuarkusTransaction.requiringNew().run(() -> release(scope, key));
            throw e;
        }
    }

    /** Claims the key for this request, or answers from what an earlier request with it left. */
    private Response claim(String scope, String key, String hash) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO idempotency_key (scope, idem_key, request_hash, state) VALUES (?, ?, ?, 'IN_PROGRESS') ON CONFLICT DO NOTHING")) {
                insert.setString(1, scope);
                insert.setString(2, key);
                insert.setString(3, hash);
                if (insert.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT request_hash, state, response_status, response_body, location, created_at < now() - interval '1 minute' "
                            + "FROM idempotency_key WHERE scope = ? AND idem_key = ? FOR UPDATE")) {
                select.setString(1, scope);
                select.setString(2, key);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw ProblemException.conflict("a request with this " + HEADER + " has just finished; retry");
                    }
                    if (!rs.getString(1).equals(hash)) {
                        throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                                "this " + HEADER + " was used with a different request body");
                    }
                    if ("IN_PROGRESS".equals(rs.getString(2))) {
                        if (rs.getBoolean(6)) {
                            return null; // abandoned by a crash: this request takes it over
                        }
                        throw new ProblemException(409, "idempotency-key-in-use", "Request in progress",
                                "a request with this " + HEADER + " is still being processed; retry later");
                    }
                    Response.ResponseBuilder replay = Response.status(rs.getInt(3))
                            .entity(rs.getString(4)).type(MediaType.APPLICATION_JSON)
                            .header(REPLAYED_HEADER, "true");
                    if (rs.getString(5) != null) {
                        replay.header("Location", rs.getString(5));
                    }
                    return replay.build();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void complete(String scope, String key, Response response) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement(
                     "UPDATE idempotency_key SET state = 'COMPLETED', response_status = ?, response_body = ?, location = ?, completed_at = now() "
                             + "WHERE scope = ? AND idem_key = ?")) {
            update.setInt(1, response.getStatus());
            update.setString(2, response.getEntity() == null ? null : objectMapper.writeValueAsString(response.getEntity()));
            update.setString(3, response.getLocation() == null ? null : response.getLocation().toString());
            update.setString(4, scope);
            update.setString(5, key);
            update.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void release(String scope, String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement(
                     "DELETE FROM idempotency_key WHERE scope = ? AND idem_key = ? AND state = 'IN_PROGRESS'")) {
            delete.setString(1, scope);
            delete.setString(2, key);
            delete.executeUpdate();
        } catch (SQLException e) {
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
