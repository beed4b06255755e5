package uk.csx.gateway.auth;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.lang.JoseException;
import uk.csx.platform.api.ProblemException;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Registering machine clients: operators only. A generated secret is shown once, at registration. */
@Path("/oauth2/clients")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "OAuth 2.0")
public class ClientRegistryResource {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RegisteredClients clients;
    private final TokenVerifier verifier;

    public ClientRegistryResource(RegisteredClients clients, TokenVerifier verifier) {
        this.clients = clients;
        this.verifier = verifier;
    }

    @Schema(name = "NewClient")
    public record NewClient(
            @NotNull @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]{3,64}") @Schema(examples = "ccg-10q-reporting") String clientId,
            @NotNull @Size(max = 8) @Pattern(regexp = "operator|ccg|supplier") String role,
            @Size(max = 6) @Pattern(regexp = "[A-Z0-9]{3,6}") @Schema(description = "CCG or supplier code; none for an operator", examples = "10Q") String org,
            @Size(min = 16, max = 200) @Schema(description = "leave out to have one generated") String secret,
            @Schema(description = "public JWK for private_key_jwt client assertions") Map<String, Object> publicJwk) {
    }

    @Schema(name = "Client")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ClientView(String clientId, String role, String org, boolean keyRegistered, String clientSecret) {
    }

    @POST
    @Operation(summary = "Register a machine client (operator)")
    @APIResponse(responseCode = "201", description = "The registered client; a generated secret is shown once", content = @Content(schema = @Schema(implementation = ClientView.class)))
    public Response register(@HeaderParam("Authorization") String authorization, @Valid @NotNull NewClient request) {
        requireOperator(authorization);
        if (!"operator".equals(request.role()) && request.org() == null) {
            throw ProblemException.badRequest("a " + request.role() + " client needs the organisation code it acts for");
        }
        String jwk = null;
        if (request.publicJwk() != null) {
            try {
                JsonWebKey key = JsonWebKey.Factory.newJwk(request.publicJwk());
                jwk = key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            } catch (JoseException e) {
                throw ProblemException.badRequest("publicJwk is not a JSON Web Key: " + e.getMessage());
            }
        }
        String secret = request.secret();
        boolean generated = secret == null && jwk == null;
        if (generated) {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        clients.register(request.clientId(), secret, jwk, request.role(), "operator".equals(request.role()) ? null : request.org());
        return Response.created(URI.create("/oauth2/clients/" + request.clientId()))
                .entity(new ClientView(request.clientId(), request.role(), request.org(), jwk != null, generated ? secret : null)).build();
    }

    @GET
    @Operation(summary = "List registered clients (operator); secrets are never shown")
    public List<ClientView> list(@HeaderParam("Authorization") String authorization) {
        requireOperator(authorization);
        return clients.all().stream().map(c -> new ClientView(c.clientId(), c.role(), c.org(), c.publicJwk() != null, null)).toList();
    }

    private void requireOperator(String authorization) {
        Principal principal = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? verifier.verify(authorization.substring(7).trim()).orElse(null) : null;
        if (principal == null) {
            throw new ProblemException(401, "unauthorized", "Unauthorized", "an operator's bearer token is required");
        }
        if (!principal.isOperator()) {
            throw new ProblemException(403, "forbidden", "Forbidden", "only an operator may register clients");
        }
    }
}
