package uk.csx.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An upstream that answers with what it received (the gateway is what these tests are about).
 * practices and contracts route to it; billing routes to a closed port, as a service that is down.
 */
public class FakeUpstream implements QuarkusTestResourceLifecycleManager {
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (request.path().equals("/q/health/ready")) {
                request.response().end("{\"status\":\"UP\"}");
                return;
            }
            JsonObject echo = new JsonObject()
                    .put("method", request.method().name())
                    .put("uri", request.uri())
                    .put("body", body.toString())
                    .put("requestId", request.getHeader("X-Request-Id"))
                    .put("forwardedFor", request.getHeader("X-Forwarded-For"))
                    .put("connection", request.getHeader("Connection"))
                    .put("authorization", request.getHeader("Authorization"))
                    .put("traceparent", request.getHeader("traceparent"));
            if (request.path().endsWith("/slow")) {
                vertx.setTimer(3_000, t -> request.response().putHeader("Content-Type", "application/json").end(echo.encode()));
                return;
            }
            request.response().setStatusCode(request.path().endsWith("/missing") ? 404 : 200)
                    .putHeader("Content-Type", "application/json").putHeader("X-Upstream", "fake")
                    .end(echo.encode());
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String url = "http://127.0.0.1:" + server.actualPort();
        return Map.of(
                "gateway.upstreams.practices.url", url,
                "gateway.upstreams.contracts.url", url,
                "gateway.upstreams.billing.url", "http://127.0.0.1:" + closedPort());
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
