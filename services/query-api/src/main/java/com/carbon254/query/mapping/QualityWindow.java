package com.carbon254.query.mapping;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The pass rate of one dataset's data-quality checks in one event-time window, as the Flink aggregator last emitted it
 * ({@code data-quality-aggregated}).
 */
@Schema(name = "QualityWindow", description = "Data-quality results of one dataset in one event-time window")
public record QualityWindow(
        @Schema(description = "Window start (inclusive)") Instant windowStart,
        @Schema(description = "Window end (exclusive)") Instant windowEnd,
        @Schema(description = "Check results (DataQuality events) in the window") long checks,
        @Schema(description = "Results that passed") long passed,
        @Schema(description = "Results that failed") long failed,
        @Schema(description = "passed / checks, between 0 and 1") double passRate,
        @Schema(description = "Failed results of severity CRITICAL") long criticalFailures,
        @Schema(description = "Distinct names of the checks that failed, sorted") List<String> failedChecks,
        @Schema(description = "Event time of the earliest result in the window") Instant firstEventTime,
        @Schema(description = "Event time of the latest result in the window") Instant lastEventTime,
        @Schema(description = "True when this result was re-emitted for late events (within the allowed lateness)")
        boolean late,
        @Schema(description = "0 for the first result of the window, one more for each late update") int updateSequence) {
}
