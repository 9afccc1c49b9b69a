package com.carbon254.projector.rest;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.carbon254.projector.config.ProjectorConfig;
import com.carbon254.projector.rebuild.DatasetRebuildService;
import com.carbon254.projector.rebuild.RebuildProgress;
import com.carbon254.projector.repository.ProjectionPosition;
import com.carbon254.projector.repository.ReadModelTables;
import com.carbon254.projector.service.AdminOperations;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Administration of the dataset projection: rebuild/replay and stored positions. */
@Path("/admin/projections/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "projection admin")
public class RebuildResource {

    @Inject
    DatasetRebuildService rebuilds;

    @Inject
    ProjectorConfig config;

    @Inject
    AdminActor actor;

    @Inject
    AdminOperations adminOperations;

    @POST
    @Path("/rebuild")
    @Operation(summary = "Rebuild the dataset read models",
            description = "Replays data-events (from the beginning, or from the offsets of `from`) into new tables and "
                    + "a new index while the live projection keeps serving, then switches atomically.")
    @APIResponse(responseCode = "202", description = "Rebuild started (published as an AdminOperation audit event); "
            + "Location points at its progress")
    @Parameter(name = AdminActor.HEADER, in = org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.HEADER,
            description = "Who starts the rebuild (default: unknown)")
    @APIResponse(responseCode = "400", description = "`from` is not an ISO-8601 instant")
    @APIResponse(responseCode = "409", description = "A rebuild is already running")
    public Uni<Response> rebuild(@Parameter(description = "ISO-8601 instant to replay from; default: the beginning")
            @QueryParam("from") String from) {
        Instant since;
        try {
            since = from == null || from.isBlank() ? null : Instant.parse(from);
        } catch (DateTimeParseException e) {
            return Uni.createFrom().item(Problems.response(400, "Invalid parameter",
                    "from must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, got '" + from + "'"));
        }
        String who = actor.name();
        return rebuilds.start(since)
                .call(progress -> adminOperations.published(who, AdminOperations.REBUILD, ReadModelTables.LIVE_PROJECTION,
                                Map.of("rebuildId", progress.id().toString(), "from", since == null ? "beginning" : since.toString()))
                        // The rebuild runs: its answer must not be lost to a failed audit publish (logged).
                        .onFailure().recoverWithNull())
                .map(progress -> Response.accepted(progress)
                        .location(URI.create("/admin/projections/datasets/rebuild/" + progress.id())).build())
                .onFailure(DatasetRebuildService.RebuildRunningException.class).recoverWithItem(e -> Problems.response(
                        409, "Rebuild already running", e.getMessage()));
    }

    @GET
    @Path("/rebuild/{id}")
    @Operation(summary = "Progress of a rebuild: events done, events/s, ETA, state")
    @APIResponse(responseCode = "200", description = "Progress")
    @APIResponse(responseCode = "404", description = "No such rebuild")
    public Uni<Response> progress(@PathParam("id") UUID id) {
        return rebuilds.progress(id).map(progress -> progress
                .map(p -> Response.ok(p).build())
                .orElseGet(() -> Problems.response(404, "Rebuild not found", "no rebuild " + id)));
    }

    @GET
    @Path("/positions")
    @WithSession
    @Operation(summary = "Stored positions of the live dataset projection (next offset per partition)")
    public Uni<List<ProjectionPosition>> positions() {
        return ProjectionPosition.of(ReadModelTables.LIVE_PROJECTION, config.topic());
    }

}
