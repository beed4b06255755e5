package uk.csx.contracts.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.contracts.domain.CareContractTerms;
import uk.csx.contracts.domain.CareContracts;
import uk.csx.contracts.domain.OutcomePayments;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.security.Caller;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/care-contracts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Care contracts", description = "Outcome-based contracts: part of the value is paid for measured outcomes")
public class CareContractResource {
    private final CareContracts contracts;
    private final Caller caller;

    public CareContractResource(CareContracts contracts, Caller caller) {
        this.contracts = contracts;
        this.caller = caller;
    }

    @Schema(name = "CareContract")
    public record ContractView(UUID id, CareContractTerms terms) {
    }

    @Schema(name = "OutcomeResults", description = "actual value per measure code for the period")
    public record Results(@NotNull @NotEmpty @Schema(examples = "{\"READMISSIONS_30D\": 11.5}") Map<String, BigDecimal> actuals) {
    }

    @Schema(name = "OutcomeDetermination")
    public record DeterminationView(int period, int resultsRevision, OutcomePayments.Determination payment) {
    }

    @POST
    @Operation(summary = "Sign an outcome-based care contract (the CCG, or an operator)",
            description = "Measure weights sum to 100; an ALLIANCE's shares sum to 100; a PRIME_PROVIDER has one LEAD.")
    @APIResponse(responseCode = "201", description = "The signed care contract", content = @Content(schema = @Schema(implementation = ContractView.class)))
    public Response sign(@Valid @NotNull CareContractTerms terms) {
        if (caller.isOperator()) {
            caller.requireParty(Caller.Role.CCG, terms.ccgCode(), "ccg", terms.ccgCode());
        } else if (!caller.actsFor(Caller.Role.CCG, terms.ccgCode())) {
            throw new io.quarkus.security.ForbiddenException("a CCG signs its own care contracts only");
        }
        CareContracts.Signed signed = contracts.sign(terms);
        return Response.created(URI.create("/api/care-contracts/" + signed.contract().id()))
                .entity(new ContractView(signed.contract().id(), signed.terms())).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A care contract (its CCG, its providers, operators)")
    public ContractView get(@PathParam("id") UUID id) {
        CareContracts.Signed signed = visible(id);
        return new ContractView(id, signed.terms());
    }

    @POST
    @Path("/{id}/periods/{period}/results")
    @Operation(summary = "Record outcome results for a period (the CCG); a later record supersedes")
    public Response record(@PathParam("id") UUID id, @PathParam("period") int period, @Valid @NotNull Results results) {
        requireCommissioner(visible(id));
        int revision = contracts.recordResults(id, period, results.actuals(), caller.clientId());
        return Response.status(201).entity(Map.of("period", period, "revision", revision)).build();
    }

    @POST
    @Path("/{id}/periods/{period}/payment-preview")
    @Operation(summary = "Dry run: what would this period pay for these results? (the arithmetic, stored nowhere)")
    public OutcomePayments.Determination preview(@PathParam("id") UUID id, @PathParam("period") int period, @Valid @NotNull Results results) {
        visible(id);
        return contracts.preview(id, period, results.actuals());
    }

    @POST
    @Path("/{id}/periods/{period}/determination")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Determine the period's payment from its latest results (the CCG); immutable once made")
    @APIResponse(responseCode = "201", description = "The determination, immutable once made", content = @Content(schema = @Schema(implementation = DeterminationView.class)))
    public Response determine(@PathParam("id") UUID id, @PathParam("period") int period) {
        requireCommissioner(visible(id));
        CareContracts.Determined d = contracts.determine(id, period);
        return Response.status(201).entity(new DeterminationView(d.period(), d.resultsRevision(), d.determination())).build();
    }

    @GET
    @Path("/{id}/periods/{period}/determinations")
    @Operation(summary = "The period's determinations, oldest first (a correction supersedes)")
    public List<DeterminationView> determinations(@PathParam("id") UUID id, @PathParam("period") int period) {
        visible(id);
        return contracts.determinations(id, period).stream()
                .map(d -> new DeterminationView(d.period(), d.resultsRevision(), d.determination())).toList();
    }

    private CareContracts.Signed visible(UUID id) {
        CareContracts.Signed signed = contracts.get(id);
        boolean provider = signed.terms().providers().stream().anyMatch(p -> caller.actsFor(Caller.Role.SUPPLIER, p.code()));
        if (!caller.actsFor(Caller.Role.CCG, signed.contract().ccgCode()) && !provider) {
            throw ProblemException.notFound("care contract", id);
        }
        return signed;
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Who signed the contract, recorded results and determined payments, when (its CCG, its providers, operators)")
    public List<uk.csx.platform.audit.AuditTrail.Entry> history(@PathParam("id") UUID id) {
        visible(id);
        return contracts.history(id);
    }

    /** The commissioning CCG, or an operator in its place with a reason (X-On-Behalf-Reason). */
    private void requireCommissioner(CareContracts.Signed signed) {
        if (caller.isOperator()) {
            caller.requireParty(Caller.Role.CCG, signed.contract().ccgCode(), "care contract", signed.contract().id());
        } else if (!caller.actsFor(Caller.Role.CCG, signed.contract().ccgCode())) {
            throw new io.quarkus.security.ForbiddenException("the commissioning CCG records results and determines payments");
        }
    }
}
