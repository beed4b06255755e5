package uk.csx.platform.openapi;

import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import uk.csx.platform.api.InputLimits;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * States in the document the limits every service enforces on input where a field declares none of its
 * own: strings in a JSON body are at most {@link InputLimits#MAX_JSON_STRING} characters (Jackson refuses
 * longer), parameters are bounded by the request line, integers by their format. Only schemas that
 * callers send are touched: a response carries whatever data the caller is entitled to.
 */
final class InputSchemaLimits {
    private static final String REF_PREFIX = "#/components/schemas/";

    private final Map<String, Schema> components;
    private final Set<Schema> visited = new HashSet<>();

    private InputSchemaLimits(Map<String, Schema> components) {
        this.components = components == null ? Map.of() : components;
    }

    static void addTo(OpenAPI openAPI) {
        InputSchemaLimits limits = new InputSchemaLimits(openAPI.getComponents().getSchemas());
        openAPI.getPaths().getPathItems().values().forEach(item -> {
            if (item.getParameters() != null) {
                item.getParameters().forEach(limits::parameter);
            }
            item.getOperations().values().forEach(limits::operation);
        });
    }

    private void operation(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(this::parameter);
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().getMediaTypes().values().stream()
                    .map(MediaType::getSchema).forEach(schema -> limit(schema, InputLimits.MAX_JSON_STRING));
        }
    }

    private void parameter(Parameter parameter) {
        limit(parameter.getSchema(), InputLimits.MAX_REQUEST_LINE);
    }

    private void limit(Schema schema, int maxLength) {
        if (schema == null || !visited.add(schema)) {
            return;
        }
        if (schema.getRef() != null && schema.getRef().startsWith(REF_PREFIX)) {
            limit(components.get(schema.getRef().substring(REF_PREFIX.length())), maxLength);
        }
        List<Schema.SchemaType> types = schema.getType() == null ? List.of() : schema.getType();
        if (types.contains(Schema.SchemaType.STRING) && schema.getMaxLength() == null
                && schema.getEnumeration() == null && schema.getConstValue() == null) {
            schema.setMaxLength(maxLength);
        }
        if (types.contains(Schema.SchemaType.INTEGER)) {
            boolean int32 = !"int64".equals(schema.getFormat());
            if (schema.getMinimum() == null && schema.getExclusiveMinimum() == null) {
                schema.setMinimum(BigDecimal.valueOf(int32 ? Integer.MIN_VALUE : Long.MIN_VALUE));
            }
            if (schema.getMaximum() == null && schema.getExclusiveMaximum() == null) {
                schema.setMaximum(BigDecimal.valueOf(int32 ? Integer.MAX_VALUE : Long.MAX_VALUE));
            }
        }
        Stream.of(nullToEmpty(schema.getItems()), nullToEmpty(schema.getAllOf()), nullToEmpty(schema.getAnyOf()),
                        nullToEmpty(schema.getOneOf()),
                        schema.getProperties() == null ? List.<Schema>of() : List.copyOf(schema.getProperties().values()),
                        nullToEmpty(schema.getAdditionalPropertiesSchema()))
                .flatMap(List::stream).forEach(child -> limit(child, maxLength));
    }

    private static List<Schema> nullToEmpty(List<Schema> schemas) {
        return schemas == null ? List.of() : schemas;
    }

    private static List<Schema> nullToEmpty(Schema schema) {
        return schema == null ? List.of() : List.of(schema);
    }
}
