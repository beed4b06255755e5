package uk.csx.contracts.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.contracts.domain.Comparison;
import uk.csx.contracts.domain.Offer;
import uk.csx.contracts.domain.Offers;
import uk.csx.contracts.domain.PricingBasis;
import uk.csx.contracts.persistence.OfferRepository;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.money.Money;
import uk.csx.platform.money.UnitPrice;
import uk.csx.platform.security.Caller;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;

@Path("/api/offers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Offers", description = "Published prices, and their comparison for a CCG")
public class OfferResource {
    private final Offers offers;
    private final OfferRepository repository;
    private final Comparison comparison;
    private final Caller caller;

    public OfferResource(Offers offers, OfferRepository repository, Comparison comparison, Caller caller) {
        this.offers = offers;
        this.repository = repository;
        this.comparison = comparison;
        this.caller = caller;
    }

    @Schema(name = "Offer")
    public record OfferView(long id, String supplierCode, String serviceLineCode, PricingBasis basis,
                            @Schema(examples = "0.9500") UnitPrice unitPrice, @Schema(examples = "20") BigDecimal vatRate,
                            LocalDate validFrom, LocalDate validTo, String description, String serviceLevels,
                            @Schema(description = "set once the supplier withdraws the offer") java.time.OffsetDateTime withdrawnAt,
                            @Schema(description = "only on an offer an operator published valid from before that day: why") String backdatingReason) {
        static OfferView of(Offer o) {
            return new OfferView(o.id(), o.supplierCode(), o.serviceLineCode(), o.basis(), new UnitPrice(o.unitPrice()), o.vatRate(),
                    o.validFrom(), o.validTo(), o.description(), o.serviceLevels(), o.withdrawnAt(), o.backdatingReason());
        }
    }

    @Schema(name = "NewOffer")
    public record NewOffer(@NotNull @Pattern(regexp = "[A-Z0-9]{3,6}") @Schema(examples = "0DF") String supplierCode,
                           @NotNull @Schema(examples = "BUSINESS_INTELLIGENCE") String serviceLineCode,
                           @NotNull PricingBasis basis,
                           @NotNull @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, examples = "0.9500",
                                   description = "pounds, up to four decimal places") UnitPrice unitPrice,
                           @NotNull @Schema(examples = "20", description = "0 or 20 (per cent)") BigDecimal vatRate,
                           @NotNull LocalDate validFrom, LocalDate validTo,
                           @NotBlank @Size(max = 2000) String description, @Size(max = 4000) String serviceLevels,
                           @Size(max = 500) @Schema(description = "an operator's reason for a validFrom before today; suppliers cannot back-date")
                           String backdatingReason) {
    }

    @Schema(name = "OfferComparisonRow")
    public record ComparisonRow(OfferView offer, @Schema(examples = "740000.60") Money estimatedAnnualCost,
                                BigDecimal perRegisteredPatient, BigDecimal perWeightedPatient, String note) {
    }

    @Schema(name = "OfferComparison")
    public record ComparisonView(String serviceLineCode, String ccgCode, LocalDate asOf, long registeredPopulation,
                                 BigDecimal weightedPopulation, List<ComparisonRow> offers) {
    }

    @GET
    @SecurityRequirements
    @Operation(summary = "Offers valid on a date (default today), by service line and/or supplier (public)")
    public List<OfferView> list(@QueryParam("serviceLine") String serviceLine, @QueryParam("supplier") String supplier,
                                @QueryParam("asOf") LocalDate asOf) {
        return repository.validOn(asOf == null ? LocalDate.now() : asOf, blank(serviceLine), blank(supplier)).stream().map(OfferView::of).toList();
    }

    @GET
    @Path("/{id}")
    @SecurityRequirements
    @Operation(summary = "One offer (public)")
    public OfferView get(@PathParam("id") long id) {
        return OfferView.of(offers.get(id));
    }

    @GET
    @Path("/comparison")
    @SecurityRequirements
    @Operation(summary = "Compare a line's offers for a CCG (public)",
            description = "Estimated annual cost, cheapest first: per-capita price × the CCG's registered population on asOf, the fixed fee, "
                    + "or day rate × estimatedDays; each also per registered and per weighted patient.")
    public ComparisonView compare(@QueryParam("serviceLine") @NotNull String serviceLine, @QueryParam("ccg") @NotNull String ccg,
                                  @QueryParam("asOf") LocalDate asOf, @QueryParam("estimatedDays") BigDecimal estimatedDays) {
        if (estimatedDays != null && estimatedDays.signum() < 0) {
            throw ProblemException.badRequest("estimatedDays cannot be negative");
        }
        Comparison.Result result = comparison.compare(serviceLine, ccg, asOf == null ? LocalDate.now() : asOf, estimatedDays);
        return new ComparisonView(serviceLine, ccg, result.asOf(), result.registeredPopulation(), result.weightedPopulation(),
                result.rows().stream().map(r -> new ComparisonRow(OfferView.of(r.offer()), r.annualCost(), r.perRegisteredPatient(),
                        r.perWeightedPatient(), r.note())).toList());
    }

    @POST
    @Operation(summary = "Publish an offer (the supplier itself, or an operator)",
            description = "A new offer for the same line supersedes the supplier's previous one from its valid-from date. validFrom is today "
                    + "or later (422 otherwise): a supplier never back-dates a price; a correction is a new offer. Only an operator, giving a "
                    + "backdatingReason, may publish one valid from an earlier date. unitPrice is more than 0 and at most 10000000 pounds (400 otherwise).")
    @APIResponse(responseCode = "201", description = "The published offer", content = @Content(schema = @Schema(implementation = OfferView.class)))
    public Response publish(@Valid @NotNull NewOffer request) {
        caller.requireActingParty(Caller.Role.SUPPLIER, request.supplierCode(), "a supplier publishes its own offers only");
        if (request.vatRate().compareTo(BigDecimal.ZERO) != 0 && request.vatRate().compareTo(BigDecimal.valueOf(20)) != 0) {
            throw ProblemException.badRequest("vatRate must be 0 or 20");
        }
        if (request.validTo() != null && !request.validTo().isAfter(request.validFrom())) {
            throw ProblemException.badRequest("validTo must be after validFrom");
        }
        Offer offer = offers.publish(new Offer(request.supplierCode(), request.serviceLineCode(), request.basis(),
                request.unitPrice().pounds(), request.vatRate(), request.validFrom(), request.validTo(), request.description(),
                request.serviceLevels()), caller.clientId(), caller.isOperator(), request.backdatingReason());
        return Response.created(URI.create("/api/offers/" + offer.id())).entity(OfferView.of(offer)).build();
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Who published or withdrew the offer, when and why (its supplier, operators)")
    public java.util.List<uk.csx.platform.audit.AuditTrail.Entry> history(@PathParam("id") long id) {
        Offer offer = offers.get(id);
        if (!caller.actsFor(Caller.Role.SUPPLIER, offer.supplierCode())) {
            throw ProblemException.notFound("offer", id);
        }
        return offers.history(id);
    }

    @POST
    @Path("/{id}/withdrawal")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Withdraw an offer (its supplier only)",
            description = "A withdrawn offer is no longer listed, compared or drafted from; agreements already made from it are unchanged. "
                    + "An operator does not withdraw a supplier's offer.")
    @APIResponse(responseCode = "200", description = "The withdrawn offer", content = @Content(schema = @Schema(implementation = OfferView.class)))
    public OfferView withdraw(@PathParam("id") long id) {
        Offer offer = offers.get(id);
        if (caller.role() != Caller.Role.SUPPLIER || !caller.actsFor(Caller.Role.SUPPLIER, offer.supplierCode())) {
            throw new io.quarkus.security.ForbiddenException("a supplier withdraws its own offers only");
        }
        return OfferView.of(offers.withdraw(id));
    }

    static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
