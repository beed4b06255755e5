package uk.csx.practices.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.platform.security.Caller;
import uk.csx.platform.api.Cursor;
import uk.csx.platform.api.Page;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.api.Versions;
import uk.csx.practices.domain.ListSizes;
import uk.csx.practices.domain.Membership;
import uk.csx.practices.domain.Memberships;
import uk.csx.practices.domain.Practice;
import uk.csx.practices.persistence.MembershipRepository;
import uk.csx.practices.persistence.PracticeRepository;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

@Path("/api/practices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Practices", description = "GP practices from the ODS register, their dated membership and list sizes")
public class PracticeResource {
    private final PracticeRepository practices;
    private final MembershipRepository membershipRepository;
    private final Memberships memberships;
    private final ListSizes listSizes;
    private final Caller caller;

    public PracticeResource(PracticeRepository practices, MembershipRepository membershipRepository, Memberships memberships,
                            ListSizes listSizes, Caller caller) {
        this.caller = caller;
        this.practices = practices;
        this.membershipRepository = membershipRepository;
        this.memberships = memberships;
        this.listSizes = listSizes;
    }

    @Schema(name = "Membership")
    public record MembershipView(String practiceCode, String ccgCode, Long localityId, LocalDate effectiveFrom, LocalDate effectiveTo) {
        static MembershipView of(Membership m) {
            return new MembershipView(m.practiceCode(), m.ccgCode(), m.localityId(), m.effectiveFrom(), m.effectiveTo());
        }
    }

    @Schema(name = "Practice")
    public record PracticeView(@Schema(examples = "K84001") String code, String name, String address, String postcode,
                               @Schema(description = "A active, C closed, D dormant, P proposed") String status,
                               @Schema(description = "4 = GP practice") int prescribingSetting,
                               LocalDate openDate, LocalDate closeDate, MembershipView membership) {
    }

    @Schema(name = "MembershipChange")
    public record MembershipChange(
            @NotNull @Pattern(regexp = "[A-Z0-9]{3,5}") @Schema(examples = "10Q") String ccgCode,
            Long localityId,
            @NotNull @Schema(examples = "2021-04-01") LocalDate effectiveFrom) {
    }

    @Schema(name = "ListSizeReport")
    public record ListSizeReport(@NotNull @Schema(examples = "2021-01-01") LocalDate asOf,
                                 @NotNull @Min(0) @Max(1_000_000) @Schema(examples = "12345") Integer patients) {
    }

    private PracticeView view(Practice p, LocalDate asOf) {
        return new PracticeView(p.code(), p.name(), p.address(), p.postcode(), p.status(), p.prescribingSetting(),
                p.openDate(), p.closeDate(), membershipRepository.on(p.code(), asOf).map(MembershipView::of).orElse(null));
    }

    @GET
    @Operation(summary = "Search practices", description = "Filters combine; membership filters (ccg, locality) apply on asOf (default today). Cursor-paginated by code.")
    public Page<PracticeView> search(@QueryParam("ccg") String ccg, @QueryParam("locality") Long locality,
                                     @QueryParam("status") @Pattern(regexp = "[ACDP]") String status,
                                     @QueryParam("prescribingSetting") Integer prescribingSetting,
                                     @Parameter(description = "name fragment, any case") @QueryParam("name") String name,
                                     @Parameter(description = "postcode prefix, e.g. OX4") @QueryParam("postcode") String postcode,
                                     @QueryParam("asOf") LocalDate asOf,
                                     @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        caller.role();
        int size = Cursor.limit(limit);
        LocalDate date = asOf == null ? LocalDate.now() : asOf;
        var filter = new PracticeRepository.Filter(blank(ccg), locality, blank(status), prescribingSetting, blank(name), blank(postcode), date);
        return Page.of(practices.search(filter, Cursor.decode(cursor), size), size, p -> view(p, date), Practice::code);
    }

    @GET
    @Path("/{code}")
    @Operation(summary = "Read a practice by ODS code, with its membership today")
    @APIResponse(responseCode = "200", description = "The practice; the ETag is its version", content = @Content(schema = @Schema(implementation = PracticeView.class)))
    public Response get(@PathParam("code") String code) {
        caller.role();
        Practice p = practices.findByIdOptional(code).orElseThrow(() -> ProblemException.notFound("practice", code));
        return Response.ok(view(p, LocalDate.now())).tag(Versions.tag(p.version())).build();
    }

    @GET
    @Path("/{code}/memberships")
    @Operation(summary = "Membership history of a practice, oldest first")
    public List<MembershipView> history(@PathParam("code") String code) {
        caller.role();
        return memberships.history(code).stream().map(MembershipView::of).toList();
    }

    @Schema(name = "PracticeNetwork")
    public record NetworkView(String practiceCode, LocalDate asOf, @Schema(examples = "U12345") String pcnCode, String pcnName) {
    }

    @GET
    @Path("/{code}/network")
    @Operation(summary = "The primary care network of a practice on a date (default today)",
            description = "As the latest practice mapping file on or before the date has it, else the weighted-population file.")
    public NetworkView networkOn(@PathParam("code") String code, @QueryParam("asOf") LocalDate asOf) {
        caller.role();
        practices.findByIdOptional(code).orElseThrow(() -> ProblemException.notFound("practice", code));
        LocalDate date = asOf == null ? LocalDate.now() : asOf;
        PracticeRepository.Network n = practices.networkOn(code, date)
                .orElseThrow(() -> ProblemException.notFound("primary care network of practice", code));
        return new NetworkView(code, date, n.pcnCode(), n.pcnName());
    }

    @GET
    @Path("/{code}/membership")
    @Operation(summary = "The membership a practice held on a date (default today)")
    public MembershipView membershipOn(@PathParam("code") String code, @QueryParam("asOf") LocalDate asOf) {
        caller.role();
        return MembershipView.of(memberships.on(code, asOf == null ? LocalDate.now() : asOf));
    }

    @POST
    @Path("/{code}/memberships")
    @Operation(summary = "Move a practice to a CCG (and locality) from a date (operator)",
            description = "Closes the membership held on that date and opens the new one. Overlapping periods are refused (409).")
    @APIResponse(responseCode = "201", description = "The new membership", content = @Content(schema = @Schema(implementation = MembershipView.class)))
    public Response move(@PathParam("code") String code, @Valid @NotNull MembershipChange change) {
        caller.requireOperator();
        Membership m = memberships.move(code, change.ccgCode(), change.localityId(), change.effectiveFrom());
        return Response.created(URI.create("/api/practices/" + code + "/memberships")).entity(MembershipView.of(m)).build();
    }

    @GET
    @Path("/{code}/list-sizes")
    @Operation(summary = "List-size history of a practice")
    public List<ListSizes.ListSize> listSizes(@PathParam("code") String code) {
        caller.role();
        return listSizes.history(code);
    }

    @POST
    @Path("/{code}/list-sizes")
    @Operation(summary = "Report a practice's registered patients as of a date (operator)")
    public Response reportListSize(@PathParam("code") String code, @Valid @NotNull ListSizeReport report) {
        caller.requireOperator();
        boolean changed = listSizes.report(code, report.asOf(), report.patients());
        return Response.status(changed ? 201 : 200).entity(new ListSizes.ListSize(code, report.asOf(), report.patients())).build();
    }

    static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
