package com.carbon254.query.rest;

import com.carbon254.api.runtime.validation.WholeNumber;
import com.carbon254.api.runtime.validation.Params;
import com.carbon254.api.runtime.validation.IsoInstant;
import jakarta.validation.constraints.Size;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import com.carbon254.query.mapping.IngestionStats;
import com.carbon254.query.service.IngestionStatsService;

import io.smallrye.mutiny.Uni;

/**
 * A dataset's ingestion statistics: the Flink aggregator's event-time windows, as the projector stored them. Requires
 * {@value Roles#DATASETS_READ}.
 */
@RolesAllowed(Roles.DATASETS_READ)
@Path("/ingestion-stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ingestion-stats", description = "Event-time window aggregates of data-ingestion events")
public class IngestionStatsResource {

    @Inject
    IngestionStatsService stats;

    @GET
    @Path("/{datasetName}")
    @Operation(summary = "A dataset's ingestion windows overlapping [from, to)",
            description = "Every window that starts before 'to' and ends after 'from', ordered by start, with all its "
                    + "aggregates. A window re-emitted for late events shows its latest result (late=true, higher "
                    + "updateSequence). Without 'to': now; without 'from': 'to' minus 24 h "
                    + "(carbon254.query.ingestion-stats.default-range). The range may be at most 7 days "
                    + "(carbon254.query.ingestion-stats.max-range).")
    @APIResponse(responseCode = "200", description = "The windows (possibly none)",
            content = @Content(schema = @Schema(implementation = IngestionStats.class)))
    @APIResponse(responseCode = "400", description = "from/to not ISO-8601 instants, from not before to, or the "
            + "range too long", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Uni<IngestionStats> windows(
            @Parameter(description = "The dataset name (the data-ingestion key)", example = "sales.orders")
            @PathParam("datasetName") @Size(max = 255) String datasetName,
            @Parameter(description = "ISO-8601 instant, start of the range (inclusive); default: to minus 24 h",
                    example = "2026-11-27T00:00:00Z") @QueryParam("from") @IsoInstant String from,
            @Parameter(description = "ISO-8601 instant, end of the range (exclusive); default: now",
                    example = "2026-11-28T00:00:00Z") @QueryParam("to") @IsoInstant String to) {
        return stats.windows(datasetName, Params.instant(from), Params.instant(to));
    }
}
