package uk.csx.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
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
        return validation(errors, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        BodyErrors.Failure failure = BodyErrors.describe(e);
        List<Problem.FieldError> errors = failure.field().isEmpty() ? List.of() : List.of(new Problem.FieldError(failure.field(), failure.message()));
        if (failure.syntax() || errors.isEmpty()) {
            String detail = errors.isEmpty() ? failure.message() : failure.field() + " " + failure.message();
            return answer(new Problem(Problem.type("unreadable-body"), "Unreadable request body", 400, detail, path(uri), errors));
        }
        return validation(errors, uri);
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
        if (e.getCause() instanceof InvalidInputException invalid) {
            // a parameter converter refused a value (the server would otherwise answer 404 for a query parameter)
            return invalidInput(invalid, uri);
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
            if (cause instanceof InvalidInputException invalid) {
                return invalidInput(invalid, uri);
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                // a data exception of the database (a number out of its column's range, a NUL byte, a string too long):
                // the input rules let a value through that the database cannot hold. Never pass its text on.
                LOG.warn("the database refused a value the input rules let through", e);
                return answer(new Problem(Problem.type("out-of-range"), "Invalid request", 400,
                        "a value is out of the range or format the exchange can store", path(uri), List.of()));
            }
            if (cause instanceof ArithmeticException overflow && isOverflow(overflow)) {
                LOG.warn("a computation overflowed on the values of a request", e);
                return answer(new Problem(Problem.type("out-of-range"), "Invalid request", 400,
                        "the values given are too large to compute with", path(uri), List.of()));
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
            if (cause instanceof java.sql.SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                // a deadlock or serialization failure: PostgreSQL rolled the change back whole, so the same request can simply be sent again
                LOG.info("a request met a concurrent change and was rolled back", e);
                return answer(new Problem(Problem.type("concurrent-change"), "Service unavailable", 503,
                        "the change met another change at the same moment and was not made; send it again", path(uri), List.of()));
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

    /** A 400 validation problem listing the fields and the rule each breaks, in the shape Bean Validation failures have. */
    static Response validation(List<Problem.FieldError> errors, UriInfo uri) {
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return answer(new Problem(Problem.type("validation"), "Invalid request", 400, detail, path(uri), errors));
    }

    private static Response invalidInput(InvalidInputException e, UriInfo uri) {
        if (e.field() == null) {
            return answer(new Problem(Problem.type("validation"), "Invalid request", 400, e.rule(), path(uri), List.of()));
        }
        return validation(List.of(new Problem.FieldError(printable(e.field()), e.rule())), uri);
    }

    /** Math.*Exact, longValueExact and intValueExact: a result too large for its type, as opposed to a bug such as 1 / 0. */
    private static boolean isOverflow(ArithmeticException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return message.contains("overflow") || message.contains("out of long range") || message.contains("out of int range");
    }

    /** A caller-supplied name made safe to echo: control characters replaced, at most 100 characters. */
    static String printable(String name) {
        return InputRules.printable(name);
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
