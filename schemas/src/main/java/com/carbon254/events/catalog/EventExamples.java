package com.carbon254.events.catalog;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * An example event of every event type, derived from its Avro schema so that it never drifts from the contract: every
 * field with a plausible value (the {@code e.g. '…'} of the field's doc when it has one), in the plain JSON form the
 * platform's HTTP APIs use (instants as ISO-8601 text, enums as their symbol, a nullable field as its value).
 * The event catalog, the AsyncAPI document and the gateway's OpenAPI examples show these.
 */
public final class EventExamples {

    /** The instant every example carries. */
    public static final String EXAMPLE_INSTANT = "2025-10-22T12:00:00Z";

    private static final Pattern DOC_EXAMPLE = Pattern.compile("e\\.g\\. '([^']+)'");

    private EventExamples() {
    }

    /** The example of one event of that type, fields in schema order. */
    public static Map<String, Object> of(EventType type) {
        Map<String, Object> example = new LinkedHashMap<>();
        for (Schema.Field field : type.schema().getFields()) {
            example.put(field.name(), valueOf(type, field.name(), field.doc(), field.schema()));
        }
        return example;
    }

    private static Object valueOf(EventType type, String name, String doc, Schema schema) {
        return switch (schema.getType()) {
            case UNION -> schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst()
                    .map(t -> valueOf(type, name, doc, t)).orElse(null);
            case STRING -> stringOf(type, name, doc);
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? EXAMPLE_INSTANT : 1000L;
            case INT -> 3;
            case DOUBLE, FLOAT -> 0.5;
            case BOOLEAN -> true;
            case ENUM -> schema.getEnumSymbols().get(0);
            case ARRAY -> List.of(valueOf(type, name, null, schema.getElementType()));
            case MAP -> Map.of("key", valueOf(type, name, null, schema.getValueType()));
            case RECORD -> {
                Map<String, Object> nested = new LinkedHashMap<>();
                schema.getFields().forEach(f -> nested.put(f.name(), valueOf(type, f.name(), f.doc(), f.schema())));
                yield nested;
            }
            default -> null;
        };
    }

    private static String stringOf(EventType type, String name, String doc) {
        return switch (name) {
            case "eventType" -> type.typeName();
            // Stable across builds, so that generated documents only change when the contract does.
            case "eventId" -> UUID.nameUUIDFromBytes(type.typeName().getBytes(StandardCharsets.UTF_8)).toString();
            case "version" -> "1";
            default -> fromDoc(doc).orElse(name.equals("source") ? "ingestion-service" : "example-" + name);
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
