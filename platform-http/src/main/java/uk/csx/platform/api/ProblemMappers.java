package uk.csx.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where errors become RFC 9457 problem+json answers. Callers never see a stack
 * trace or an internal message: unexpected failures are logged with the request id and answered
 * with a plain 500.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Optimistic-lock failures of JPA/Hibernate, named so that this module needs no ORM. */
    private static final java.util.Set<String> STALE_VERSION = java.util.Set.of("jakarta.persistence.OptimisticLockException",
            "org.hibernate.StaleObjectStateException", "org.hibernate.StaleStateException");

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return answer(new Problem(Problem.type(e.slug()), e.title(), e.status(), e.getMessage(), path(uri), List.of()));
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return answer(new Problem(Problem.type("validation"), "Invalid request", 400, detail, path(uri), errors));
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof MismatchedInputException m ? m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")) : "";
        String detail = e instanceof InvalidFormatException f
                ? "value " + f.getValue() + " is not a valid " + f.getTargetType().getSimpleName()
                : "the body is not valid JSON for this operation";
        List<Problem.FieldError> errors = field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, detail));
        return answer(new Problem(Problem.type("unreadable-body"), "Unreadable request body", 400, detail, path(uri), errors));
    }

    /** Jackson's most specific failures, which quarkus-rest-jackson would otherwise answer itself. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status == 404 ? "no resource at this path" : title;
        if (status == 405) {
            detail = "this method is not allowed on this resource";
        } else if (status == 415) {
            detail = "unsupported content type; send application/json";
        } else if (status == 406) {
            detail = "cannot produce the requested media type";
        } else if (status == 400 && e.getMessage() != null) {
            detail = e.getMessage();
        }
        return answer(new Problem(Problem.type(slug(title)), title, status, detail, path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        for (Throwable cause : causesOf(e)) {
            if (cause instanceof ProblemException p) {
                return problem(p, uri);
            }
            if (cause instanceof ConstraintViolationException c) {
                return invalid(c, uri);
            }
            if (STALE_VERSION.contains(cause.getClass().getName())) {
                return answer(new Problem(Problem.type("stale-version"), "Precondition failed", 412,
                        "the resource was changed by someone else; read it again and retry with its new ETag", path(uri), List.of()));
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                // a unique, exclusion or foreign-key rule of the database refused the change
                return answer(new Problem(Problem.type("conflict"), "Conflict", 409,
                        "the change conflicts with data already held (e.g. a duplicate or an overlapping period)", path(uri), List.of()));
            }
            if (cause instanceof java.sql.SQLTransientConnectionException || cause instanceof java.net.ConnectException
                    || isConnectionFailure(cause)) {
                return answer(new Problem(Problem.type("unavailable"), "Service unavailable", 503,
                        "the database is unavailable; retry shortly", path(uri), List.of()));
            }
        }
        LOG.error("unexpected failure", e);
        return answer(new Problem(Problem.type("internal"), "Internal error", 500,
                "an unexpected error occurred; quote the X-Request-Id header when reporting it", path(uri), List.of()));
    }

    /**
     * The exception, its causes and what was suppressed along the way: a commit that fails because the
     * database went away carries the connection error as a suppressed exception of the rollback.
     */
    private static List<Throwable> causesOf(Throwable e) {
        List<Throwable> all = new java.util.ArrayList<>();
        java.util.Deque<Throwable> next = new java.util.ArrayDeque<>(List.of(e));
        while (!next.isEmpty() && all.size() < 50) {
            Throwable t = next.poll();
            if (all.contains(t)) {
                continue;
            }
            all.add(t);
            if (t.getCause() != null) {
                next.add(t.getCause());
            }
            next.addAll(List.of(t.getSuppressed()));
        }
        return all;
    }

    /**
     * The database is unreachable or restarting: SQLState class 08 (connection exception), 57P
     * (shutdown, crash, cannot connect now), or the pool giving up waiting for a connection.
     */
    private static boolean isConnectionFailure(Throwable cause) {
        return cause instanceof java.sql.SQLException sql && ((sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")))
                || String.valueOf(sql.getMessage()).contains("Acquisition timeout"));
    }

    static Response answer(Problem problem) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 503) {
            builder.header("Retry-After", "5");
        }
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"csx\"");
        }
        return builder.build();
    }

    private static String fieldPath(ConstraintViolation<?> violation) {
        // "create.arg0.name" -> "name": the method and parameter names mean nothing to a caller
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
