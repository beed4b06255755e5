package uk.csx.platform.audit;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import uk.csx.platform.api.InputRules;

/**
 * An operator acting in a party's place (accepting for a supplier, paying for a commissioner…)
 * says why in the {@code X-On-Behalf-Reason} header; the action is refused without it, and the
 * audit trail marks the entry with the reason.
 */
public class OnBehalf {
    public static final String HEADER = "X-On-Behalf-Reason";
    static final String MDC_KEY = "onBehalfReason";
    private static final int MAX_LENGTH = 500;

    @ServerRequestFilter(preMatching = true)
    public void onRequest(ContainerRequestContext request) {
        String reason = request.getHeaderString(HEADER);
        if (reason == null || reason.isBlank() || reason.length() > MAX_LENGTH || InputRules.brokenTextRule(reason) != null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, reason.strip());
        }
    }

    /** The reason the calling operator gave for acting in a party's place, or null. */
    public static String reason() {
        Object reason = MDC.get(MDC_KEY);
        return reason == null ? null : reason.toString();
    }
}
