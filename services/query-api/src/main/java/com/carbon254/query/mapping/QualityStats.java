package com.carbon254.query.mapping;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A dataset's data-quality windows overlapping {@code [from, to)}, ordered by window start. */
@Schema(name = "QualityStats", description = "A dataset's data-quality windows overlapping [from, to), by start")
public record QualityStats(String datasetName,
        @Schema(description = "Start of the range asked for (inclusive)") Instant from,
        @Schema(description = "End of the range asked for (exclusive)") Instant to,
        List<QualityWindow> windows) {
}
