package com.carbon254.events.runtime.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** What the tree and the streaming reader share about JSON values: timestamps as ISO-8601 text. */
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
}
