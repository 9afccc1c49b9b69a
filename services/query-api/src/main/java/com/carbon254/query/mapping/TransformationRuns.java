package com.carbon254.query.mapping;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Transformation runs matching a request's filters, newest first. */
@Schema(name = "TransformationRuns", description = "Transformation runs, newest first")
public record TransformationRuns(
        @Schema(description = "The dataset filter of the request (the runs' output or one of their inputs), if any")
        String dataset,
        @Schema(description = "The job filter of the request, if any") String job,
        List<TransformationRun> runs) {
}
