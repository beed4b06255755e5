package uk.csx.practices.api;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.platform.security.Caller;
import uk.csx.platform.api.Cursor;
import uk.csx.platform.api.Page;
import uk.csx.platform.api.Versions;
import uk.csx.practices.domain.Commissioner;
import uk.csx.practices.domain.Commissioners;
import uk.csx.practices.persistence.CommissionerRepository;
import uk.csx.practices.persistence.PopulationQueries;

import java.net.URI;
import java.time.LocalDate;

@Path("/api/ccgs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "CCGs", description = "Clinical commissioning groups and their successors (sub-ICB locations, ICBs)")
public class CcgResource {
    private final Commissioners commissioners;
    private final CommissionerRepository repository;
    private final PopulationQueries populations;
    private final Caller caller;

    public CcgResource(Commissioners commissioners, CommissionerRepository repository, PopulationQueries populations, Caller caller) {
        this.commissioners = commissioners;
        this.repository = repository;
        this.populations = populations;
        this.caller = caller;
    }

    @Schema(name = "NewCcg")
    public record NewCcg(
            @NotNull @Pattern(regexp = "[A-Z0-9]{3,5}", message = "must be 3 to 5 upper-case letters or digits")
            @Schema(examples = "10Q") String code,
            @NotBlank @Size(max = 200) @Schema(examples = "NHS Oxfordshire CCG") String name,
            @Schema(examples = "CCG", defaultValue = "CCG") Commissioner.Kind kind,
            @Schema(examples = "2013-04-01") LocalDate openDate,
            LocalDate closeDate) {
    }

    @Schema(name = "Ccg")
    public record CcgView(String code, String name, Commissioner.Kind kind, LocalDate openDate, LocalDate closeDate,
                          @Schema(description = "Its parent today (a sub-ICB location's ICB, an ICB's region); absent in a list and when none",
                                  examples = "QU9") String parentCode) {
        static CcgView of(Commissioner c) {
            return of(c, null);
        }

        static CcgView of(Commissioner c, String parentCode) {
            return new CcgView(c.code(), c.name(), c.kind(), c.openDate(), c.closeDate(), parentCode);
        }
    }

    @POST
    @Operation(summary = "Register a CCG (operator)")
    @APIResponse(responseCode = "201", description = "The registered CCG; the ETag is its version", content = @Content(schema = @Schema(implementation = CcgView.class)))
    public Response create(@Valid @NotNull NewCcg request) {
        caller.requireOperator();
        Commissioner created = commissioners.register(new Commissioner(request.code(), request.name(),
                request.kind() == null ? Commissioner.Kind.CCG : request.kind(), request.openDate(), request.closeDate()));
        return Response.created(URI.create("/api/ccgs/" + created.code()))
                .tag(Versions.tag(created.version()))
                .entity(CcgView.of(created)).build();
    }

    @GET
    @Path("/{code}")
    @Operation(summary = "Read a CCG")
    @APIResponse(responseCode = "200", description = "The CCG; the ETag is its version", content = @Content(schema = @Schema(implementation = CcgView.class)))
    public Response get(@PathParam("code") String code) {
        caller.role();
        Commissioner c = commissioners.get(code);
        return Response.ok(CcgView.of(c, repository.parentOn(code, LocalDate.now()))).tag(Versions.tag(c.version())).build();
    }

    @GET
    @Path("/{code}/children")
    @Operation(summary = "The commissioners directly under one on a date (default today): an ICB's sub-ICB locations, a region's ICBs")
    public java.util.List<CcgView> children(@PathParam("code") String code, @QueryParam("asOf") LocalDate asOf) {
        caller.role();
        commissioners.get(code);
        LocalDate date = asOf == null ? LocalDate.now() : asOf;
        return repository.childrenOn(code, date).stream().map(c -> CcgView.of(c, code)).toList();
    }

    @Schema(name = "Population", description = """
            Registered population on the date = the sum, over the GP practices that were members on that date, of each one's \
            list size in the latest complete list-size extract on or before the date (or of a size reported for it alone \
            after that extract); a member missing from that extract counts 0 and is listed in notInExtract. Before any \
            extract is recorded, each practice's own latest list size as of the date counts.""")
    public record PopulationView(String ccgCode, LocalDate asOf, long memberPractices, long practicesWithListSize,
                                 long registeredPopulation, java.math.BigDecimal weightedPopulation,
                                 @Schema(description = "The members missing from the list-size extract in effect on the date; absent when no extract on or before the date is recorded")
                                 NotInExtract notInExtract) {
    }

    @Schema(name = "NotInExtract", description = "Member GP practices missing from the list-size extract in effect, which count 0")
    public record NotInExtract(@Schema(examples = "2021-01-01") LocalDate extractDate,
                               @Schema(examples = "not in the extract of 2021-01-01") String label,
                               long practices,
                               @Schema(description = "their codes, sorted") java.util.List<String> practiceCodes) {
        static NotInExtract of(LocalDate extractDate, java.util.List<String> codes) {
            return extractDate == null ? null : new NotInExtract(extractDate, "not in the extract of " + extractDate, codes.size(), codes);
        }
    }

    @GET
    @Path("/{code}/population")
    @Operation(summary = "A commissioner's registered and weighted population on a date (default today); an ICB's or a region's "
            + "is that of the commissioners under it on that date")
    public PopulationView population(@PathParam("code") String code, @QueryParam("asOf") LocalDate asOf) {
        caller.role();
        commissioners.get(code);
        LocalDate date = asOf == null ? LocalDate.now() : asOf;
        var p = populations.ofCcg(code, date);
        return new PopulationView(code, date, p.practices(), p.practicesWithListSize(), p.registered(), p.weighted(),
                NotInExtract.of(p.extractDate(), p.notInExtract()));
    }

    @GET
    @Operation(summary = "List CCGs by code, cursor-paginated")
    public Page<CcgView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        caller.role();
        int size = Cursor.limit(limit);
        return Page.of(repository.pageAfter(Cursor.decode(cursor), size), size, CcgView::of, Commissioner::code);
    }
}
