package uk.csx.gateway.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.gateway.GatewayConfig;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) and the keys that verify its tokens. */
@Path("/")
@Tag(name = "OAuth 2.0", description = "Tokens for machine clients")
@SecurityRequirements // public: a client authenticates here with its credentials, not with a token
public class TokenEndpoint {
    private final RegisteredClients clients;
    private final ClientAssertions assertions;
    private final SigningKeys keys;
    private final GatewayConfig config;

    public TokenEndpoint(RegisteredClients clients, ClientAssertions assertions, SigningKeys keys, GatewayConfig config) {
        this.clients = clients;
        this.assertions = assertions;
        this.keys = keys;
        this.config = config;
    }

    @POST
    @Path("/oauth2/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get an access token (client credentials)",
            description = "Authenticate with client_id and client_secret (form or HTTP Basic), or with a private_key_jwt client assertion (RFC 7523).")
    public Response token(@FormParam("grant_type") @Size(max = 64) String grantType, @FormParam("client_id") @Size(max = 64) String clientId,
                          @FormParam("client_secret") @Size(max = 200) String clientSecret,
                          @FormParam("client_assertion_type") @Size(max = 100) String assertionType,
                          @FormParam("client_assertion") @Size(max = 8_192) String assertion, @HeaderParam("Authorization") String authorization,
                          @Context UriInfo uri) {
        if (!"client_credentials".equals(grantType)) {
            return error(400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
        }
        Principal principal;
        if (assertion != null || assertionType != null) {
            if (!ClientAssertions.TYPE.equals(assertionType) || assertion == null) {
                return error(400, "invalid_request", "client_assertion_type must be " + ClientAssertions.TYPE);
            }
            ClientAssertions.Result result = assertions.verify(assertion, uri.getBaseUri().resolve("oauth2/token").toString());
            if (result.principal() == null) {
                return error(401, "invalid_client", result.reason());
            }
            principal = result.principal();
        } else {
            String[] basic = basic(authorization);
            String id = basic != null ? basic[0] : clientId;
            String secret = basic != null ? basic[1] : clientSecret;
            if (id == null || secret == null) {
                return error(401, "invalid_client", "authenticate with client_id and client_secret, or a client assertion");
            }
            principal = clients.authenticate(id, secret).orElse(null);
            if (principal == null) {
                return error(401, "invalid_client", "unknown client or wrong secret");
            }
        }
        long lifetime = config.auth().tokenLifetime().toSeconds();
        var claims = Jwt.issuer(config.auth().issuer()).subject(principal.clientId()).upn(principal.clientId())
                .audience(config.auth().audience()).groups(Set.of(principal.role())).claim("client_id", principal.clientId())
                .claim("jti", UUID.randomUUID().toString()).expiresIn(lifetime);
        if (principal.org() != null) {
            claims.claim("org", principal.org());
        }
        String token = claims.jws().keyId(keys.current().getKeyId()).algorithm(SignatureAlgorithm.RS256).sign(keys.current().getPrivateKey());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", lifetime);
        body.put("scope", principal.role());
        return Response.ok(body).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    @GET
    @Path("/.well-known/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The public keys that verify the gateway's tokens (JWKS)")
    public String jwks() {
        return keys.publicKeys().toJson();
    }

    /** RFC 6749 §5.2 error, with the RFC 9457 fields as well for clients that read problems. */
    private static Response error(int status, String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        body.put("type", "https://csx.example/problems/oauth-" + code.replace('_', '-'));
        body.put("title", status == 401 ? "Unauthorized" : "Bad request");
        body.put("status", status);
        body.put("detail", description);
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON).entity(body)
                .header("Cache-Control", "no-store");
        if (status == 401) {
            builder.header("WWW-Authenticate", "Basic realm=\"csx\"");
        }
        return builder.build();
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[]{
                    java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
