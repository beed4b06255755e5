package uk.csx.platform.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The limits every service enforces on what callers send, so that the API documents can state them
 * (maxLength on every string of a request body) and a client cannot make a service parse megabytes of text.
 */
@Singleton
public class InputLimits implements ObjectMapperCustomizer {
    /** Longest string accepted anywhere in a JSON request body; longer is a 400. */
    public static final int MAX_JSON_STRING = 10_000;
    /** Longest request line the HTTP server accepts (Vert.x's default), which bounds every parameter. */
    public static final int MAX_REQUEST_LINE = 4_096;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_JSON_STRING).maxNestingDepth(50).maxNumberLength(100).build());
    }
}
