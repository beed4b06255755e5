package uk.csx.platform.testapp;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import uk.csx.platform.idempotency.Idempotency;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.events.EventPublisher;
import uk.csx.platform.money.Money;

import java.net.URI;
import java.util.Map;

/** A tiny application for the platform's own tests: it publishes events and uses the mechanisms. */
@Path("/test")
public class TestEventsResource {
    @Inject
    EventPublisher events;
    @Inject
    Idempotency idempotency;
    @Inject
    javax.sql.DataSource dataSource;

    public record Happened(int n) {
    }

    public record Order(@NotBlank String amount, @Min(1) int quantity) {
    }

    @POST
    @Path("/events")
    @Transactional
    public Response publish(@QueryParam("subject") String subject, @QueryParam("n") int n,
                            @QueryParam("type") String type, @QueryParam("fail") boolean fail) {
        events.publish(type == null ? "test.Happened.v1" : type, subject, new Happened(n));
        if (fail) {
            throw ProblemException.conflict("failing after publishing, so the transaction rolls back");
        }
        return Response.accepted().build();
    }

    @POST
    @Path("/orders")
    public Response order(@HeaderParam(Idempotency.HEADER) String key, @QueryParam("slowMillis") long slowMillis,
                          @QueryParam("failAfterInsert") boolean failAfterInsert, @Valid Order order) {
        return idempotency.run("test-orders", key, order, () -> {
            sleep(slowMillis);
            long id = insertOrder(Money.parse(order.amount()).toString());
            if (failAfterInsert) {
                throw ProblemException.conflict("failing after the insert, so the transaction rolls back");
            }
            return Response.created(URI.create("/test/orders/" + id)).entity(Map.of("id", id, "amount", order.amount())).build();
        });
    }

    private long insertOrder(String amount) {
        try (var c = dataSource.getConnection();
             var insert = c.prepareStatement("INSERT INTO test_order (amount) VALUES (?) RETURNING id")) {
            insert.setString(1, amount);
            try (var rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
