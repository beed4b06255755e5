package uk.csx.platform.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * A field without a value is left out of a JSON answer rather than sent as null, as the API
 * documents describe it (an absent optional property), e.g. no nextCursor on the last page.
 */
@Singleton
public class OmitNulls implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
