package uk.csx.platform.security;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlow;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlows;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * Tells every service's OpenAPI document how to get a token: the OAuth 2.0 client-credentials
 * flow at the gateway, so Swagger UI can authorise and try calls.
 */
@OpenAPIDefinition(info = @Info(title = "Commissioning support exchange", version = "1.0.0"),
        security = @SecurityRequirement(name = "oauth2"))
@SecurityScheme(securitySchemeName = "oauth2", type = SecuritySchemeType.OAUTH2,
        description = "OAuth 2.0 client credentials at the gateway; the token carries role and organisation",
        flows = @OAuthFlows(clientCredentials = @OAuthFlow(tokenUrl = "/oauth2/token")))
public final class ApiSecurityScheme {
    private ApiSecurityScheme() {
    }
}
