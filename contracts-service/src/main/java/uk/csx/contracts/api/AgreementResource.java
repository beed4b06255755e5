package uk.csx.contracts.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.contracts.domain.Agreement;
import uk.csx.contracts.domain.AgreementVariation;
import uk.csx.contracts.domain.AgreementVersion;
import uk.csx.contracts.domain.Party;
import uk.csx.contracts.domain.Agreements;
import uk.csx.contracts.domain.PricingBasis;
import uk.csx.contracts.persistence.AgreementRepository;
import uk.csx.platform.api.Cursor;
import uk.csx.platform.api.Page;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.api.Versions;
import uk.csx.platform.idempotency.Idempotency;
import uk.csx.platform.money.UnitPrice;
import uk.csx.platform.audit.AuditTrail;
import uk.csx.platform.security.Caller;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Path("/api/agreements")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Agreements", description = "Support agreements: a CCG buys one service line from one supplier")
public class AgreementResource {
    private final Agreements agreements;
    private final AgreementRepository repository;
    private final Idempotency idempotency;
    private final Caller caller;

    public AgreementResource(Agreements agreements, AgreementRepository repository, Idempotency idempotency, Caller caller) {
        this.agreements = agreements;
        this.repository = repository;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @Schema(name = "NewAgreement")
    public record NewAgreement(
            @NotNull @Pattern(regexp = "[A-Z0-9]{3,5}") @Schema(examples = "10Q") String ccgCode,
            @NotNull @Schema(examples = "1") Long offerId,
            @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, examples = "0.9000",
                    description = "only for a negotiated price (more than 0 and at most 10000000 pounds); otherwise the offer's price applies")
            UnitPrice negotiatedUnitPrice,
            @NotBlank @Size(max = 40) @Schema(examples = "PO-10Q-2026-0042") String purchaseOrderNumber,
            @NotNull @Schema(examples = "2026-04-01", description = "not before the first day of the current month, unless a "
                    + "backdatingReason is given and an operator approves the back-dated start before the supplier accepts") LocalDate startDate,
            @NotNull @Min(1) @Max(120) @Schema(examples = "24") Integer termMonths,
            @NotNull @Min(0) @Max(24) @Schema(examples = "3") Integer noticeMonths,
            @Size(max = 500) @Schema(description = "only for a start before the current month: why; an operator must then approve it")
            String backdatingReason) {
    }

    @Schema(name = "BackdatingApproval")
    public record BackdatingApproval(@NotBlank @Size(max = 500) @Schema(description = "why the operator approves the back-dated start") String reason) {
    }

    @Schema(name = "AgreementVariation", description = "a proposed change of the terms: a new unitPrice, a new endDate or both, from effectiveFrom")
    public record Variation(@Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, examples = "0.9200",
                                    description = "more than 0 and at most 10000000 pounds") UnitPrice unitPrice,
                            @Schema(description = "after effectiveFrom and at most 120 months after the agreement's start") LocalDate endDate,
                            @NotNull @Schema(description = "within the term, and not before the first day of the current month") LocalDate effectiveFrom,
                            @Size(max = 500) String reason) {
    }

    @Schema(name = "AgreementVariationAnswer")
    public record VariationAnswer(@Size(max = 500) String reason) {
    }

    @Schema(name = "AgreementVariationProposal", description = "a variation as proposed and, once answered, its outcome")
    public record VariationView(UUID id, UUID agreementId, AgreementVariation.Status status, Party proposedBy, String proposedByClient,
                                @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, examples = "0.9200") UnitPrice unitPrice,
                                LocalDate endDate, LocalDate effectiveFrom, String reason, OffsetDateTime proposedAt, Party answeredBy,
                                String answeredByClient, String answerReason, OffsetDateTime answeredAt,
                                @Schema(description = "the version of the agreement's terms an accepted variation made") Integer termsVersion,
                                long version) {
        static VariationView of(AgreementVariation v) {
            return new VariationView(v.id(), v.agreementId(), v.status(), v.proposedBy(), v.proposedByClient(),
                    v.unitPrice() == null ? null : new UnitPrice(v.unitPrice()), v.endDate(), v.effectiveFrom(), v.reason(), v.proposedAt(),
                    v.answeredBy(), v.answeredByClient(), v.answerReason(), v.answeredAt(), v.termsVersion(), v.version());
        }
    }

    @Schema(name = "AgreementTermination")
    public record Termination(@Schema(description = "the end wanted; the agreement ends on the later of this and today + notice") LocalDate endDate,
                              @Size(max = 500) String reason) {
    }

    @Schema(name = "Agreement")
    public record AgreementView(UUID id, String ccgCode, String supplierCode, String serviceLineCode, long offerId, PricingBasis basis,
                                UnitPrice unitPrice, BigDecimal vatRate, boolean negotiated, String purchaseOrderNumber,
                                LocalDate startDate, LocalDate endDate, int termMonths, int noticeMonths, Agreement.Status status,
                                String terminatedBy, String backdatingReason, String backdatingApprovedBy, String backdatingApprovalReason,
                                OffsetDateTime backdatingApprovedAt, long version) {
        static AgreementView of(Agreement a, LocalDate today) {
            return new AgreementView(a.id(), a.ccgCode(), a.supplierCode(), a.serviceLineCode(), a.offerId(), a.basis(),
                    new UnitPrice(a.unitPrice()), a.vatRate(), a.negotiated(), a.poNumber(), a.startDate(), a.endDate(), a.termMonths(),
                    a.noticeMonths(), a.status(today), a.terminatedBy(), a.backdatingReason(), a.backdatingApprovedBy(),
                    a.backdatingApprovalReason(), a.backdatingApprovedAt(), a.version());
        }
    }

    @Schema(name = "AgreementTermsVersion")
    public record VersionView(int version, LocalDate effectiveFrom, UnitPrice unitPrice, LocalDate endDate, String reason) {
        static VersionView of(AgreementVersion v) {
            return new VersionView(v.versionNo(), v.effectiveFrom(), new UnitPrice(v.unitPrice()), v.endDate(), v.reason());
        }
    }

    @POST
    @Operation(summary = "Draft an agreement from an offer (the CCG)", description = "Honours Idempotency-Key: a retry returns the first answer.")
    @APIResponse(responseCode = "201", description = "The draft agreement; the ETag is its version", content = @Content(schema = @Schema(implementation = AgreementView.class)))
    public Response draft(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull NewAgreement request) {
        caller.requireRole(Caller.Role.CCG);
        caller.requireActingParty(Caller.Role.CCG, request.ccgCode(), "a CCG drafts agreements for itself only");
        return idempotency.run("agreements:" + caller.clientId(), key, request, () -> {
            Agreement a = agreements.draft(request.ccgCode(), request.offerId(),
                    request.negotiatedUnitPrice() == null ? null : request.negotiatedUnitPrice().pounds(),
                    request.purchaseOrderNumber(), request.startDate(), request.termMonths(), request.noticeMonths(), request.backdatingReason());
            return Response.created(URI.create("/api/agreements/" + a.id())).tag(Versions.tag(a.version()))
                    .entity(AgreementView.of(a, agreements.today())).build();
        });
    }

    @GET
    @Operation(summary = "The agreements the caller is party to (operators: all), cursor-paginated")
    public Page<AgreementView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Cursor.limit(limit);
        String after = Cursor.decode(cursor);
        Caller.Role role = caller.role();
        List<Agreement> rows = repository.page(role == Caller.Role.CCG ? caller.commissionerScope() : null,
                role == Caller.Role.SUPPLIER ? caller.org() : null, after == null ? null : parseId(after), size);
        LocalDate today = agreements.today();
        return Page.of(rows, size, a -> AgreementView.of(a, today), a -> a.id().toString());
    }

    @GET
    @Path("/novations")
    @Operation(summary = "Agreements handed to a successor when their commissioner was succeeded (operator), newest first",
            description = "collisions=true: only those the successor already held an agreement for (same supplier and service line); "
                    + "both are kept until one is terminated.")
    public List<Agreements.Novation> novations(@QueryParam("collisions") boolean collisionsOnly) {
        caller.requireOperator();
        return agreements.novations(collisionsOnly);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An agreement the caller is party to; ETag for If-Match")
    @APIResponse(responseCode = "200", description = "The agreement; the ETag is its version", content = @Content(schema = @Schema(implementation = AgreementView.class)))
    public Response get(@PathParam("id") UUID id) {
        Agreement a = visible(id);
        return Response.ok(AgreementView.of(a, agreements.today())).tag(Versions.tag(a.version())).build();
    }

    @GET
    @Path("/{id}/versions")
    @Operation(summary = "The agreement's terms over time")
    public List<VersionView> versions(@PathParam("id") UUID id) {
        visible(id);
        return repository.versions(id).stream().map(VersionView::of).toList();
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Who changed the agreement, when and how (its parties, operators)",
            description = "Oldest first: drafting, acceptance, back-dating approval, variation proposals and answers, termination; each entry "
                    + "names the client, its role and organisation, the request id, the fields changed (before and after) and, for an "
                    + "operator acting in a party's place, the reason it gave.")
    public List<AuditTrail.Entry> history(@PathParam("id") UUID id,
                                          @QueryParam("after") @jakarta.validation.constraints.PositiveOrZero Long after) {
        visible(id);
        return agreements.history(id, after == null ? 0 : after);
    }

    @POST
    @Path("/{id}/acceptance")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Accept a draft (the supplier it names): DRAFT → SIGNED. If-Match required.")
    public Response accept(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Agreement a = visible(id);
        caller.requireActingParty(Caller.Role.SUPPLIER, a.supplierCode(), "only the supplier named accepts an agreement");
        return answer(agreements.accept(id, ifMatch));
    }

    @POST
    @Path("/{id}/backdating-approval")
    @Operation(summary = "Approve a draft's back-dated start (an operator, with a reason). If-Match required.",
            description = "A draft that starts before the month it was drafted in cannot be accepted until an operator approves it; "
                    + "the approval, who gave it and why are recorded on the agreement.")
    @APIResponse(responseCode = "200", description = "The draft, approved; the ETag is its version", content = @Content(schema = @Schema(implementation = AgreementView.class)))
    public Response approveBackdating(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                      @Valid @NotNull BackdatingApproval request) {
        caller.requireOperator();
        visible(id);
        return answer(agreements.approveBackdating(id, ifMatch, caller.clientId(), request.reason()));
    }

    @POST
    @Path("/{id}/withdrawal")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Withdraw a draft (the CCG). If-Match required.")
    public Response withdraw(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Agreement a = visible(id);
        caller.requireActingParty(Caller.Role.CCG, a.ccgCode(), "only the CCG withdraws its draft");
        return answer(agreements.withdraw(id, ifMatch));
    }

    @POST
    @Path("/{id}/variations")
    @Operation(summary = "Propose a variation of the price and/or end date from a date (either party, not an operator). If-Match required.",
            description = "If-Match is the agreement's ETag: the terms the proposal is made against. Nothing changes until the other party "
                    + "accepts. One open proposal per agreement (409). An end date earlier than today + notice is possible only this way; "
                    + "termination with notice stays unilateral.")
    @APIResponse(responseCode = "201", description = "The proposal (status PROPOSED); the ETag is its version",
            content = @Content(schema = @Schema(implementation = VariationView.class)))
    public Response propose(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull Variation request) {
        Agreement a = visible(id);
        AgreementVariation v = agreements.propose(id, ifMatch, party(a, "propose"), caller.clientId(),
                request.unitPrice() == null ? null : request.unitPrice().pounds(), request.endDate(), request.effectiveFrom(), request.reason());
        return Response.created(URI.create("/api/agreements/" + id + "/variations/" + v.id())).tag(Versions.tag(v.version()))
                .entity(VariationView.of(v)).build();
    }

    @GET
    @Path("/{id}/variations")
    @Operation(summary = "The agreement's variation proposals, oldest first, open and answered")
    public List<VariationView> variations(@PathParam("id") UUID id) {
        visible(id);
        return agreements.variations(id).stream().map(VariationView::of).toList();
    }

    @GET
    @Path("/{id}/variations/{variationId}")
    @Operation(summary = "One variation proposal; ETag for If-Match")
    @APIResponse(responseCode = "200", description = "The proposal; the ETag is its version", content = @Content(schema = @Schema(implementation = VariationView.class)))
    public Response variation(@PathParam("id") UUID id, @PathParam("variationId") UUID variationId) {
        visible(id);
        return answer(agreements.variation(id, variationId));
    }

    @POST
    @Path("/{id}/variations/{variationId}/acceptance")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Accept a proposal (the other party only): the agreement takes its terms. If-Match (the proposal's ETag) required.")
    @APIResponse(responseCode = "200", description = "The accepted proposal", content = @Content(schema = @Schema(implementation = VariationView.class)))
    public Response acceptVariation(@PathParam("id") UUID id, @PathParam("variationId") UUID variationId,
                                    @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Agreement a = visible(id);
        return answer(agreements.acceptVariation(id, variationId, ifMatch, party(a, "accept"), caller.clientId()));
    }

    @POST
    @Path("/{id}/variations/{variationId}/rejection")
    @Operation(summary = "Reject a proposal (the other party only); the terms are unchanged. If-Match (the proposal's ETag) required.")
    @APIResponse(responseCode = "200", description = "The rejected proposal", content = @Content(schema = @Schema(implementation = VariationView.class)))
    public Response rejectVariation(@PathParam("id") UUID id, @PathParam("variationId") UUID variationId,
                                    @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid VariationAnswer request) {
        Agreement a = visible(id);
        return answer(agreements.rejectVariation(id, variationId, ifMatch, party(a, "reject"), caller.clientId(),
                request == null ? null : request.reason()));
    }

    @POST
    @Path("/{id}/variations/{variationId}/withdrawal")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Withdraw a proposal not yet answered (the proposing party only). If-Match (the proposal's ETag) required.")
    @APIResponse(responseCode = "200", description = "The withdrawn proposal", content = @Content(schema = @Schema(implementation = VariationView.class)))
    public Response withdrawVariation(@PathParam("id") UUID id, @PathParam("variationId") UUID variationId,
                                      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Agreement a = visible(id);
        return answer(agreements.withdrawVariation(id, variationId, ifMatch, party(a, "withdraw"), caller.clientId()));
    }

    @POST
    @Path("/{id}/termination")
    @Operation(summary = "Terminate with notice (either party): ends on the later of the requested date and today + notice. If-Match required.")
    public Response terminate(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid Termination request) {
        Agreement a = visible(id);
        if (caller.isOperator()) {
            caller.requireParty(Caller.Role.CCG, a.ccgCode(), "agreement", id); // an operator ends it in a party's place only with a reason
        }
        Termination t = request == null ? new Termination(null, null) : request;
        return answer(agreements.terminate(id, ifMatch, t.endDate(), caller.role().name(), t.reason()));
    }

    private Response answer(AgreementVariation v) {
        return Response.ok(VariationView.of(v)).tag(Versions.tag(v.version())).build();
    }

    /** The party the caller is to the agreement; an operator is neither and cannot act for one in a variation. */
    private Party party(Agreement a, String action) {
        Caller.Role role = caller.role();
        if (role == Caller.Role.CCG && caller.actsFor(Caller.Role.CCG, a.ccgCode())) {
            return Party.CCG;
        }
        if (role == Caller.Role.SUPPLIER && caller.actsFor(Caller.Role.SUPPLIER, a.supplierCode())) {
            return Party.SUPPLIER;
        }
        throw new io.quarkus.security.ForbiddenException("only the agreement's CCG or supplier may " + action
                + " a variation; an operator cannot act for a party");
    }

    private Response answer(Agreement a) {
        return Response.ok(AgreementView.of(a, agreements.today())).tag(Versions.tag(a.version())).build();
    }

    /** The agreement if the caller is a party to it (or an operator); anyone else is told it does not exist. */
    private Agreement visible(UUID id) {
        Agreement a = agreements.get(id);
        if (!caller.actsFor(Caller.Role.CCG, a.ccgCode()) && !caller.actsFor(Caller.Role.SUPPLIER, a.supplierCode())) {
            throw ProblemException.notFound("agreement", id);
        }
        return a;
    }

    private static UUID parseId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor is not one this API issued");
        }
    }
}
