package uk.csx.billing.api;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.billing.domain.Invoices;
import uk.csx.platform.idempotency.Idempotency;
import uk.csx.platform.money.Money;
import uk.csx.platform.security.Caller;

import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;

@Path("/api/payments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Payments")
public class PaymentResource {
    private final Invoices invoices;
    private final InvoiceResource invoiceResource;
    private final Idempotency idempotency;
    private final Caller caller;

    public PaymentResource(Invoices invoices, InvoiceResource invoiceResource, Idempotency idempotency, Caller caller) {
        this.invoices = invoices;
        this.invoiceResource = invoiceResource;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @Schema(name = "NewPayment")
    public record NewPayment(@NotNull UUID invoiceId, @NotNull @Schema(examples = "1234.56") Money amount, @NotNull LocalDate receivedOn,
                             @Size(max = 100) String reference) {
    }

    @POST
    @Operation(summary = "Record a payment received against an invoice (its supplier); honours Idempotency-Key",
            description = "More than the balance is refused (422) and changes nothing.")
    @APIResponse(responseCode = "201", description = "The payment is recorded; the invoice with its new status", content = @Content(schema = @Schema(implementation = InvoiceResource.InvoiceView.class)))
    public Response record(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull NewPayment payment) {
        Invoices.Invoice invoice = invoiceResource.visible(payment.invoiceId());
        caller.requireActingParty(Caller.Role.SUPPLIER, invoice.supplierCode(), "the supplier that issued the invoice records its payments");
        return idempotency.run("payments:" + caller.clientId(), key, payment, () -> {
            Invoices.Invoice paid = invoices.pay(payment.invoiceId(), payment.amount(), payment.receivedOn(), payment.reference());
            return Response.created(URI.create("/api/invoices/" + paid.id())).entity(InvoiceResource.InvoiceView.of(paid, null)).build();
        });
    }
}
