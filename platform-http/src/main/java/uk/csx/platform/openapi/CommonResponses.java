package uk.csx.platform.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The answers any call can get besides its own: every error is problem+json (RFC 9457); the gateway
 * counts every call against the caller's rate limit and says so in RateLimit-* headers.
 */
final class CommonResponses {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Map<String, String> ERRORS = Map.of(
            "400", "The request is malformed or breaks a rule of the API: nothing was changed",
            "401", "No valid bearer token (missing, expired, badly signed, wrong issuer or audience)",
            "429", "The caller's rate limit is used up: retry after Retry-After seconds",
            "500", "An unexpected error: nothing is revealed but the request id to quote",
            "503", "The database or a dependency is unavailable for a moment: retry after Retry-After seconds");

    private CommonResponses() {
    }

    static void addTo(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("Problem", problemSchema(openAPI));
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(CommonResponses::complete));
    }

    private static void complete(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        ERRORS.forEach((status, description) -> {
            if (operation.getResponses().getAPIResponse(status) == null) {
                operation.getResponses().addAPIResponse(status, problem(description));
            }
        });
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("2") || status.startsWith("4")) {
                rateLimitHeaders(response);
            }
            if (status.equals("429") || status.equals("503")) {
                response.addHeader("Retry-After", header("Seconds to wait before retrying", 0, 86_400));
            }
        });
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(PROBLEM_JSON, OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
    }

    private static void rateLimitHeaders(APIResponse response) {
        response.addHeader("RateLimit-Limit", header("Requests allowed in the caller's window (IETF RateLimit headers draft)", 0, 1_000_000));
        response.addHeader("RateLimit-Remaining", header("Requests left in the caller's window", 0, 1_000_000));
        response.addHeader("RateLimit-Reset", header("Seconds until the window is refilled", 0, 86_400));
    }

    private static Header header(String description, int minimum, int maximum) {
        return OASFactory.createHeader().description(description).schema(OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.INTEGER)).format("int32")
                .minimum(BigDecimal.valueOf(minimum)).maximum(BigDecimal.valueOf(maximum)));
    }

    /** The generated schema of the Problem record where a service declares it, or a plain object. */
    private static Schema problemSchema(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        if (schemas != null && schemas.containsKey("Problem")) {
            return schemas.get("Problem");
        }
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details: type, title, status, detail, instance and, for invalid fields, errors");
    }
}
