package uk.csx.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a request path to the upstream that owns its first segment after {@code /api}; an
 * on-behalf endpoint ({@code /api/on-behalf/agreements/…}) goes where the party's endpoint goes,
 * which serves it (docs/design.md §8).
 */
@ApplicationScoped
public class Routes {
    public record Route(String name, GatewayConfig.Upstream upstream) {
    }

    private static final String ON_BEHALF = "on-behalf/";
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
        if (rest.startsWith(ON_BEHALF)) {
            rest = rest.substring(ON_BEHALF.length());
        }
        int slash = rest.indexOf('/');
        String segment = slash < 0 ? rest : rest.substring(0, slash);
        return Optional.ofNullable(bySegment.get(segment));
    }
}
