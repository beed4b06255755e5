package uk.csx.gateway;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import uk.csx.gateway.auth.Principal;
import uk.csx.gateway.auth.TokenVerifier;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Proxies {@code /api/...} to the owning service with Vert.x's HTTP proxy. Before routing: the
 * bearer token is verified (except for reads of the published catalogue) and the caller's token
 * bucket is charged. Bodies stream through; status, headers and query strings are kept;
 * hop-by-hop headers are dropped by the proxy; {@code X-Forwarded-*}, {@code X-Request-Id} and
 * W3C {@code traceparent} are added. Each upstream has a timeout and a circuit breaker, and its
 * failures are answered 502/503/504 as problem+json naming it.
 */
@ApplicationScoped
public class ApiProxy {
    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    static final String REQUEST_ID = "X-Request-Id";
    /** The key under which Quarkus's HTTP metrics read a request's path template from its Vert.x context. */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Routes routes;
    private final GatewayConfig config;
    private final TokenVerifier tokens;
    private final RateLimits rateLimits;
    private final Map<String, CircuitBreaker> breakers = new HashMap<>();

    public ApiProxy(Routes routes, GatewayConfig config, TokenVerifier tokens, RateLimits rateLimits) {
        this.routes = routes;
        this.config = config;
        this.tokens = tokens;
        this.rateLimits = rateLimits;
    }

    void register(@Observes Router router, Vertx vertx) {
        config.upstreams().forEach((name, upstream) -> breakers.put(name, CircuitBreaker.create(name, vertx,
                new CircuitBreakerOptions().setMaxFailures(5).setTimeout(upstream.timeout().toMillis()).setResetTimeout(10_000))));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000).setMaxPoolSize(100));
        HttpProxy proxy = HttpProxy.reverseProxy(client).origin(this::originRequest).addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                return sendThroughBreaker(context);
            }
        });
        router.route("/api/*").order(-100).handler(rc -> forward(rc, proxy, vertx));
        // the gateway's own endpoints are limited by caller address, so client secrets cannot be guessed at speed
        router.routeWithRegex("/(oauth2|openapi|asyncapi|\\.well-known)/.*").order(-100).handler(this::limitOwnEndpoint);
        // metrics reveal traffic and internals: operators only here (a scraper uses an operator client)
        router.route("/q/metrics*").order(-100).handler(rc -> operatorsOnly(rc, vertx));
    }

    private void operatorsOnly(RoutingContext rc, Vertx vertx) {
        String bearer = bearer(rc.request());
        if (bearer == null) {
            unauthorized(rc, "a bearer token of an operator is required");
            return;
        }
        whenVerified(rc, vertx, bearer, principal -> {
            if (principal.isOperator()) {
                rc.next();
            } else {
                Problems.send(rc.response(), 403, "forbidden", "Forbidden", "metrics are for operators", rc.request().path());
            }
        });
    }

    private void limitOwnEndpoint(RoutingContext rc) {
        if (withinRateLimit(rc, RateLimits.OWN_ENDPOINTS, remoteAddress(rc.request()))) {
            rc.next();
        }
    }

    private Future<HttpClientRequest> originRequest(ProxyContext context) {
        Routes.Route route = routes.resolve(context.request().proxiedRequest().path()).orElseThrow();
        URI url = route.upstream().url();
        return context.client().request(new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(url.getPort(), url.getHost()))
                .setIdleTimeout(route.upstream().timeout().toMillis()));
    }

    private Future<ProxyResponse> sendThroughBreaker(ProxyContext context) {
        Routes.Route route = routes.resolve(context.request().proxiedRequest().path()).orElseThrow();
        return breakers.get(route.name()).<ProxyResponse>execute(promise -> context.sendRequest().onComplete(promise))
                .recover(failure -> {
                    String service = route.name() + "-service";
                    if (failure instanceof OpenCircuitException) {
                        return problem(context, 503, "upstream-unavailable", "Service unavailable",
                                service + " is failing; calls to it are paused for a few seconds");
                    }
                    if (failure instanceof TimeoutException || failure instanceof java.util.concurrent.TimeoutException) {
                        return problem(context, 504, "upstream-timeout", "Gateway timeout",
                                service + " did not answer within " + route.upstream().timeout().toSeconds() + " s");
                    }
                    LOG.warnf("%s unreachable: %s", service, failure.getMessage());
                    return problem(context, 502, "upstream-unreachable", "Bad gateway", service + " could not be reached");
                });
    }

    private static Future<ProxyResponse> problem(ProxyContext context, int status, String slug, String title, String detail) {
        String json = Problems.json(status, slug, title, detail, context.request().proxiedRequest().path()).encode();
        ProxyResponse response = context.request().response().setStatusCode(status).setStatusMessage(title)
                .setBody(Body.body(Buffer.buffer(json)));
        response.headers().clear();
        response.putHeader("Content-Type", Problems.MEDIA_TYPE);
        return Future.succeededFuture(response);
    }

    private void forward(RoutingContext rc, HttpProxy proxy, Vertx vertx) {
        HttpServerRequest request = rc.request();
        Optional<Routes.Route> route = routes.resolve(request.path());
        if (route.isEmpty()) {
            Problems.send(rc.response(), 404, "not-found", "Not found", "no service owns " + request.path(), request.path());
            return;
        }
        // the metrics' uri tag: the routed resource, not the raw path (each id would start a time series of its own)
        Vertx.currentContext().putLocal(URL_PATH_TEMPLATE, metricsPath(request.path()));
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
        if (request.getHeader("traceparent") == null) {
            request.headers().set("traceparent", newTraceparent());
        }
        String bearer = bearer(request);
        if (bearer == null && isPublicRead(request)) {
            admit(rc, proxy, null, route.get(), requestId);
            return;
        }
        if (bearer == null) {
            unauthorized(rc, "a bearer token is required: get one at /oauth2/token");
            return;
        }
        String id = requestId;
        whenVerified(rc, vertx, bearer, principal -> admit(rc, proxy, principal, route.get(), id));
    }

    /** {@code /api/agreements} stays; {@code /api/agreements/3f2…/acceptance} becomes {@code /api/agreements/*}: a bounded set. */
    static String metricsPath(String path) {
        int slash = path.indexOf('/', "/api/".length());
        return slash < 0 ? path : path.substring(0, slash) + "/*";
    }

    /**
     * Verifies the bearer token (off the event loop when the keys are fetched from an identity provider) and goes on
     * with the caller it names; an invalid token is answered 401.
     */
    private void whenVerified(RoutingContext rc, Vertx vertx, String bearer, java.util.function.Consumer<Principal> then) {
        java.util.function.Consumer<Optional<Principal>> answer = principal -> principal.ifPresentOrElse(then,
                () -> unauthorized(rc, "the bearer token is not valid (signature, issuer, audience or expiry)"));
        if (tokens.isRemote()) {
            rc.request().pause();
            vertx.<Optional<Principal>>executeBlocking(() -> tokens.verify(bearer), false).onComplete(result -> {
                rc.request().resume();
                answer.accept(result.succeeded() ? result.result() : Optional.empty());
            });
        } else {
            answer.accept(tokens.verify(bearer));
        }
    }

    private void admit(RoutingContext rc, HttpProxy proxy, Principal principal, Routes.Route route, String requestId) {
        HttpServerRequest request = rc.request();
        String role = principal == null ? RateLimits.ANONYMOUS : principal.role();
        String caller = principal == null ? remoteAddress(request) : principal.clientId();
        if (!withinRateLimit(rc, role, caller)) {
            return;
        }
        request.headers().set("X-Forwarded-For", remoteAddress(request));
        request.headers().set("X-Forwarded-Proto", request.scheme());
        request.headers().set("X-Forwarded-Host", String.valueOf(request.authority()));
        LOG.debugf("%s %s -> %s [%s] by %s", request.method(), request.uri(), route.name(), requestId, caller);
        proxy.handle(request);
    }

    /** Takes one request from the caller's bucket and says so in RateLimit-* headers; answers 429 when it is empty. */
    private boolean withinRateLimit(RoutingContext rc, String role, String caller) {
        RateLimits.Decision decision = rateLimits.take(role, caller);
        rc.response().putHeader("RateLimit-Limit", String.valueOf(decision.limit()))
                .putHeader("RateLimit-Remaining", String.valueOf(decision.remaining()))
                .putHeader("RateLimit-Reset", String.valueOf(decision.resetSeconds()));
        if (!decision.allowed()) {
            rc.response().putHeader("Retry-After", String.valueOf(decision.resetSeconds()));
            Problems.send(rc.response(), 429, "rate-limited", "Too many requests",
                    "the " + role + " limit of " + decision.limit() + " requests is used up; retry in " + decision.resetSeconds() + " s",
                    rc.request().path());
        }
        return decision.allowed();
    }

    private boolean isPublicRead(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            return false;
        }
        String rest = request.path().substring("/api/".length());
        int slash = rest.indexOf('/');
        return config.publicReads().contains(slash < 0 ? rest : rest.substring(0, slash));
    }

    private static void unauthorized(RoutingContext rc, String detail) {
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"csx\"");
        Problems.send(rc.response(), 401, "unauthorized", "Unauthorized", detail, rc.request().path());
    }

    private static String bearer(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    private static String remoteAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** A new W3C trace context (version 00, sampled) for a call that arrives without one. */
    private static String newTraceparent() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        RANDOM.nextBytes(trace);
        RANDOM.nextBytes(span);
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
