package uk.csx.platform.api;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link InputRules input rules} for query and path parameters, for every resource of every service: no control
 * characters in any parameter (a NUL would otherwise reach the database as an error), and a {@code BigDecimal}
 * parameter written as a plain, bounded decimal ({@code estimatedDays=1e20} is refused, not computed with).
 */
@Provider
public class ParameterRules implements ParamConverterProvider {

    /** Runs once the resource is matched, before its parameters are converted; refuses all bad parameters at once. */
    @ServerRequestFilter
    public Response refuseControlCharacters(UriInfo uri) {
        Map<String, String> broken = new TreeMap<>();
        try {
            check(uri.getPathParameters(true), broken);
            check(uri.getQueryParameters(true), broken);
        } catch (IllegalArgumentException e) {
            // "%zz": not percent-encoding at all
            return ProblemMappers.answer(new Problem(Problem.type("validation"), "Invalid request", 400,
                    "a parameter is not valid percent-encoded UTF-8", "/" + uri.getPath().replaceFirst("^/", ""), List.of()));
        }
        if (broken.isEmpty()) {
            return null;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        broken.forEach((name, rule) -> errors.add(new Problem.FieldError(name, rule)));
        return ProblemMappers.validation(errors, uri);
    }

    private static void check(MultivaluedMap<String, String> parameters, Map<String, String> broken) {
        parameters.forEach((name, values) -> {
            String rule = InputRules.brokenTextRule(name);
            for (int i = 0; rule == null && i < values.size(); i++) {
                rule = InputRules.brokenTextRule(values.get(i));
            }
            if (rule != null) {
                broken.put(ProblemMappers.printable(name), rule);
            }
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != BigDecimal.class) {
            return null;
        }
        String name = nameOf(annotations);
        return (ParamConverter<T>) new ParamConverter<BigDecimal>() {
            @Override
            public BigDecimal fromString(String value) {
                return value == null ? null : InputRules.parsePlainDecimal(name, value);
            }

            @Override
            public String toString(BigDecimal value) {
                return value.toPlainString();
            }
        };
    }

    private static String nameOf(Annotation[] annotations) {
        for (Annotation annotation : annotations == null ? new Annotation[0] : annotations) {
            if (annotation instanceof QueryParam q) {
                return q.value();
            }
            if (annotation instanceof PathParam p) {
                return p.value();
            }
            if (annotation instanceof org.jboss.resteasy.reactive.RestQuery q && !q.value().isEmpty()) {
                return q.value();
            }
        }
        return "parameter";
    }
}
