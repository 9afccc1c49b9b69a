package com.carbon254.query.mapping;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A record a consumer could not process, as it sits on its {@code <topic>.dlq} topic. */
@Schema(name = "DeadLetter", description = "A dead-lettered record with why it failed and where it came from")
public record DeadLetter(
        @Schema(description = "The dead-letter topic", example = "data-ingestion.dlq") String dlqTopic,
        int dlqPartition, long dlqOffset,
        @Schema(example = "data-ingestion") String originalTopic,
        Integer originalPartition, Long originalOffset,
        @Schema(description = "Why it was dead-lettered (dead-letter-reason header)") String reason,
        @Schema(description = "The failure's cause, if any (dead-letter-cause header)") String cause,
        String eventType,
        @Schema(description = "The record key") String key,
        @Schema(description = "Size of the value in bytes; null for a tombstone") Integer valueSizeBytes,
        @Schema(description = "The value decoded as JSON when it could be, else as UTF-8 text when it is text")
        String valuePreview,
        @Schema(description = "The record headers, in order") List<RecordHeader> headers,
        @Schema(description = "The dead-letter record's timestamp") Instant deadLetteredAt,
        @Schema(description = "Set once the record was re-driven to its original topic") Redrive redriven) {

    /** Where and by whom a dead letter was re-driven. */
    @Schema(name = "DeadLetterRedrive")
    public record Redrive(Instant at, String by, Integer partition, Long offset) {
    }
}
