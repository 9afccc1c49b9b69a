package com.carbon254.console.catalog;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

import com.carbon254.events.catalog.EventExamples;
import com.carbon254.events.catalog.EventType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.TemplateData;

/**
 * One event type of the catalog as the catalog page shows it: where it goes, who may publish it, its fields from the
 * Avro contract, an example, and what the registry holds for its subject.
 */
@TemplateData
public record EventTypeView(String typeName, String category, String topic, int partitions, String retention,
        String keyField, String publishRule, String gatewayRole, String doc, List<Field> fields, String example,
        String subject, SubjectInfo registry) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One field of the record: name, type as people read it, doc, default. */
    @TemplateData
    public record Field(String name, String type, boolean optional, String doc) {
    }

    /** What the registry reports for the subject: versions registered and the compatibility rule in force. */
    @TemplateData
    public record SubjectInfo(List<String> versions, String compatibility, String error) {
    }

    public static EventTypeView of(EventType type, SubjectInfo registry) {
        List<Field> fields = type.schema().getFields().stream()
                .map(f -> new Field(f.name(), typeOf(f.schema()), f.schema().isNullable(), f.doc())).toList();
        String retention = type.topic().infiniteRetention() ? "forever" : type.topic().retention().toDays() + " days";
        return new EventTypeView(type.typeName(), type.category().name(), type.topic().name(), type.topic().partitions(),
                retention, type.keyField(), type.publishRule().name(), type.publishRule().gatewayRole().orElse(null),
                type.schema().getDoc(), fields, example(type), type.topic().valueSubject(), registry);
    }

    /** A type as people read it: {@code string?} for a nullable string, {@code enum Status {…}}, {@code array<string>}. */
    static String typeOf(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null) {
            return logical.getName();
        }
        return switch (schema.getType()) {
            case UNION -> schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).map(EventTypeView::typeOf)
                    .collect(Collectors.joining(" | ")) + (schema.isNullable() ? "?" : "");
            case ENUM -> "enum " + schema.getName() + " {" + String.join(", ", schema.getEnumSymbols()) + "}";
            case ARRAY -> "array<" + typeOf(schema.getElementType()) + ">";
            case MAP -> "map<string, " + typeOf(schema.getValueType()) + ">";
            case RECORD -> "record " + schema.getName() + " {" + schema.getFields().stream()
                    .map(f -> f.name() + ": " + typeOf(f.schema())).collect(Collectors.joining(", ")) + "}";
            default -> schema.getType().getName();
        };
    }

    private static String example(EventType type) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(EventExamples.of(type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
