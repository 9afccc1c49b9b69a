package com.carbon254.events.gateway.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.SubmittedBy;

/**
 * An example request body for every event type, derived from its Avro schema so that it never drifts from the
 * contract: the fields a producer must or may send, with a plausible value (the {@code e.g. '…'} of the field's doc
 * when it has one). The envelope fields the gateway fills, and {@code submittedBy}, which only it sets, are left out.
 */
final class EventExamples {

    private static final Set<String> FILLED_BY_THE_GATEWAY = Set.of(EventEnvelope.EVENT_ID, EventEnvelope.EVENT_TYPE,
            EventEnvelope.TIMESTAMP, EventEnvelope.VERSION, EventEnvelope.CORRELATION_ID, EventEnvelope.CAUSATION_ID,
            SubmittedBy.FIELD);
    private static final Pattern DOC_EXAMPLE = Pattern.compile("e\\.g\\. '([^']+)'");
    private static final String EXAMPLE_INSTANT = "2025-10-22T12:00:00Z";

    private EventExamples() {
    }

    /** The example body of one event of that type. */
    static Map<String, Object> of(EventType type) {
        Map<String, Object> example = new LinkedHashMap<>();
        for (Schema.Field field : type.schema().getFields()) {
            if (!FILLED_BY_THE_GATEWAY.contains(field.name())) {
                example.put(field.name(), valueOf(field.name(), field.doc(), field.schema()));
            }
        }
        return example;
    }

    private static Object valueOf(String name, String doc, Schema schema) {
        return switch (schema.getType()) {
            case UNION -> schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst()
                    .map(t -> valueOf(name, doc, t)).orElse(null);
            case STRING -> fromDoc(doc).orElse(name.equals(EventEnvelope.SOURCE) ? "ingestion-service" : "example-" + name);
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? EXAMPLE_INSTANT : 1000L;
            case INT -> 3;
            case DOUBLE, FLOAT -> 0.5;
            case BOOLEAN -> true;
            case ENUM -> schema.getEnumSymbols().get(0);
            case ARRAY -> List.of(valueOf(name, null, schema.getElementType()));
            case MAP -> Map.of("key", valueOf(name, null, schema.getValueType()));
            case RECORD -> {
                Map<String, Object> nested = new LinkedHashMap<>();
                schema.getFields().forEach(f -> nested.put(f.name(), valueOf(f.name(), f.doc(), f.schema())));
                yield nested;
            }
            default -> null;
        };
    }

    private static Optional<String> fromDoc(String doc) {
        if (doc == null) {
            return Optional.empty();
        }
        Matcher matcher = DOC_EXAMPLE.matcher(doc);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
