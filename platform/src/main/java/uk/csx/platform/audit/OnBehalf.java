package uk.csx.platform.audit;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import uk.csx.platform.api.InputRules;
import io.quarkus.security.ForbiddenException;
import jakarta.inject.Inject;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.security.Caller;

import java.net.URI;

/**
 * An operator acts in a party's place (accepts for a supplier, pays for a commissioner…) only
 * through the explicit on-behalf endpoints: the party's own endpoint under {@code /api/on-behalf/}
 * (e.g. {@code POST /api/on-behalf/agreements/{id}/acceptance}) with the reason in the
 * {@code X-On-Behalf-Reason} header. Such a request is served by the party's endpoint and marked:
 * the audit trail keeps the reason. On any other path the header means nothing, so an operator
 * cannot act for a party by accident or unmarked (docs/design.md §8).
 */
public class OnBehalf {
    public static final String HEADER = "X-On-Behalf-Reason";
    /** The path prefix of the on-behalf endpoints. */
    public static final String PREFIX = "/api/on-behalf/";
    static final String MDC_KEY = "onBehalfReason";
    private static final int MAX_LENGTH = 500;

    @Inject
    Caller caller;

    @ServerRequestFilter(preMatching = true)
    public void onRequest(ContainerRequestContext request) {
        MDC.remove(MDC_KEY);
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (path == null || !path.startsWith(PREFIX)) {
            return;
        }
        String reason = request.getHeaderString(HEADER);
        if (reason == null || reason.isBlank() || reason.length() > MAX_LENGTH || InputRules.brokenTextRule(reason) != null) {
            throw new ProblemException(400, "on-behalf-reason-required", "Reason required", HEADER
                    + ": an action in a party's place says why, in 1 to 500 printable characters; the audit trail keeps it");
        }
        MDC.put(MDC_KEY, reason.strip());
        request.setRequestUri(uri.resolve("/api/" + path.substring(PREFIX.length()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
    }

    /** The on-behalf endpoints are operators' own: any other caller is refused, whatever the endpoint. */
    @ServerRequestFilter
    public void operatorsOnly(ContainerRequestContext request) {
        if (reason() != null && !caller.isOperator()) {
            throw new ForbiddenException("the " + PREFIX + " endpoints are for operators acting in a party's place");
        }
    }

    /** The reason given for acting in a party's place when the request came through an on-behalf endpoint, else null. */
    public static String reason() {
        Object reason = MDC.get(MDC_KEY);
        return reason == null ? null : reason.toString();
    }
}
