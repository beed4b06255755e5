package uk.csx.billing.api;

import jakarta.persistence.EntityManager;
import uk.csx.platform.persistence.NativeValues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.billing.domain.BillingRuns;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.idempotency.Idempotency;
import uk.csx.platform.security.Caller;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

@Path("/api/billing-runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Billing runs", description = "Invoice runs for a month: idempotent, safe to repeat")
public class BillingRunResource {
    private final BillingRuns runs;
    private final Idempotency idempotency;
    private final EntityManager em;
    private final Caller caller;

    private final uk.csx.platform.audit.AuditTrail audit;

    public BillingRunResource(BillingRuns runs, Idempotency idempotency, EntityManager em, Caller caller, uk.csx.platform.audit.AuditTrail audit) {
        this.audit = audit;
        this.runs = runs;
        this.idempotency = idempotency;
        this.em = em;
        this.caller = caller;
    }

    @Schema(name = "NewBillingRun")
    public record NewRun(@NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])") @Schema(examples = "2026-03") String month,
                         @Schema(description = "show what would be invoiced, issue nothing (default false)") Boolean dryRun) {
    }

    @Schema(name = "BillingRun")
    public record RunView(UUID id, String month, boolean dryRun,
                          @Schema(enumeration = {"RUNNING", "COMPLETED", "FAILED", "INTERRUPTED"},
                                  description = "INTERRUPTED: the service running it stopped (a crash); a new run of the month completes it") String status, int accounts, int invoices, int creditNotes,
                          @Schema(description = "accounts already invoiced for the month, or being invoiced by another run at the time")
                          int alreadyInvoiced,
                          @Schema(description = "accounts not billed because they could not be priced yet (see holds); a later run bills them")
                          int held, List<Hold> holds, String preview, String failure, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
    }

    @Schema(name = "BillingRunHold", description = "An account the run held, and why")
    public record Hold(String supplierCode, String ccgCode, String reason) {
    }

    @POST
    @Operation(summary = "Run billing for a month (operator); 202 and the run to follow",
            description = "One invoice per supplier + CCG + month; repeating the run, or two at once, never invoices twice. dryRun shows what would be invoiced.")
    public Response start(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull NewRun request) {
        caller.requireOperator();
        return idempotency.run("billing-runs", key, request, () -> {
            UUID id = runs.start(YearMonth.parse(request.month()), Boolean.TRUE.equals(request.dryRun()));
            audit.record("billing-run", id, "run started", java.util.Map.of(),
                    java.util.Map.of("month", request.month(), "dryRun", Boolean.TRUE.equals(request.dryRun())));
            return Response.accepted(java.util.Map.of("id", id, "status", "RUNNING", "month", request.month()))
                    .location(URI.create("/api/billing-runs/" + id)).build();
        });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A billing run: status and counts (operator)")
    public RunView get(@PathParam("id") UUID id) {
        caller.requireOperator();
        runs.markIfInterrupted(id);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT id, month, dry_run, status, accounts, invoices, credit_notes, skipped, preview, failure, started_at, finished_at, held
                        FROM billing_run WHERE id = ?1""").setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("billing run", id);
        }
        Object[] r = rows.get(0);
        LocalDate month = NativeValues.localDate(r[1]);
        @SuppressWarnings("unchecked")
        List<Object[]> holdRows = em.createNativeQuery("""
                SELECT supplier_code, ccg_code, reason FROM billing_run_hold WHERE run_id = ?1 ORDER BY supplier_code, ccg_code""")
                .setParameter(1, id).getResultList();
        List<Hold> holds = holdRows.stream().map(h -> new Hold((String) h[0], (String) h[1], (String) h[2])).toList();
        return new RunView((UUID) r[0], YearMonth.from(month).toString(), (Boolean) r[2], (String) r[3], ((Number) r[4]).intValue(),
                ((Number) r[5]).intValue(), ((Number) r[6]).intValue(), ((Number) r[7]).intValue(), ((Number) r[12]).intValue(), holds,
                (String) r[8], (String) r[9], time(r[10]), time(r[11]));
    }

    private static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof OffsetDateTime t ? t : ((java.time.Instant) (value instanceof java.sql.Timestamp ts ? ts.toInstant() : value))
                .atOffset(java.time.ZoneOffset.UTC);
    }
}
