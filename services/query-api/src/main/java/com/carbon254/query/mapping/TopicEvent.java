package com.carbon254.query.mapping;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** One record of a topic, decoded (or why it could not be), with where it is. */
@Schema(name = "TopicEvent", description = "A record of a topic and its decoded event")
public record TopicEvent(
        int partition, long offset,
        @Schema(description = "The record's Kafka timestamp") Instant timestamp,
        @Schema(description = "The record key (UTF-8)") String key,
        @Schema(description = "The record headers, in order") List<RecordHeader> headers,
        @Schema(description = "The event type, from the decoded event (else the eventType header)") String eventType,
        @Schema(description = "avro (registry-framed) or json, as the producer wrote it; null when undecodable",
                enumeration = { "avro", "json" }) String format,
        @Schema(description = "The event as plain JSON (unions unwrapped, enums as symbols, timestamps ISO-8601); "
                + "null when undecodable or a tombstone") JsonNode event,
        @Schema(description = "Why the value could not be decoded; null when it was") String error,
        @Schema(description = "Size of the value in bytes; null for a tombstone") Integer valueSizeBytes,
        @Schema(description = "Only when undecodable: the value's first KiB as UTF-8 text, or base64 when not text")
        String valuePreview) {
}
