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
import uk.csx.contracts.domain.Catalogue;
import uk.csx.contracts.domain.ServiceLine;
import uk.csx.contracts.domain.Supplier;
import uk.csx.contracts.persistence.ServiceLineRepository;
import uk.csx.contracts.persistence.SupplierRepository;
import uk.csx.platform.security.Caller;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

/** The published catalogue: service lines and suppliers. Reads are public; operators keep it. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CatalogueResource {
    private final Catalogue catalogue;
    private final ServiceLineRepository lines;
    private final SupplierRepository suppliers;
    private final Caller caller;

    public CatalogueResource(Catalogue catalogue, ServiceLineRepository lines, SupplierRepository suppliers, Caller caller) {
        this.catalogue = catalogue;
        this.lines = lines;
        this.suppliers = suppliers;
        this.caller = caller;
    }

    @Schema(name = "ServiceLine")
    public record LineView(@Schema(examples = "BUSINESS_INTELLIGENCE") String code, String name, String description, String group,
                           OffsetDateTime retiredAt) {
        static LineView of(ServiceLine l) {
            return new LineView(l.code(), l.name(), l.description(), l.group(), l.retiredAt());
        }
    }

    @Schema(name = "NewServiceLine")
    public record NewLine(@NotNull @Pattern(regexp = "[A-Z][A-Z0-9_]{2,59}") @Schema(examples = "ESTATES_MANAGEMENT") String code,
                          @NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 2000) String description,
                          @NotBlank @Size(max = 60) @Schema(examples = "CORPORATE") String group) {
    }

    @Schema(name = "Supplier")
    public record SupplierView(@Schema(examples = "0DF") String code, String name, Supplier.Kind kind, String town, String postcode) {
        static SupplierView of(Supplier s) {
            return new SupplierView(s.code(), s.name(), s.kind(), s.town(), s.postcode());
        }
    }

    @Schema(name = "NewSupplier")
    public record NewSupplier(@NotNull @Pattern(regexp = "[A-Z0-9]{3,6}") @Schema(examples = "0DF") String code,
                              @NotBlank @Size(max = 200) String name, @NotNull Supplier.Kind kind,
                              @Size(max = 100) String town, @Size(max = 10) String postcode) {
    }

    @GET
    @Path("/service-lines")
    @Tag(name = "Catalogue")
    @SecurityRequirements
    @Operation(summary = "The service-line catalogue (public)")
    public List<LineView> lines(@QueryParam("includeRetired") boolean includeRetired) {
        return lines.catalogue(includeRetired).stream().map(LineView::of).toList();
    }

    @GET
    @Path("/service-lines/{code}")
    @Tag(name = "Catalogue")
    @SecurityRequirements
    @Operation(summary = "One service line (public)")
    public LineView line(@PathParam("code") String code) {
        return LineView.of(catalogue.line(code));
    }

    @POST
    @Path("/service-lines")
    @Tag(name = "Catalogue")
    @Operation(summary = "Add a service line (operator)")
    @APIResponse(responseCode = "201", description = "The new service line", content = @Content(schema = @Schema(implementation = LineView.class)))
    public Response addLine(@Valid @NotNull NewLine request) {
        caller.requireOperator();
        ServiceLine line = catalogue.addLine(new ServiceLine(request.code(), request.name(), request.description(), request.group()));
        return Response.created(URI.create("/api/service-lines/" + line.code())).entity(LineView.of(line)).build();
    }

    @POST
    @Path("/service-lines/{code}/retirement")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = "Catalogue")
    @Operation(summary = "Retire a service line (operator): no new offers; history stays")
    public LineView retire(@PathParam("code") String code) {
        caller.requireOperator();
        return LineView.of(catalogue.retireLine(code));
    }

    @GET
    @Path("/suppliers")
    @Tag(name = "Suppliers")
    @SecurityRequirements
    @Operation(summary = "Suppliers (public)")
    public List<SupplierView> suppliers() {
        return suppliers.listAll(io.quarkus.panache.common.Sort.by("code")).stream().map(SupplierView::of).toList();
    }

    @GET
    @Path("/suppliers/{code}")
    @Tag(name = "Suppliers")
    @SecurityRequirements
    @Operation(summary = "One supplier (public)")
    public SupplierView supplier(@PathParam("code") String code) {
        return SupplierView.of(catalogue.supplier(code));
    }

    @POST
    @Path("/suppliers")
    @Tag(name = "Suppliers")
    @Operation(summary = "Register a supplier (operator)")
    @APIResponse(responseCode = "201", description = "The registered supplier", content = @Content(schema = @Schema(implementation = SupplierView.class)))
    public Response register(@Valid @NotNull NewSupplier request) {
        caller.requireOperator();
        Supplier s = catalogue.register(new Supplier(request.code(), request.name(), request.kind(), request.town(), request.postcode()));
        return Response.created(URI.create("/api/suppliers/" + s.code())).entity(SupplierView.of(s)).build();
    }
}
