package uk.csx.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import uk.csx.platform.api.Problem;

import java.util.List;

/** 401 and 403 as problem+json; a 401 says how to authenticate (RFC 6750). */
public class SecurityProblemMappers {

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated("a bearer token is required: get one from the gateway's /oauth2/token", uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response failed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated("the bearer token is not valid (signature, issuer, audience or expiry)", uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "your role may not do this" : e.getMessage();
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.type("forbidden"), "Forbidden", 403, detail, "/" + uri.getPath().replaceFirst("^/", ""), List.of()))
                .build();
    }

    private static Response unauthenticated(String detail, UriInfo uri) {
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer realm=\"csx\"")
                .entity(new Problem(Problem.type("unauthorized"), "Unauthorized", 401, detail, "/" + uri.getPath().replaceFirst("^/", ""), List.of()))
                .build();
    }
}
