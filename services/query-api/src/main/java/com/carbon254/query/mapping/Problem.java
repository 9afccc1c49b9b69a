package com.carbon254.query.mapping;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.carbon254.query.service.ParameterError;

/**
 * The RFC 9457 problem body every error of this API has ({@code application/problem+json}); documentation of the
 * shape {@code ProblemMapper} writes. Some problems add members of their own (e.g. {@code visibleVersion}).
 */
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(@Schema(example = "about:blank") String type,
        @Schema(example = "Invalid request") String title,
        @Schema(example = "400") int status,
        @Schema(example = "from: must be before to") String detail,
        @Schema(example = "/ingestion-stats/sales.orders") String instance,
        @Schema(description = "For 400: every invalid parameter") List<ParameterError> errors) {
}
