package uk.csx.platform.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import uk.csx.platform.money.Money;
import uk.csx.platform.money.UnitPrice;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A resource of the test application, shaped like the services' (records, Money, UnitPrice, BigDecimal parameters). */
@Path("/test/input")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InputRulesResource {
    public record Draft(long offerId, @NotNull UnitPrice unitPrice, Money amount, BigDecimal days, String purchaseOrderNumber,
                        List<String> notes) {
    }

    @POST
    public Map<String, Object> draft(@Valid @NotNull Draft draft) {
        return Map.of("offerId", draft.offerId(), "unitPrice", draft.unitPrice());
    }

    @GET
    @Path("/{code}")
    public Map<String, Object> compare(@PathParam("code") String code, @QueryParam("estimatedDays") BigDecimal estimatedDays,
                                       @QueryParam("name") String name) {
        return Map.of("code", code, "estimatedDays", estimatedDays == null ? "none" : estimatedDays.toPlainString());
    }

    /** A write that lost a deadlock, as the services' JDBC code reports it (wrapped). */
    @POST
    @Path("/deadlock")
    public Map<String, Object> deadlock() {
        throw new IllegalStateException(new java.sql.SQLException("ERROR: deadlock detected", "40P01"));
    }
}
