package uk.csx.gateway;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** RFC 9457 problem+json answers the gateway writes itself (the services write their own). */
final class Problems {
    private Problems() {
    }

    static void send(HttpServerResponse response, int status, String slug, String title, String detail, String instance) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        JsonObject problem = new JsonObject()
                .put("type", "https://csx.example/problems/" + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", instance);
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(problem.encode());
    }
}
