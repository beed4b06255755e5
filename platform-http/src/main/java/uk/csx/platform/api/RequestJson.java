package uk.csx.platform.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * The JSON mapper that reads (and writes) request and response bodies: the application's mapper, with every
 * {@link InputRules input rule} applied to what a caller sends. Bodies only: the services' own mapper, which reads their
 * events, stored answers and stored terms, stays as it was, so that a rule added here never makes data already accepted
 * unreadable.
 *
 * <p>What changes from Jackson's defaults: a float is not an integer (2.5 is not an id),
 * a number is not an enum's index, nothing may follow the body's JSON value; every string (properties, array items, map
 * keys and values, and the strings {@code Money} and {@code UnitPrice} are read from) is checked for control characters;
 * every {@code BigDecimal} is bounded; a {@code double} must be finite. A failure carries the JSON path to the field,
 * which {@link ProblemMappers} reports in {@code errors[].field}.
 */
@Provider
public class RequestJson implements ContextResolver<ObjectMapper> {
    private final Instance<ObjectMapper> application;
    private volatile ObjectMapper strict;

    public RequestJson(Instance<ObjectMapper> application) {
        this.application = application;
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        ObjectMapper mapper = strict;
        if (mapper == null) {
            synchronized (this) {
                if (strict == null) {
                    strict = strict(application.get());
                }
                mapper = strict;
            }
        }
        return mapper;
    }

    /** A copy of the given mapper (its modules, limits and output settings kept) that applies the input rules. */
    public static ObjectMapper strict(ObjectMapper base) {
        ObjectMapper mapper = base.copy();
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // FAIL_ON_NULL_FOR_PRIMITIVES stays off: for a record Jackson applies it (and Nulls.FAIL) to an absent property as to
        // an explicit null, and requests routinely leave out optional flags and counts. A required number is a wrapper with @NotNull.
        mapper.registerModule(rules());
        return mapper;
    }

    static SimpleModule rules() {
        SimpleModule module = new SimpleModule("csx-input-rules");
        module.addDeserializer(String.class, new Text());
        module.addKeyDeserializer(String.class, new TextKey());
        module.addDeserializer(BigDecimal.class, new Decimal());
        module.addDeserializer(Double.class, new FiniteDouble(Double.class, null));
        module.addDeserializer(double.class, new FiniteDouble(Double.TYPE, 0.0));
        return module;
    }

    /** Jackson's own string reading, then the text rule. */
    static final class Text extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return InputRules.checkText(super.deserialize(p, ctxt));
        }
    }

    static final class TextKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) {
            return InputRules.checkText(key);
        }
    }

    static final class Decimal extends NumberDeserializers.BigDecimalDeserializer {
        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return InputRules.checkDecimal(super.deserialize(p, ctxt));
        }
    }

    static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {
        FiniteDouble(Class<Double> type, Double nullValue) {
            super(type, nullValue);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Double value = super.deserialize(p, ctxt);
            if (value != null && !Double.isFinite(value)) {
                throw new InvalidInputException(InputRules.NOT_FINITE);
            }
            return value;
        }
    }
}
