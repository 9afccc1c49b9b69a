package com.carbon254.events.runtime.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** What the tree and the streaming reader share about JSON values: timestamps as ISO-8601 text, the shape of a type. */
final class JsonValues {

    private JsonValues() {
    }

    /** An ISO-8601 instant ({@code 2025-10-22T12:00:00Z}, an offset allowed), or null if the text is none. */
    static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notAnOffsetDateTime) {
                return null;
            }
        }
    }

    /** Whether values of the schema are instants ({@code timestamp-millis} or {@code timestamp-micros}). */
    static boolean isTimestamp(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        return logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros;
    }

    /** Whether a JSON value has the shape of an Avro type (what picks the branch of a union). */
    static boolean shapeMatches(Schema schema, JsonNode json) {
        return switch (schema.getType()) {
            case STRING, ENUM, BYTES -> json.isTextual();
            case BOOLEAN -> json.isBoolean();
            case INT, LONG -> json.isIntegralNumber() || (JsonValues.isTimestamp(schema) && json.isTextual());
            case FLOAT, DOUBLE -> json.isNumber();
            case ARRAY -> json.isArray();
            case MAP, RECORD -> json.isObject();
            default -> false;
        };
    }
}
