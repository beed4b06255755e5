package uk.csx.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.MDC;
import uk.csx.platform.api.RequestIds;
import uk.csx.platform.security.Caller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who changed what: every state-changing request on a money-relevant resource writes an entry (the
 * client, its role and organisation, the request id, the fields that changed with their values
 * before and after, and the reason an operator gave when acting for a party) in the transaction of
 * the change, so the change and its record commit or roll back together. Read per resource.
 */
@ApplicationScoped
public class AuditTrail {
    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final Caller caller;

    public AuditTrail(AgroalDataSource dataSource, ObjectMapper json, Caller caller) {
        this.dataSource = dataSource;
        this.json = json;
        this.caller = caller;
    }

    /** A changed field: its value before and after (null when absent). */
    public record Change(Object before, Object after) {
    }

    /** One entry of a resource's history. */
    public record Entry(long sequence, OffsetDateTime at, String action, String clientId, String role, String org, String onBehalfReason,
                        String requestId, Map<String, Change> changes) {
    }

    /** Records an action by the calling client; {@code before} and {@code after} are the resource's fields, of which the changed ones are kept. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String resourceType, Object resourceId, String action, Map<String, ?> before, Map<String, ?> after) {
        write(resourceType, resourceId, action, caller.clientId(), caller.role().name().toLowerCase(), caller.org(),
                caller.isOperator() ? OnBehalf.reason() : null, changes(before, after));
    }

    /** Records what the exchange itself did (an invoice run, an event applied): no client. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSystem(String resourceType, Object resourceId, String action, String by, Map<String, ?> after) {
        write(resourceType, resourceId, action, by, "system", null, null, changes(Map.of(), after));
    }

    static Map<String, Change> changes(Map<String, ?> before, Map<String, ?> after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        for (String field : after.keySet()) {
            if (!Objects.equals(String.valueOf(before.get(field)), String.valueOf(after.get(field))) || !before.containsKey(field)) {
                changes.put(field, new Change(before.get(field), after.get(field)));
            }
        }
        for (String field : before.keySet()) {
            if (!after.containsKey(field)) {
                changes.put(field, new Change(before.get(field), null));
            }
        }
        return changes;
    }

    private void write(String resourceType, Object resourceId, String action, String clientId, String role, String org, String reason,
                       Map<String, Change> changes) {
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        // the connection Agroal enlisted in this transaction: the entry commits or rolls back with the change
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO audit_event (resource_type, resource_id, action, client_id, role, org, on_behalf_reason, request_id, changes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, resourceType);
            insert.setString(2, String.valueOf(resourceId));
            insert.setString(3, action);
            insert.setString(4, clientId);
            insert.setString(5, role);
            insert.setString(6, org);
            insert.setString(7, reason);
            insert.setString(8, requestId == null ? null : requestId.toString());
            insert.setString(9, json.writeValueAsString(changes));
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not write the audit entry of " + resourceType + " " + resourceId, e);
        }
    }

    /** A resource's history, oldest first, after the given sequence (a cursor), at most {@code limit} entries. */
    public List<Entry> history(String resourceType, Object resourceId, long after, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement("""
                SELECT id, at, action, client_id, role, org, on_behalf_reason, request_id, changes FROM audit_event
                WHERE resource_type = ? AND resource_id = ? AND id > ? ORDER BY id LIMIT ?""")) {
            select.setString(1, resourceType);
            select.setString(2, String.valueOf(resourceId));
            select.setLong(3, after);
            select.setInt(4, limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    entries.add(new Entry(r.getLong(1), r.getObject(2, OffsetDateTime.class), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), r.getString(7), r.getString(8), json.readValue(r.getString(9), new TypeReference<>() { })));
                }
            }
            return entries;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not read the history of " + resourceType + " " + resourceId, e);
        }
    }
}
