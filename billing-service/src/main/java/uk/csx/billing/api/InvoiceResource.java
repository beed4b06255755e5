package uk.csx.billing.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
import uk.csx.billing.domain.Apportionment;
import uk.csx.billing.domain.Invoices;
import uk.csx.platform.api.Cursor;
import uk.csx.platform.api.Page;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.api.Versions;
import uk.csx.platform.money.Money;
import uk.csx.platform.audit.AuditTrail;
import uk.csx.platform.security.Caller;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Invoices", description = "Invoices, their lines, credit notes, disputes and apportionment to practices")
public class InvoiceResource {
    private final Invoices invoices;
    private final Caller caller;

    private final AuditTrail audit;

    public InvoiceResource(Invoices invoices, Caller caller, AuditTrail audit) {
        this.invoices = invoices;
        this.caller = caller;
        this.audit = audit;
    }

    @Schema(name = "Invoice")
    public record InvoiceView(UUID id, @Schema(examples = "0DF-2026-000123") String number, String supplierCode, String ccgCode,
                              String month,
                              @Schema(description = "a further invoice of the account's month, for charges the first did not bill "
                                      + "(an agreement that started in an invoiced month)") boolean supplementary,
                              Money net, Money vat, Money gross, Money paid, Money credited,
                              @Schema(description = "what is still to pay; never negative") Money balance,
                              @Schema(description = "credits beyond what was unpaid, owed back to the commissioner") Money refundDue,
                              @Schema(enumeration = {"ISSUED", "PART_PAID", "PART_CREDITED", "PAID", "CREDITED", "REFUND_DUE", "DISPUTED"})
                              String status,
                              String disputeReason, LocalDate issuedOn, List<Invoices.Line> lines) {
        static InvoiceView of(Invoices.Invoice i, List<Invoices.Line> lines) {
            return new InvoiceView(i.id(), i.number(), i.supplierCode(), i.ccgCode(), YearMonth.from(i.month()).toString(), i.sequence() > 1,
                    i.net(), i.vat(), i.gross(), i.paid(), i.credited(), i.balance(), i.refundDue(), i.status(), i.disputeReason(), i.issuedOn(),
                    lines);
        }
    }

    @Schema(name = "Dispute")
    public record Dispute(@NotBlank @Size(max = 1000) String reason) {
    }

    @Schema(name = "DisputeResolution")
    public record Resolution(@Schema(description = "gross amount conceded as a credit note; leave out or 0.00 to reject the dispute",
            examples = "120.00") Money credit, @NotBlank @Size(max = 1000) String reason,
                             @Schema(description = "the invoice line the credit concedes (its id in the invoice's lines); may be left out when "
                                     + "the invoice has one line. A later re-rating of that line counts the concession as given back")
                             @Min(1) Long invoiceLineId) {
    }

    @Schema(name = "Apportionment")
    public record ApportionmentView(UUID invoiceId, String ccgCode, LocalDate listSizesOn, Money total,
                                    List<Apportionment.Part> practices,
                                    @Schema(description = "by locality; for an ICB each name is prefixed with its sub-ICB location's code")
                                    Map<String, Money> localities,
                                    @Schema(description = "by member commissioner: the invoice's own, or for an ICB each sub-ICB location, "
                                            + "with its localities; each level sums exactly to the one above")
                                    List<Apportionment.CommissionerPart> commissioners) {
    }

    @GET
    @Operation(summary = "Invoices addressed to the caller's commissioner (an ICB: and its sub-ICB locations) or issued by the caller "
            + "(operators: all), by number")
    public Page<InvoiceView> list(@QueryParam("month") String month, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Cursor.limit(limit);
        Caller.Role role = caller.role();
        LocalDate first = month == null || month.isBlank() ? null : parseMonth(month).atDay(1);
        List<Invoices.Invoice> rows = invoices.page(role == Caller.Role.CCG ? caller.commissionerScope() : null,
                role == Caller.Role.SUPPLIER ? caller.org() : null, first, Cursor.decode(cursor), size);
        return Page.of(rows, size, i -> InvoiceView.of(i, null), Invoices.Invoice::number);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An invoice with its lines (each quoting the agreement's purchase-order number)")
    @APIResponse(responseCode = "200", description = "The invoice with its lines; the ETag is its version", content = @Content(schema = @Schema(implementation = InvoiceView.class)))
    public Response get(@PathParam("id") UUID id) {
        Invoices.Invoice invoice = visible(id);
        return Response.ok(InvoiceView.of(invoice, invoices.lines(id))).tag(Versions.tag(invoice.version())).build();
    }

    @GET
    @Path("/{id}/credit-notes")
    @Operation(summary = "Credit notes against an invoice")
    public List<Invoices.CreditNote> creditNotes(@PathParam("id") UUID id) {
        visible(id);
        return invoices.creditNotes(id);
    }

    @GET
    @Path("/{id}/apportionment")
    @Operation(summary = "The invoice total split across the commissioner's practices by list size (largest remainder), summed by "
            + "locality and (for an ICB) by sub-ICB location")
    public ApportionmentView apportionment(@PathParam("id") UUID id) {
        Invoices.Invoice invoice = visible(id);
        List<Apportionment.Part> parts = invoices.apportion(invoice);
        return new ApportionmentView(id, invoice.ccgCode(), invoice.month(), invoice.gross(), parts, Apportionment.byLocality(parts),
                Apportionment.byCommissioner(parts));
    }

    @POST
    @Path("/{id}/dispute")
    @Operation(summary = "Dispute an invoice (the CCG it is addressed to)")
    public InvoiceView dispute(@PathParam("id") UUID id, @Valid @NotNull Dispute dispute) {
        Invoices.Invoice invoice = visible(id);
        caller.requireActingParty(Caller.Role.CCG, invoice.ccgCode(), "the CCG the invoice is addressed to disputes it");
        return InvoiceView.of(invoices.dispute(id, dispute.reason()), null);
    }

    @POST
    @Path("/{id}/dispute-resolution")
    @Operation(summary = "Resolve a dispute (the supplier): a credit note for the amount conceded, or a rejection")
    public InvoiceView resolve(@PathParam("id") UUID id, @Valid @NotNull Resolution resolution) {
        Invoices.Invoice invoice = visible(id);
        caller.requireActingParty(Caller.Role.SUPPLIER, invoice.supplierCode(), "the supplier that issued the invoice resolves its disputes");
        return InvoiceView.of(invoices.resolve(id, resolution.credit(), resolution.reason(), resolution.invoiceLineId()), null);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Who changed the invoice, when and how: payments, disputes and their resolution (its parties, operators)",
            description = "Oldest first; each entry names the client, its role and organisation, the request id, the fields changed "
                    + "(before and after) and, for an operator acting in a party's place, the reason it gave.")
    public List<AuditTrail.Entry> history(@PathParam("id") UUID id, @QueryParam("after") @jakarta.validation.constraints.PositiveOrZero Long after) {
        visible(id);
        return audit.history(Invoices.AUDITED, id, after == null ? 0 : after, 200);
    }

    /** The invoice if the caller is its CCG, its supplier or an operator; for anyone else it does not exist. */
    Invoices.Invoice visible(UUID id) {
        Invoices.Invoice invoice = invoices.get(id);
        if (!caller.actsFor(Caller.Role.CCG, invoice.ccgCode()) && !caller.actsFor(Caller.Role.SUPPLIER, invoice.supplierCode())) {
            throw ProblemException.notFound("invoice", id);
        }
        return invoice;
    }

    static YearMonth parseMonth(String month) {
        try {
            return YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.badRequest("month is YYYY-MM, e.g. 2026-03");
        }
    }
}
