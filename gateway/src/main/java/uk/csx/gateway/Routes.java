package uk.csx.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Resolves a request path to the upstream that owns its first segment after {@code /api}. */
@ApplicationScoped
public class Routes {
    public record Route(String name, GatewayConfig.Upstream upstream) {
    }

    private final Map<String, Route> bySegment = new HashMap<>();

    public Routes(GatewayConfig config) {
        config.upstreams().forEach((name, upstream) ->
                upstream.segments().forEach(segment -> bySegment.put(segment, new Route(name, upstream))));
    }

    public Optional<Route> resolve(String path) {
        if (path == null || !path.startsWith("/api/")) {
            return Optional.empty();
        }
        String rest = path.substring("/api/".length());
        int slash = rest.indexOf('/');
        String segment = slash < 0 ? rest : rest.substring(0, slash);
        return Optional.ofNullable(bySegment.get(segment));
    }
}
