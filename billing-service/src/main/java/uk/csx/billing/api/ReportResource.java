package uk.csx.billing.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.billing.domain.Reports;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.security.Caller;

import java.time.LocalDate;
import java.util.List;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {
    private final Reports reports;
    private final Caller caller;

    public ReportResource(Reports reports, Caller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @GET
    @Path("/statements/ccgs/{ccg}")
    @Tag(name = "Statements")
    @Operation(summary = "A CCG's account: invoices, credit notes, payments and balance over a date range (the CCG, operators)")
    public Reports.Statement ccgStatement(@PathParam("ccg") String ccg, @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        caller.requireCcg(ccg, "statement of CCG", ccg);
        return reports.statement(ccg, null, from(from), to(to));
    }

    @GET
    @Path("/statements/suppliers/{supplier}")
    @Tag(name = "Statements")
    @Operation(summary = "A supplier's receivables over a date range (the supplier, operators)")
    public Reports.Statement receivables(@PathParam("supplier") String supplier, @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        if (!caller.actsFor(Caller.Role.SUPPLIER, supplier)) {
            throw ProblemException.notFound("statement of supplier", supplier);
        }
        return reports.statement(null, supplier, from(from), to(to));
    }

    @GET
    @Path("/price-reports")
    @Tag(name = "Price consistency")
    @Operation(summary = "What each CCG was charged per supplier and service line in a month, normalised per patient and flagged (operators)")
    public List<Reports.PriceGroup> priceConsistency(@QueryParam("month") String month) {
        caller.requireOperator();
        if (month == null) {
            throw ProblemException.badRequest("month is required, e.g. 2026-03");
        }
        return reports.priceConsistency(InvoiceResource.parseMonth(month));
    }

    private static LocalDate from(LocalDate from) {
        return from == null ? LocalDate.of(2000, 1, 1) : from;
    }

    private static LocalDate to(LocalDate to) {
        return to == null ? LocalDate.now() : to;
    }
}
