package uk.csx.contracts.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import java.time.OffsetDateTime;
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

    @Schema(name = "OutcomeResultsDispute", description = "why the commissioner does not agree the results")
    public record Dispute(@NotBlank @Size(max = 500) String reason) {
    }

    @Schema(name = "OutcomeResultsRevision", description = "one revision of a period's results: SUBMITTED by the provider, "
            + "then AGREED or DISPUTED by the commissioner")
    public record ResultsView(int period, int revision, CareContracts.ResultStatus status, Map<String, BigDecimal> actuals,
                              @Schema(description = "the client that submitted them") String submittedBy,
                              @Schema(description = "the provider they were submitted for; absent when an operator submitted for an alliance") String submittedFor,
                              OffsetDateTime submittedAt, String answeredBy, OffsetDateTime answeredAt, String disputeReason) {
        static ResultsView of(CareContracts.Results r) {
            return new ResultsView(r.period(), r.revision(), r.status(), r.actuals(), r.submittedBy(), r.submittedFor(), r.submittedAt(),
                    r.answeredBy(), r.answeredAt(), r.disputeReason());
        }
    }

    @Schema(name = "OutcomeDetermination", description = "final once made; a correction is a new determination that supersedes it")
    public record DeterminationView(int period, @Schema(description = "the agreed results revision it is determined on") int resultsRevision,
                                    @Schema(description = "the results revision of the determination it supersedes; absent for the first of the period") Integer supersedes,
                                    @Schema(description = "the superseded determination's total; absent for the first") String previousTotal,
                                    @Schema(description = "total less previousTotal (the whole total for the first); negative when a correction pays less") String difference,
                                    OutcomePayments.Determination payment) {
        static DeterminationView of(CareContracts.Determined d) {
            return new DeterminationView(d.period(), d.resultsRevision(), d.supersedes(), d.previousTotal() == null ? null : d.previousTotal().toString(),
                    d.difference().toString(), d.determination());
        }
    }

    @POST
    @Operation(summary = "Sign an outcome-based care contract (the CCG, or an operator)",
            description = "Measure weights sum to 100; an ALLIANCE's shares sum to 100; a PRIME_PROVIDER has one LEAD.")
    @APIResponse(responseCode = "201", description = "The signed care contract", content = @Content(schema = @Schema(implementation = ContractView.class)))
    public Response sign(@Valid @NotNull CareContractTerms terms) {
        caller.requireActingParty(Caller.Role.CCG, terms.ccgCode(), "a CCG signs its own care contracts only");
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
    @Operation(summary = "Submit outcome results for a period (the provider)",
            description = "A SINGLE contract's provider, a PRIME_PROVIDER contract's LEAD, or any member of an ALLIANCE submits; an operator "
                    + "only in the provider's place with X-On-Behalf-Reason. The results are SUBMITTED until the commissioner agrees or "
                    + "disputes them; a later submission is a new revision, and only the latest can be answered.")
    @APIResponse(responseCode = "201", description = "The submitted revision", content = @Content(schema = @Schema(implementation = ResultsView.class)))
    public Response submit(@PathParam("id") UUID id, @PathParam("period") int period, @Valid @NotNull Results results) {
        CareContracts.Signed signed = visible(id);
        String submittedFor = requireSubmitter(signed);
        CareContracts.Results submitted = contracts.submitResults(id, period, results.actuals(), caller.clientId(), submittedFor);
        return Response.created(URI.create("/api/care-contracts/" + id + "/periods/" + period + "/results/" + submitted.revision()))
                .entity(ResultsView.of(submitted)).build();
    }

    @GET
    @Path("/{id}/periods/{period}/results")
    @Operation(summary = "The period's results, oldest revision first, with who submitted and who answered them (its CCG, its providers, operators)")
    public List<ResultsView> results(@PathParam("id") UUID id, @PathParam("period") int period) {
        visible(id);
        return contracts.results(id, period).stream().map(ResultsView::of).toList();
    }

    @GET
    @Path("/{id}/periods/{period}/results/{revision}")
    @Operation(summary = "One revision of the period's results (its CCG, its providers, operators)")
    public ResultsView revision(@PathParam("id") UUID id, @PathParam("period") int period, @PathParam("revision") int revision) {
        visible(id);
        return ResultsView.of(contracts.results(id, period, revision));
    }

    @POST
    @Path("/{id}/periods/{period}/results/{revision}/agreement")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Agree the latest SUBMITTED revision of a period's results (the commissioner)",
            description = "Only an agreed revision can be determined. An operator only in the CCG's place with X-On-Behalf-Reason. "
                    + "409 if the revision is already answered or a later one was submitted.")
    @APIResponse(responseCode = "200", description = "The agreed revision", content = @Content(schema = @Schema(implementation = ResultsView.class)))
    public ResultsView agree(@PathParam("id") UUID id, @PathParam("period") int period, @PathParam("revision") int revision) {
        requireCommissioner(visible(id));
        return ResultsView.of(contracts.agree(id, period, revision, caller.clientId()));
    }

    @POST
    @Path("/{id}/periods/{period}/results/{revision}/dispute")
    @Operation(summary = "Dispute the latest SUBMITTED revision of a period's results, saying why (the commissioner)",
            description = "The provider may then submit a corrected revision. An operator only in the CCG's place with X-On-Behalf-Reason. "
                    + "409 if the revision is already answered or a later one was submitted.")
    @APIResponse(responseCode = "200", description = "The disputed revision", content = @Content(schema = @Schema(implementation = ResultsView.class)))
    public ResultsView dispute(@PathParam("id") UUID id, @PathParam("period") int period, @PathParam("revision") int revision,
                               @Valid @NotNull Dispute dispute) {
        requireCommissioner(visible(id));
        return ResultsView.of(contracts.dispute(id, period, revision, caller.clientId(), dispute.reason()));
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
    @Operation(summary = "Determine the period's payment from its latest AGREED results (the commissioner); final once made",
            description = "422 if no revision is agreed; 409 if the latest agreed revision is already determined. A later agreed revision "
                    + "(a correction) is determined as a new determination that supersedes the previous one and carries the difference.")
    @APIResponse(responseCode = "201", description = "The determination, final once made", content = @Content(schema = @Schema(implementation = DeterminationView.class)))
    public Response determine(@PathParam("id") UUID id, @PathParam("period") int period) {
        requireCommissioner(visible(id));
        return Response.status(201).entity(DeterminationView.of(contracts.determine(id, period))).build();
    }

    @GET
    @Path("/{id}/periods/{period}/determinations")
    @Operation(summary = "The period's determinations, oldest first; each after the first supersedes the one before it")
    public List<DeterminationView> determinations(@PathParam("id") UUID id, @PathParam("period") int period) {
        visible(id);
        return contracts.determinations(id, period).stream().map(DeterminationView::of).toList();
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
    @Operation(summary = "Who signed the contract, submitted, agreed or disputed results and determined payments, when (its CCG, its providers, operators)")
    public List<uk.csx.platform.audit.AuditTrail.Entry> history(@PathParam("id") UUID id) {
        visible(id);
        return contracts.history(id);
    }

    /** The commissioning CCG, or an operator in its place with a reason (X-On-Behalf-Reason); its providers get 403. */
    private void requireCommissioner(CareContracts.Signed signed) {
        caller.requireActingParty(Caller.Role.CCG, signed.contract().ccgCode(),
                "the commissioning CCG agrees or disputes results and determines payments");
    }

    /**
     * Who submits results: a SINGLE contract's provider, a PRIME_PROVIDER contract's LEAD (it answers for
     * its subcontractors), or any member of an ALLIANCE (the alliance reports jointly on its pathway);
     * an operator only in the provider's place with a reason. The commissioner and a subcontractor get
     * 403. Returns the provider the results are submitted for (null for an operator acting for an alliance).
     */
    private String requireSubmitter(CareContracts.Signed signed) {
        List<String> submitters = switch (signed.terms().model()) {
            case SINGLE, ALLIANCE -> signed.terms().providers().stream().map(OutcomePayments.Provider::code).toList();
            case PRIME_PROVIDER -> signed.terms().providers().stream().filter(p -> "LEAD".equals(p.role()))
                    .map(OutcomePayments.Provider::code).toList();
        };
        if (caller.isOperator()) {
            String provider = submitters.size() == 1 ? submitters.get(0) : null;
            caller.requireParty(Caller.Role.SUPPLIER, provider, "care contract", signed.contract().id());
            return provider;
        }
        if (caller.role() != Caller.Role.SUPPLIER || !submitters.contains(caller.org())) {
            throw new io.quarkus.security.ForbiddenException("results are submitted by the provider ("
                    + (signed.terms().model() == CareContractTerms.Model.PRIME_PROVIDER ? "the LEAD of a prime-provider contract"
                    : signed.terms().model() == CareContractTerms.Model.ALLIANCE ? "a member of the alliance" : "the contract's provider")
                    + ") only");
        }
        return caller.org();
    }
}
