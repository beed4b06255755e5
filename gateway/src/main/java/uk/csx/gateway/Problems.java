package uk.csx.gateway;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import uk.csx.platform.api.Problem;

/** RFC 9457 problem+json answers of the gateway's own routes (the proxy is not JAX-RS). */
final class Problems {
    static final String MEDIA_TYPE = Problem.MEDIA_TYPE;

    private Problems() {
    }

    static JsonObject json(int status, String slug, String title, String detail, String instance) {
        return JsonObject.mapFrom(new Problem(Problem.type(slug), title, status, detail, instance, java.util.List.of()));
    }

    static void send(HttpServerResponse response, int status, String slug, String title, String detail, String instance) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE).end(json(status, slug, title, detail, instance).encode());
    }
}
