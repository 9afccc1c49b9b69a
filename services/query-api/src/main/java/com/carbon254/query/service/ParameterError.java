package com.carbon254.query.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One invalid request parameter of a 400 problem.
 *
 * @param field   the query or path parameter, e.g. {@code from}
 * @param problem what is wrong with its value, e.g. "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z"
 */
@Schema(name = "ParameterError", description = "One invalid request parameter")
public record ParameterError(@Schema(example = "depth") String field,
        @Schema(example = "must be between 1 and 10, got 42") String problem) {
}
