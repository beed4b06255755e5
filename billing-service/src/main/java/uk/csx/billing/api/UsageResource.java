package uk.csx.billing.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.billing.domain.Usage;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.idempotency.Idempotency;
import uk.csx.platform.audit.AuditTrail;
import uk.csx.platform.security.Caller;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;

@Path("/api/usage")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Usage", description = "Days delivered on day-rate agreements")
public class UsageResource {
    private final Usage usage;
    private final Idempotency idempotency;
    private final Caller caller;

    private final AuditTrail audit;

    public UsageResource(Usage usage, Idempotency idempotency, Caller caller, AuditTrail audit) {
        this.audit = audit;
        this.usage = usage;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @Schema(name = "UsageSubmission")
    public record Submission(@NotNull UUID agreementId, @NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])") @Schema(examples = "2026-03") String month,
                             @NotNull @DecimalMin("-23") @DecimalMax("23")
                             @Schema(examples = "4.5", description = "days in halves; negative only as a correction with a reason; a month's total "
                                     + "is at most the working days (Monday to Friday) the agreement covers in it") BigDecimal days,
                             @Size(max = 500) String reason) {
    }

    @POST
    @Operation(summary = "Submit days delivered for a month (the supplier of the agreement); honours Idempotency-Key",
            description = "Usage for a month already invoiced is billed as an adjustment on the next run.")
    public Response submit(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull Submission submission) {
        caller.requireRole(Caller.Role.SUPPLIER);
        Usage.Agreement agreement = usage.agreement(submission.agreementId());
        caller.requireParty(Caller.Role.SUPPLIER, agreement.supplierCode(), "signed agreement", submission.agreementId());
        return idempotency.run("usage:" + caller.clientId(), key, submission, () -> {
            long id = usage.submit(agreement, YearMonth.parse(submission.month()), submission.days(), submission.reason(), caller.clientId());
            return Response.status(201).entity(Map.of("id", id, "agreementId", agreement.id(), "month", submission.month(),
                    "days", submission.days())).build();
        });
    }

    @GET
    @Path("/{agreementId}/history")
    @Operation(summary = "Who submitted or corrected an agreement's usage, when, and the month's days before and after (its parties, operators)")
    public java.util.List<AuditTrail.Entry> history(@PathParam("agreementId") UUID agreementId,
                                                    @QueryParam("after") @jakarta.validation.constraints.PositiveOrZero Long after) {
        Usage.Agreement agreement = usage.agreement(agreementId);
        if (!caller.actsFor(Caller.Role.SUPPLIER, agreement.supplierCode()) && !caller.actsFor(Caller.Role.CCG, agreement.ccgCode())) {
            throw ProblemException.notFound("signed agreement", agreementId);
        }
        return audit.history(Usage.AUDITED, agreementId, after == null ? 0 : after, 200);
    }
}
