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
                                 NotInExtract notInExtract,
                                 @Schema(description = "When the commissioner was succeeded on or before the date: its successors (the population is theirs, "
                                         + "this one's is 0); absent otherwise")
                                 java.util.List<SuccessionView> succeededBy) {
    }

    @Schema(name = "Succession")
    public record SuccessionView(String predecessorCode, String successorCode, LocalDate effectiveDate, String reason,
                                 @Schema(examples = "/api/ccgs/M1J4Y") String successor) {
        static SuccessionView of(Commissioners.Succession s) {
            return new SuccessionView(s.predecessorCode(), s.successorCode(), s.effectiveDate(), s.reason(), "/api/ccgs/" + s.successorCode());
        }
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
        var succeeded = commissioners.succeededBy(code, date);
        if (!succeeded.isEmpty()) {
            // its role passed to its successors on that date: asking for it then answers 0, with where to ask instead
            return new PopulationView(code, date, 0, 0, 0, java.math.BigDecimal.ZERO, null, succeeded.stream().map(SuccessionView::of).toList());
        }
        var p = populations.ofCcg(code, date);
        return new PopulationView(code, date, p.practices(), p.practicesWithListSize(), p.registered(), p.weighted(),
                NotInExtract.of(p.extractDate(), p.notInExtract()), null);
    }

    @Schema(name = "CommissionerRename")
    public record Rename(@NotBlank @Size(max = 200) String name) {
    }

    @Schema(name = "CommissionerClosure")
    public record Closure(@NotNull @Schema(examples = "2022-06-30") LocalDate closeDate) {
    }

    @Schema(name = "CommissionerParent")
    public record NewParent(@NotNull @Pattern(regexp = "[A-Z0-9]{3,5}", message = "must be 3 to 5 upper-case letters or digits")
                            @Schema(examples = "QU9") String parentCode,
                            @NotNull @Schema(examples = "2022-07-01") LocalDate effectiveFrom) {
    }

    @Schema(name = "NewSuccession")
    public record NewSuccession(@NotNull @Pattern(regexp = "[A-Z0-9]{3,5}", message = "must be 3 to 5 upper-case letters or digits")
                                @Schema(examples = "M1J4Y") String successorCode,
                                @NotNull @Schema(examples = "2021-04-01") LocalDate effectiveDate,
                                @NotNull @Pattern(regexp = "MERGER|RENAME|ABOLITION|SPLIT", message = "must be MERGER, RENAME, ABOLITION or SPLIT")
                                @Schema(examples = "MERGER") String reason) {
    }

    @POST
    @Path("/{code}/rename")
    @Operation(summary = "Rename a commissioner (operator, If-Match with its ETag)")
    public Response rename(@PathParam("code") String code, @jakarta.ws.rs.HeaderParam("If-Match") String ifMatch, @Valid @NotNull Rename request) {
        caller.requireOperator();
        Commissioner c = commissioners.rename(code, request.name().strip(), ifMatch);
        return Response.ok(CcgView.of(c, repository.parentOn(code, LocalDate.now()))).tag(Versions.tag(c.version())).build();
    }

    @POST
    @Path("/{code}/closure")
    @Operation(summary = "Close a commissioner on a date (operator, If-Match with its ETag)")
    public Response close(@PathParam("code") String code, @jakarta.ws.rs.HeaderParam("If-Match") String ifMatch, @Valid @NotNull Closure request) {
        caller.requireOperator();
        Commissioner c = commissioners.close(code, request.closeDate(), ifMatch);
        return Response.ok(CcgView.of(c, repository.parentOn(code, LocalDate.now()))).tag(Versions.tag(c.version())).build();
    }

    @POST
    @Path("/{code}/parent")
    @Operation(summary = "Put a commissioner under a parent from a date (operator): a sub-ICB location or CCG under an ICB, an ICB under a region")
    public Commissioners.Parent reparent(@PathParam("code") String code, @Valid @NotNull NewParent request) {
        caller.requireOperator();
        return commissioners.reparent(code, request.parentCode(), request.effectiveFrom());
    }

    @POST
    @Path("/{code}/successions")
    @Operation(summary = "Record that a commissioner is succeeded by another on a date (operator); the predecessor closes on that date")
    @APIResponse(responseCode = "201", description = "The succession", content = @Content(schema = @Schema(implementation = SuccessionView.class)))
    public Response succeed(@PathParam("code") String code, @Valid @NotNull NewSuccession request) {
        caller.requireOperator();
        Commissioners.Succession s = commissioners.succeed(code, request.successorCode(), request.effectiveDate(), request.reason());
        return Response.created(URI.create("/api/ccgs/" + code + "/successions")).entity(SuccessionView.of(s)).build();
    }

    @GET
    @Path("/{code}/successions")
    @Operation(summary = "The successions a commissioner is part of, as predecessor or successor, by date")
    public java.util.List<SuccessionView> successions(@PathParam("code") String code) {
        caller.role();
        return commissioners.successions(code).stream().map(SuccessionView::of).toList();
    }

    @GET
    @Operation(summary = "List CCGs by code, cursor-paginated")
    public Page<CcgView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        caller.role();
        int size = Cursor.limit(limit);
        return Page.of(repository.pageAfter(Cursor.decode(cursor), size), size, CcgView::of, Commissioner::code);
    }
}
