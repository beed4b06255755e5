package uk.csx.platform.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Completes every service's OpenAPI document with what is true of every operation but written once:
 * how to get a token, the answers the gateway and the platform give to any call (problem+json 400, 401,
 * 429 with the rate-limit headers, 500, 503) and the limits enforced on what callers send.
 * The documents are linted in the build (Spectral with the OWASP ruleset, see lint/).
 */
public class ApiDocumentFilter implements OASFilter {
    static final String SCHEME = "oauth2";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        describeSecurity(openAPI);
        // every API is published under the gateway's one origin, to callers outside the NHS organisation running it
        openAPI.setServers(new ArrayList<>(List.of(OASFactory.createServer().url("/")
                .description("the gateway that serves this document, the same path in every environment (local, test, production)").addExtension("x-internal", false))));
        if (openAPI.getPaths() != null) {
            CommonResponses.addTo(openAPI);
            InputSchemaLimits.addTo(openAPI);
        }
    }

    /** The gateway's client-credentials flow, so that the gateway's Swagger UI can authorise and try calls. */
    private static void describeSecurity(OpenAPI openAPI) {
        openAPI.getComponents().setSecuritySchemes(new LinkedHashMap<>());
        openAPI.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.OAUTH2)
                .description("OAuth 2.0 client credentials at the gateway. The access token is a JWT signed with RS256 "
                        + "(key id in the header, keys at /.well-known/jwks.json) carrying your role and organisation; "
                        + "it expires after minutes and is verified as RFC8725 (JWT best current practice) advises: "
                        + "the algorithm is fixed, 'none' and HMAC are refused, issuer, audience and expiry are checked.")
                .flows(OASFactory.createOAuthFlows().clientCredentials(OASFactory.createOAuthFlow()
                        .tokenUrl("/oauth2/token").scopes(new LinkedHashMap<>()))));
        openAPI.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME))));
    }
}
