package com.carbon254.query.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.api.runtime.validation.IsoInstant;
import com.carbon254.api.runtime.validation.Params;
import com.carbon254.api.runtime.validation.WholeNumber;
import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.QualityBelow;
import com.carbon254.query.mapping.QualityStats;
import com.carbon254.query.service.QualityService;

import io.smallrye.mutiny.Uni;

/**
 * Data quality: the Flink aggregator's pass-rate windows of each dataset's DataQuality check results, as the projector
 * stored them. Requires {@value Roles#DATASETS_READ}.
 */
@RolesAllowed(Roles.DATASETS_READ)
@Path("/quality")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "quality", description = "Event-time window pass rates of data-quality check results")
public class QualityResource {

    /** A pass rate: a decimal from 0 to 1. */
    private static final String PASS_RATE = "0(\\.[0-9]{1,6})?|1(\\.0{1,6})?";

    @Inject
    QualityService quality;

    @Inject
    QueryConfig config;

    @GET
    @Path("/{datasetName}")
    @Operation(summary = "A dataset's data-quality windows overlapping [from, to)",
            description = "Every window that starts before 'to' and ends after 'from', ordered by start: checks, "
                    + "passed, failed, passRate, criticalFailures and the names of the failed checks. A window "
                    + "re-emitted for late results shows its latest result (late=true, higher updateSequence). Without "
                    + "'to': now; without 'from': 'to' minus 24 h (carbon254.query.quality.default-range). The range "
                    + "may be at most 7 days (carbon254.query.quality.max-range).")
    @APIResponse(responseCode = "200", description = "The windows (possibly none)",
            content = @Content(schema = @Schema(implementation = QualityStats.class)))
    @APIResponse(responseCode = "400", description = "from/to not ISO-8601 instants, from not before to, or the "
            + "range too long", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Uni<QualityStats> windows(
            @Parameter(description = "The dataset name (the data-quality key)", example = "sales.orders")
            @PathParam("datasetName") @Size(max = 255) String datasetName,
            @Parameter(description = "ISO-8601 instant, start of the range (inclusive); default: to minus 24 h",
                    example = "2026-11-27T00:00:00Z") @QueryParam("from") @IsoInstant String from,
            @Parameter(description = "ISO-8601 instant, end of the range (exclusive); default: now",
                    example = "2026-11-28T00:00:00Z") @QueryParam("to") @IsoInstant String to) {
        return quality.windows(datasetName, Params.instant(from), Params.instant(to));
    }

    @GET
    @Operation(summary = "Datasets whose latest data-quality window is below a pass rate",
            description = "For each dataset, its latest window (by start); those whose pass rate is below 'below', "
                    + "lowest first, then by name.")
    @APIResponse(responseCode = "200", description = "The datasets (possibly none)",
            content = @Content(schema = @Schema(implementation = QualityBelow.class)))
    @APIResponse(responseCode = "400", description = "below not a decimal from 0 to 1, or an invalid limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<QualityBelow> below(
            @Parameter(description = "A pass rate from 0 to 1; default 1 (every dataset with a failed check)",
                    example = "0.95") @QueryParam("below") @Pattern(regexp = PASS_RATE,
                    message = "must be a decimal from 0 to 1, e.g. 0.95") String below,
            @Parameter(description = "Most datasets returned (default 20, at most 100)") @QueryParam("limit")
            @WholeNumber(min = 1) String limit) {
        double passRate = below == null || below.isBlank() ? 1.0 : Double.parseDouble(below);
        return quality.below(passRate, PageSizes.of(limit, config));
    }
}
