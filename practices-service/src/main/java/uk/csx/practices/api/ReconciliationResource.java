package uk.csx.practices.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.security.Caller;
import uk.csx.practices.domain.Reconciliation;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Reconciliation warnings by group, and an operator's answer to a group: apply it or dismiss it (docs/design.md §4). */
@Path("/api/list-sizes/reconciliation-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Imports")
public class ReconciliationResource {
    private static final String CODE = "[A-Z0-9]{3,5}";

    private final Reconciliation reconciliation;
    private final Caller caller;

    public ReconciliationResource(Reconciliation reconciliation, Caller caller) {
        this.reconciliation = reconciliation;
        this.caller = caller;
    }

    @Schema(name = "ReconciliationGroupKey")
    public record GroupKey(@Pattern(regexp = CODE, message = "must be 3 to 5 upper-case letters or digits")
                           @Schema(description = "the commissioner held; absent for practices with no membership on the date", examples = "06F")
                           String heldCcgCode,
                           @NotNull @Pattern(regexp = CODE, message = "must be 3 to 5 upper-case letters or digits")
                           @Schema(examples = "M1J4Y") String fileCcgCode,
                           @NotNull @Schema(examples = "2022-07-01") LocalDate asOf) {
    }

    @Schema(name = "ReconciliationDismissal")
    public record Dismissal(@Pattern(regexp = CODE, message = "must be 3 to 5 upper-case letters or digits") String heldCcgCode,
                            @NotNull @Pattern(regexp = CODE, message = "must be 3 to 5 upper-case letters or digits") String fileCcgCode,
                            @NotNull LocalDate asOf, @NotBlank @Size(max = 1000) String reason) {
    }

    @Schema(name = "ReconciliationImport")
    public record ImportKey(@NotNull UUID importId) {
    }

    @GET
    @Operation(summary = "Reconciliation warnings grouped by held commissioner, file commissioner and date, with practices and patients",
            description = "Operators see all groups; a commissioner sees the groups about itself. status: OPEN, APPLIED or DISMISSED.")
    public List<Reconciliation.Group> groups(@QueryParam("ccg") String ccg, @QueryParam("importId") UUID importId,
                                             @QueryParam("status") String status) {
        if (!caller.isOperator()) {
            caller.requireCcg(ccg, "reconciliation groups of CCG", ccg);
        }
        if (status != null && !List.of("OPEN", "APPLIED", "DISMISSED").contains(status)) {
            throw ProblemException.badRequest("status must be OPEN, APPLIED or DISMISSED");
        }
        return reconciliation.groups(PracticeResource.blank(ccg), importId, status);
    }

    @POST
    @Path("/application")
    @Operation(summary = "Apply a group (operator): its practices move on the date; a whole commissioner moving to one other is a succession",
            description = "One transaction. Applying again changes nothing; a dismissed group is refused (409).")
    public Reconciliation.Applied apply(@Valid @NotNull GroupKey group) {
        caller.requireOperator();
        return reconciliation.apply(group.heldCcgCode(), group.fileCcgCode(), group.asOf());
    }

    @POST
    @Path("/import-application")
    @Operation(summary = "Apply every open group of an import (operator), each in a transaction of its own")
    public List<Reconciliation.Applied> applyImport(@Valid @NotNull ImportKey request) {
        caller.requireOperator();
        return reconciliation.applyAll(request.importId());
    }

    @POST
    @Path("/dismissal")
    @Operation(summary = "Dismiss a group with a reason (operator): its practices stay; an applied group cannot be dismissed (409)")
    public Dismissed dismiss(@Valid @NotNull Dismissal dismissal) {
        caller.requireOperator();
        return new Dismissed(reconciliation.dismiss(dismissal.heldCcgCode(), dismissal.fileCcgCode(), dismissal.asOf(), dismissal.reason().strip()));
    }

    @Schema(name = "ReconciliationDismissed")
    public record Dismissed(@Schema(description = "warnings dismissed now (0 when the group was dismissed already)") int warnings) {
    }
}
