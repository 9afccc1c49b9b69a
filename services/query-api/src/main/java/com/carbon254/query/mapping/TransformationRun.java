package com.carbon254.query.mapping;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One run of a transformation job, as its latest report ({@code data-transformation}) describes it. */
@Schema(name = "TransformationRun", description = "A run of a transformation job, from its latest report")
public record TransformationRun(
        @Schema(description = "The transformation job, e.g. a DolphinScheduler task or dbt model") String jobName,
        @Schema(description = "The run's id (unique per job)") String runId,
        @Schema(description = "The dataset the run wrote") String outputDataset,
        @Schema(description = "The datasets the run read, as reported") List<String> inputDatasets,
        @Schema(description = "The engine that ran it (trino, spark, flink, dbt, …); null if not reported")
        String engine,
        @Schema(enumeration = { "SUCCESS", "FAILURE", "PARTIAL", "CANCELLED", "UNKNOWN" },
                description = "PARTIAL: some output was written before it failed; UNKNOWN: a status this reader "
                        + "does not know") String status,
        @Schema(description = "Records read") long recordsIn,
        @Schema(description = "Records written") long recordsOut,
        @Schema(description = "Wall-clock duration in milliseconds") long durationMs,
        @Schema(description = "Why the run failed; null if it did not") String errorMessage,
        @Schema(description = "Free-form attributes of the run (scheduler, git revision, …)")
        Map<String, String> metadata,
        @Schema(description = "Event time of the report: when the run ended") Instant finishedAt) {
}
