package uk.csx.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Proxies {@code /api/...} to the owning service with Vert.x's HTTP proxy: bodies stream through,
 * status, headers and query strings are kept, hop-by-hop headers are dropped by the proxy, and
 * {@code X-Forwarded-*} and {@code X-Request-Id} are added.
 */
@ApplicationScoped
public class ApiProxy {
    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final Routes routes;
    private final GatewayConfig config;

    public ApiProxy(Routes routes, GatewayConfig config) {
        this.routes = routes;
        this.config = config;
    }

    void register(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(2_000)
                .setIdleTimeout(60)
                .setMaxPoolSize(100));
        HttpProxy proxy = HttpProxy.reverseProxy(client)
                .origin(OriginRequestProvider.selector(this::origin));
        router.route("/api/*").order(-100).handler(rc -> forward(rc, proxy));
    }

    private Future<SocketAddress> origin(ProxyContext context) {
        URI url = routes.resolve(context.request().proxiedRequest().path()).orElseThrow().upstream().url();
        return Future.succeededFuture(SocketAddress.inetSocketAddress(url.getPort(), url.getHost()));
    }

    private void forward(RoutingContext rc, HttpProxy proxy) {
        HttpServerRequest request = rc.request();
        var route = routes.resolve(request.path());
        if (route.isEmpty()) {
            Problems.send(rc.response(), 404, "not-found", "Not found", "no service owns " + request.path(), request.path());
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parseLong(length) > config.maxBodyBytes()) {
            Problems.send(rc.response(), 413, "body-too-large", "Content too large",
                    "request bodies are limited to " + config.maxBodyBytes() + " bytes", request.path());
            return;
        }
        String requestId = request.getHeader(REQUEST_ID);
        if (requestId == null || !SAFE_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
            request.headers().set(REQUEST_ID, requestId);
        }
        rc.response().putHeader(REQUEST_ID, requestId);
        request.headers().set("X-Forwarded-For", request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
        request.headers().set("X-Forwarded-Proto", request.scheme());
        request.headers().set("X-Forwarded-Host", String.valueOf(request.authority()));
        LOG.debugf("%s %s -> %s [%s]", request.method(), request.uri(), route.get().name(), requestId);
        proxy.handle(request);
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
