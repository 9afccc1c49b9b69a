package com.carbon254.query.rest;

import com.carbon254.api.runtime.rest.ProblemException;
import java.util.Locale;
import jakarta.validation.constraints.Pattern;
import com.carbon254.api.runtime.validation.WholeNumber;
import com.carbon254.api.runtime.validation.Params;
import com.carbon254.api.runtime.validation.IsoInstant;
import jakarta.validation.constraints.Size;
import java.util.Map;

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
import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.LineageGraph;
import com.carbon254.query.repository.LineageRepository.Direction;
import com.carbon254.query.service.LineageService;

import io.smallrye.mutiny.Uni;

/**
 * The dataset lineage graph (data-lineage, and what transformation runs observed), walked upstream or downstream.
 * Requires {@value Roles#DATASETS_READ}.
 */
@RolesAllowed(Roles.DATASETS_READ)
@Path("/lineage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "lineage", description = "Dataset lineage graph")
public class LineageResource {

    private static final Map<String, Direction> DIRECTIONS = Map.of("upstream", Direction.UPSTREAM,
            "downstream", Direction.DOWNSTREAM);

    @Inject
    LineageService lineage;

    @Inject
    QueryConfig config;

    @GET
    @Path("/{datasetName}")
    @Operation(summary = "Upstream or downstream of a dataset, to a depth",
            description = "Every dataset reachable within 'depth' edges with its shortest distance (the dataset itself "
                    + "at 0) and every live edge leaving a dataset closer than 'depth' in the walk's direction; an "
                    + "edge that closes a cycle is listed but never walked twice. Removed edges are ignored. Edges "
                    + "declared by DataLineage events (origin data-lineage) and edges observed in transformation runs "
                    + "that wrote data, each input to the output (origin data-transformation), are walked alike.")
    @APIResponse(responseCode = "200", description = "The reachable part of the graph", content = @Content(
            schema = @Schema(implementation = LineageGraph.class)))
    @APIResponse(responseCode = "400", description = "Invalid direction or depth", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The dataset has no lineage edge", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<LineageGraph> walk(
            @Parameter(description = "The dataset name", example = "sales.orders") @PathParam("datasetName")
            @Size(max = 255) String datasetName,
            @Parameter(description = "upstream (what it derives from) or downstream (what derives from it); default "
                    + "downstream", schema = @Schema(enumeration = { "upstream", "downstream" }))
            @QueryParam("direction") @Pattern(regexp = "(?i)\\s*(upstream|downstream)?\\s*",
                    message = "must be upstream or downstream") String direction,
            @Parameter(description = "How many edges to walk (default 3, at most 10)") @QueryParam("depth")
            @WholeNumber(min = 1) String depth) {
        String way = Params.text(direction) == null ? "downstream" : direction.trim().toLowerCase(Locale.ROOT);
        int hops = Params.integer(depth, config.lineage().defaultDepth());
        if (hops > config.lineage().maxDepth()) {
            throw ProblemException.invalid("depth", "must be at most " + config.lineage().maxDepth() + ", got " + hops);
        }
        return lineage.walk(datasetName, DIRECTIONS.get(way), hops);
    }
}
