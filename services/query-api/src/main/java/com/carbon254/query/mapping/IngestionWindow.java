package com.carbon254.query.mapping;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The aggregates of one dataset's ingestion events in one event-time window, as the Flink aggregator last emitted
 * them ({@code data-ingestion-aggregated}).
 */
@Schema(name = "IngestionWindow", description = "Ingestion aggregates of one dataset in one event-time window")
public record IngestionWindow(
        @Schema(description = "Window start (inclusive)") Instant windowStart,
        @Schema(description = "Window end (exclusive)") Instant windowEnd,
        @Schema(description = "Ingestion events in the window") long eventCount,
        @Schema(description = "Sum of their recordCount") long totalRecordCount,
        @Schema(description = "Sum of their sizeBytes") long totalSizeBytes,
        @Schema(description = "Events with status SUCCESS") long successCount,
        @Schema(description = "Events with status FAILURE") long failureCount,
        @Schema(description = "Events with status PARTIAL") long partialCount,
        @Schema(description = "Event time of the earliest event in the window") Instant firstEventTime,
        @Schema(description = "Event time of the latest event in the window") Instant lastEventTime,
        @Schema(description = "Number of distinct event sources") int distinctSources,
        @Schema(description = "True when this result was re-emitted for late events (within the allowed lateness)")
        boolean late,
        @Schema(description = "0 for the first result of the window, one more for each late update") int updateSequence) {
}
