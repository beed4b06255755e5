package uk.csx.gateway;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.csx.platform.api.ProblemException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The services' OpenAPI and AsyncAPI documents, fetched through the gateway so that one Swagger
 * UI here lists all three APIs and tries them through the gateway.
 */
@Path("/")
@Tag(name = "API documents")
@SecurityRequirements // public: the documents are what a developer reads before having a client
public class ApiDocuments {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final GatewayConfig config;

    public ApiDocuments(GatewayConfig config) {
        this.config = config;
    }

    @GET
    @Path("/openapi/{service}")
    @Produces("application/json")
    @Operation(summary = "A service's OpenAPI document (practices, contracts, billing)")
    public Response openApi(@PathParam("service") String service) {
        return fetch(service, "/q/openapi?format=json", "application/json");
    }

    @GET
    @Path("/asyncapi/{service}")
    @Produces("application/yaml")
    @Operation(summary = "A service's AsyncAPI document: the events it publishes")
    public Response asyncApi(@PathParam("service") String service) {
        return fetch(service, "/asyncapi.yaml", "application/yaml");
    }

    private Response fetch(String service, String path, String mediaType) {
        GatewayConfig.Upstream upstream = config.upstreams().get(service);
        if (upstream == null) {
            throw ProblemException.notFound("service", service);
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(upstream.url() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw ProblemException.notFound("document of service", service);
            }
            return Response.ok(response.body(), mediaType).build();
        } catch (IOException e) {
            throw new ProblemException(502, "upstream-unreachable", "Bad gateway", service + "-service could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "unavailable", "Service unavailable", "interrupted");
        }
    }
}
