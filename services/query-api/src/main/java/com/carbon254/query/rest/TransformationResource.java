package com.carbon254.query.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
import com.carbon254.api.runtime.validation.Params;
import com.carbon254.api.runtime.validation.WholeNumber;
import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.TransformationRuns;
import com.carbon254.query.service.TransformationService;

import io.smallrye.mutiny.Uni;

/**
 * Transformation runs (data-transformation), per job and per dataset, as the projector stored them. The lineage the
 * runs observed is part of {@code GET /lineage/{datasetName}}. Requires {@value Roles#DATASETS_READ}.
 */
@RolesAllowed(Roles.DATASETS_READ)
@Path("/transformations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "transformations", description = "Runs of transformation jobs")
public class TransformationResource {

    @Inject
    TransformationService transformations;

    @Inject
    QueryConfig config;

    @GET
    @Operation(summary = "Transformation runs, newest first",
            description = "Runs of transformation jobs, each as its latest report describes it (status, inputs, "
                    + "output, records read and written, duration, error), newest first (by the time the run "
                    + "ended). 'dataset' matches the runs that wrote the dataset and those that read it; 'job' one "
                    + "job; both together, the runs of that job touching that dataset.")
    @APIResponse(responseCode = "200", description = "The runs (possibly none)",
            content = @Content(schema = @Schema(implementation = TransformationRuns.class)))
    @APIResponse(responseCode = "400", description = "A filter longer than 255 characters, or an invalid limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<TransformationRuns> runs(
            @Parameter(description = "Only runs that wrote (output) or read (input) this dataset",
                    example = "sales.orders") @QueryParam("dataset") @Size(max = 255) String dataset,
            @Parameter(description = "Only runs of this job", example = "orders_daily")
            @QueryParam("job") @Size(max = 255) String job,
            @Parameter(description = "Most runs returned (default 20, at most 100)") @QueryParam("limit")
            @WholeNumber(min = 1) String limit) {
        return transformations.runs(Params.text(dataset), Params.text(job), PageSizes.of(limit, config));
    }
}
