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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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
import uk.csx.platform.security.Caller;
import uk.csx.platform.api.Versions;
import uk.csx.practices.domain.Localities;
import uk.csx.practices.domain.Locality;
import uk.csx.practices.domain.Memberships;
import uk.csx.practices.persistence.MembershipRepository;
import uk.csx.practices.persistence.PopulationQueries;
import uk.csx.practices.persistence.PracticeRepository;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

@Path("/api/ccgs/{ccg}/localities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Localities", description = "Groups of a CCG's practices, by hand or from primary care networks")
public class LocalityResource {
    private final Localities localities;
    private final Memberships memberships;
    private final MembershipRepository membershipRepository;
    private final PracticeRepository practices;
    private final PopulationQueries populations;
    private final Caller caller;

    public LocalityResource(Localities localities, Memberships memberships, MembershipRepository membershipRepository,
                            PracticeRepository practices, PopulationQueries populations, Caller caller) {
        this.caller = caller;
        this.localities = localities;
        this.memberships = memberships;
        this.membershipRepository = membershipRepository;
        this.practices = practices;
        this.populations = populations;
    }

    @Schema(name = "NewLocality")
    public record NewLocality(@NotBlank @Size(max = 200) @Schema(examples = "Oxford City") String name) {
    }

    @Schema(name = "LocalityFromNetworks")
    public record FromNetworks(@NotNull @Schema(examples = "2021-04-01") LocalDate effectiveFrom) {
    }

    @Schema(name = "LocalityAssignment")
    public record Assignment(@NotNull @Pattern(regexp = "[A-Z][0-9]{5}|[A-Z]{3}[0-9]{3}") @Schema(examples = "K84001") String practiceCode,
                             @NotNull LocalDate effectiveFrom) {
    }

    @Schema(name = "LocalitySummary")
    public record Summary(long id, String ccgCode, String name, String pcnCode) {
        static Summary of(Locality l) {
            return new Summary(l.id(), l.ccgCode(), l.name(), l.pcnCode());
        }
    }

    public record MemberPractice(String code, String name, String status) {
    }

    @Schema(name = "Locality", description = "A locality on a date: its practices, population, and flags where it is outside the usual 5–10 practices or 50,000–100,000 patients")
    public record LocalityView(long id, String ccgCode, String name, String pcnCode, LocalDate asOf,
                               List<MemberPractice> practices, long registeredPopulation, BigDecimal weightedPopulation,
                               List<String> guidance) {
    }

    @GET
    @Operation(summary = "List a CCG's localities")
    public List<Summary> list(@PathParam("ccg") String ccg) {
        caller.requireCcg(ccg, "CCG", ccg);
        return localities.ofCcg(ccg).stream().map(Summary::of).toList();
    }

    @POST
    @Operation(summary = "Create a locality")
    @APIResponse(responseCode = "201", description = "The new locality; the ETag is its version", content = @Content(schema = @Schema(implementation = Summary.class)))
    public Response create(@PathParam("ccg") String ccg, @Valid @NotNull NewLocality request) {
        caller.requireCcg(ccg, "CCG", ccg);
        Locality l = localities.create(ccg, request.name().trim(), null);
        return Response.created(URI.create("/api/ccgs/" + ccg + "/localities/" + l.id())).tag(Versions.tag(l.version()))
                .entity(Summary.of(l)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A locality with its practices and population on a date (default today)")
    @APIResponse(responseCode = "200", description = "The locality on the date; the ETag is its version", content = @Content(schema = @Schema(implementation = LocalityView.class)))
    public Response get(@PathParam("ccg") String ccg, @PathParam("id") long id, @QueryParam("asOf") LocalDate asOf) {
        caller.requireCcg(ccg, "locality", id);
        Locality l = localities.get(ccg, id);
        LocalDate date = asOf == null ? LocalDate.now() : asOf;
        List<MemberPractice> members = membershipRepository.inLocality(id, date).stream()
                .map(m -> practices.findById(m.practiceCode()))
                .map(p -> new MemberPractice(p.code(), p.name(), p.status())).toList();
        PopulationQueries.Population population = populations.ofLocality(id, date);
        List<String> guidance = new ArrayList<>();
        if (population.practices() < Locality.FEWEST_PRACTICES || population.practices() > Locality.MOST_PRACTICES) {
            guidance.add("PRACTICES_OUTSIDE_5_TO_10");
        }
        if (population.registered() < Locality.SMALLEST_POPULATION || population.registered() > Locality.LARGEST_POPULATION) {
            guidance.add("POPULATION_OUTSIDE_50000_TO_100000");
        }
        return Response.ok(new LocalityView(l.id(), l.ccgCode(), l.name(), l.pcnCode(), date, members,
                population.registered(), population.weighted(), guidance)).tag(Versions.tag(l.version())).build();
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Rename a locality (If-Match with its ETag)")
    public Response rename(@PathParam("ccg") String ccg, @PathParam("id") long id,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull NewLocality request) {
        caller.requireCcg(ccg, "locality", id);
        Locality l = localities.rename(ccg, id, request.name().trim(), ifMatch);
        return Response.ok(Summary.of(l)).tag(Versions.tag(l.version())).build();
    }

    @POST
    @Path("/from-networks")
    @Operation(summary = "Create the CCG's localities from its primary care networks, assigning each member practice")
    public Response fromNetworks(@PathParam("ccg") String ccg, @Valid @NotNull FromNetworks request) {
        caller.requireCcg(ccg, "CCG", ccg);
        return Response.status(201).entity(localities.fromNetworks(ccg, request.effectiveFrom()).stream().map(Summary::of).toList()).build();
    }

    @POST
    @Path("/{id}/practices")
    @Operation(summary = "Put a member practice of the CCG into this locality from a date")
    public Response assign(@PathParam("ccg") String ccg, @PathParam("id") long id, @Valid @NotNull Assignment request) {
        caller.requireCcg(ccg, "locality", id);
        localities.get(ccg, id);
        var m = memberships.assignToLocality(ccg, id, request.practiceCode(), request.effectiveFrom());
        return Response.status(201).entity(PracticeResource.MembershipView.of(m)).build();
    }
}
