package uk.csx.contracts.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import uk.csx.contracts.domain.InvalidField;
import uk.csx.platform.api.Problem;

import java.util.List;

/**
 * A domain rule refusing one field's value answers as a validation problem does: problem+json whose
 * {@code errors} name the field and the rule. (More specific than the platform's ProblemException mapper.)
 */
public class FieldProblems {
    @ServerExceptionMapper
    public Response invalidField(InvalidField e, UriInfo uri) {
        Problem problem = new Problem(Problem.type(e.slug()), e.title(), e.status(), e.getMessage(),
                uri == null ? null : "/" + uri.getPath().replaceFirst("^/", ""), List.of(new Problem.FieldError(e.field(), e.rule())));
        return Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
