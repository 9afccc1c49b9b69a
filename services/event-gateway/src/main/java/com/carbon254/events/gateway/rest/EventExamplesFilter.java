package com.carbon254.events.gateway.rest;

import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import com.carbon254.events.catalog.EventType;

/**
 * Completes the OpenAPI document from the catalog: the {@code eventType} path parameter lists every type name, and
 * each publishing operation has one request example per event type ({@link EventExamples}).
 */
public class EventExamplesFilter implements OASFilter {

    static final String SINGLE = "/events/{eventType}";
    static final String BATCH = "/events/{eventType}/batch";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        addExamples(openAPI.getPaths().getPathItem(SINGLE), false);
        addExamples(openAPI.getPaths().getPathItem(BATCH), true);
    }

    private static void addExamples(PathItem path, boolean batch) {
        if (path == null || path.getPOST() == null) {
            return;
        }
        Operation post = path.getPOST();
        List<Object> typeNames = Arrays.stream(EventType.values()).<Object>map(EventType::typeName).toList();
        for (Parameter parameter : post.getParameters() == null ? List.<Parameter>of() : post.getParameters()) {
            if ("eventType".equals(parameter.getName()) && parameter.getSchema() != null) {
                parameter.getSchema().setEnumeration(typeNames);
            }
        }
        if (post.getRequestBody() == null || post.getRequestBody().getContent() == null) {
            return;
        }
        MediaType json = post.getRequestBody().getContent().getMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
        if (json == null) {
            return;
        }
        for (EventType type : EventType.values()) {
            Object value = batch ? List.of(EventExamples.of(type)) : EventExamples.of(type);
            json.addExample(type.typeName(), OASFactory.createExample()
                    .summary((batch ? "A batch of " : "A ") + type.typeName() + " event" + (batch ? "s" : ""))
                    .description("Goes to topic " + type.topic().name() + ", keyed by " + type.keyField())
                    .value(value));
        }
        if (json.getSchema() == null) {
            json.setSchema(OASFactory.createSchema().addType(batch ? Schema.SchemaType.ARRAY : Schema.SchemaType.OBJECT));
        }
    }
}
