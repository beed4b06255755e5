package uk.csx.platform.security;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Tells every service's OpenAPI document how to get a token: the OAuth 2.0 client-credentials
 * flow at the gateway, so that the gateway's Swagger UI can authorise and try calls.
 */
public class ApiSecurityFilter implements OASFilter {
    static final String SCHEME = "oauth2";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().setSecuritySchemes(new java.util.LinkedHashMap<>());
        openAPI.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.OAUTH2)
                .description("OAuth 2.0 client credentials at the gateway; the token carries your role and organisation")
                .flows(OASFactory.createOAuthFlows().clientCredentials(OASFactory.createOAuthFlow()
                        .tokenUrl("/oauth2/token").scopes(new java.util.LinkedHashMap<>()))));
        openAPI.setSecurity(new java.util.ArrayList<>(java.util.List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME))));
    }
}
