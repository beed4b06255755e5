package uk.csx.practices.domain.imports;

import uk.csx.platform.api.RequestIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import uk.csx.platform.api.ProblemException;
import uk.csx.practices.domain.ImportJob;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs imports as jobs: the file is read and checked while the caller waits (a file that is not
 * of the kind is a 400), then applied in the background in one transaction, so no row is ever
 * half applied. A snapshot whose size moves more than 15% from the previous import of its kind
 * is refused unless the operator confirms it.
 */
@ApplicationScoped
public class ImportJobs {
    private static final Logger LOG = Logger.getLogger(ImportJobs.class);
    static final double MAX_SIZE_CHANGE = 0.15;

    private final AgroalDataSource dataSource;
    private final ObjectMapper objectMapper;
    private final ManagedExecutor executor;

    public ImportJobs(AgroalDataSource dataSource, ObjectMapper objectMapper, ManagedExecutor executor) {
        this.dataSource = dataSource;
        this.objectMapper = objectMapper;
        this.executor = executor;
    }

    public <T> UUID start(Importer<T> importer, String content, boolean confirmed) {
        ParsedFile<T> file = importer.parse(content);
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            Integer previous = previousFileRows(importer.kind());
            if (!confirmed && previous != null && previous > 0
                    && Math.abs(file.fileRows() - previous) > MAX_SIZE_CHANGE * previous) {
                throw new ProblemException(409, "snapshot-size-changed", "Snapshot size changed",
                        "this file has " + file.fileRows() + " rows and the previous " + importer.kind() + " import had " + previous
                                + ", a change of more than 15%; send confirm=true if it is right");
            }
            createJob(id, importer.kind(), file);
        });
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        executor.runAsync(() -> run(id, importer, file, requestId));
        return id;
    }

    private <T> void run(UUID id, Importer<T> importer, ParsedFile<T> file, Object requestId) {
        if (requestId != null) {
            MDC.put(RequestIds.MDC_KEY, requestId);
        }
        try {
            QuarkusTransaction.requiringNew().timeout(600).run(() -> {
                try (Connection c = dataSource.getConnection()) {
                    lock(c, importer.kind());
                    Outcome outcome = importer.apply(id, file, c);
                    complete(c, id, file, outcome);
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "import %s failed", id);
            // the cause (often the database's own words) stays in the log: the job says only that it failed and where to look
            QuarkusTransaction.requiringNew().run(() -> fail(id, "an unexpected error stopped it; the service log has the cause under import " + id));
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    private Integer previousFileRows(ImportJob.Kind kind) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT file_rows FROM import_job WHERE kind = ? AND status = 'COMPLETED' ORDER BY finished_at DESC LIMIT 1")) {
            s.setString(1, kind.name());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void createJob(UUID id, ImportJob.Kind kind, ParsedFile<?> file) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO import_job (id, kind, status, file_rows, rows_read, rejected, errors) VALUES (?, ?, 'RUNNING', ?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, kind.name());
            s.setInt(3, file.fileRows());
            s.setInt(4, file.fileRows());
            s.setInt(5, file.errors().size());
            s.setString(6, json(file.errors()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void lock(Connection c, ImportJob.Kind kind) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            s.setLong(1, kind.name().hashCode());
            s.execute();
        }
    }

    private void complete(Connection c, UUID id, ParsedFile<?> file, Outcome outcome) throws SQLException {
        List<RowError> errors = new ArrayList<>(file.errors());
        errors.addAll(outcome.errors());
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE import_job SET status = 'COMPLETED', created = ?, updated = ?, unchanged = ?, rejected = ?, errors = ?,
                       missing = ?, warnings = ?, finished_at = now() WHERE id = ?""")) {
            s.setInt(1, outcome.created());
            s.setInt(2, outcome.updated());
            s.setInt(3, outcome.unchanged());
            s.setInt(4, errors.size());
            s.setString(5, json(errors));
            s.setString(6, json(outcome.missing()));
            s.setInt(7, outcome.warnings());
            s.setObject(8, id);
            s.executeUpdate();
        }
    }

    private void fail(UUID id, String reason) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE import_job SET status = 'FAILED', failure = ?, finished_at = now() WHERE id = ?")) {
            s.setString(1, "the import was rolled back, nothing was applied: " + reason);
            s.setObject(2, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
