package com.carbon254.projector.rebuild;

import com.carbon254.api.runtime.validation.Params;
import com.carbon254.api.runtime.validation.IsoInstant;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.carbon254.api.runtime.audit.Actors;
import com.carbon254.api.runtime.audit.AdminOperations;
import com.carbon254.api.runtime.audit.ApiCallAudit;
import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.events.common.Outcome;
import com.carbon254.projector.AdminProblems;
import com.carbon254.projector.ProjectorConfig;
import com.carbon254.projector.pipeline.PositionStore;
import com.carbon254.projector.pipeline.PositionStore.StoredPosition;
import com.carbon254.projector.datasets.store.ReadModelTables;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Administration of the dataset projection: rebuild/replay and stored positions. Requires
 * {@value Roles#PLATFORM_ADMIN}; a started rebuild is published as an AdminOperation event ({@value #OPERATION},
 * actor: the token's subject), a refused one (another is running) too, with outcome FAILURE and the reason.
 */
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Path("/admin/projections/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "projection admin")
public class RebuildResource {

    /** The operation of a rebuild's AdminOperation event; its target is the live projection. */
    public static final String OPERATION = "projection.rebuild";

    @Inject
    DatasetRebuildService rebuilds;

    @Inject
    ProjectorConfig config;

    @Inject
    SecurityIdentity identity;

    @Inject
    AdminOperations adminOperations;

    @Inject
    PositionStore positionStore;

    @Inject
    Pool pool;

    @POST
    @Path("/rebuild")
    @Operation(summary = "Rebuild the dataset read models",
            description = "Replays data-events (from the beginning, or from the offsets of `from`) into new tables and "
                    + "a new index while the live projection keeps serving, then switches atomically.")
    @APIResponse(responseCode = "202", description = "Rebuild started (published as an AdminOperation audit event); "
            + "Location points at its progress")
    @APIResponse(responseCode = "400", description = "`from` is not an ISO-8601 instant", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A rebuild is already running", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> rebuild(@Parameter(description = "ISO-8601 instant to replay from; default: the beginning")
            @QueryParam("from") @IsoInstant String from,
            @Parameter(description = "The flow this call belongs to; carried by the AdminOperation event")
            @HeaderParam(ApiCallAudit.CORRELATION_ID) @Size(max = 255) String correlationId) {
        Instant since = Params.instant(from);
        String actor = Actors.of(identity);
        Map<String, String> parameters = Map.of("from", since == null ? "beginning" : since.toString());
        // The audit never fails the answer: a failed publish is logged and counted by api-runtime.
        return rebuilds.start(since)
                .call(progress -> adminOperations.record(actor, OPERATION, ReadModelTables.LIVE_PROJECTION,
                        withRebuildId(parameters, progress.id()), Outcome.SUCCESS, null, correlationId))
                .map(progress -> Response.accepted(progress)
                        .location(URI.create("/admin/projections/datasets/rebuild/" + progress.id())).build())
                .onFailure(DatasetRebuildService.RebuildRunningException.class)
                .call(refused -> adminOperations.record(actor, OPERATION, ReadModelTables.LIVE_PROJECTION, parameters,
                        Outcome.FAILURE, refused.getMessage(), correlationId))
                .onFailure(DatasetRebuildService.RebuildRunningException.class)
                .transform(e -> AdminProblems.REBUILD_RUNNING.exception(e.getMessage()));
    }

    private static Map<String, String> withRebuildId(Map<String, String> parameters, UUID rebuildId) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put("rebuildId", rebuildId.toString());
        return all;
    }

    @GET
    @Path("/rebuild/{id}")
    @Operation(summary = "Progress of a rebuild: events done, events/s, ETA, state")
    @APIResponse(responseCode = "200", description = "Progress")
    @APIResponse(responseCode = "404", description = "No such rebuild")
    public Uni<Response> progress(@PathParam("id") UUID id) {
        return rebuilds.progress(id).map(progress -> progress
                .map(p -> Response.ok(p).build())
                .orElseThrow(() -> AdminProblems.REBUILD_NOT_FOUND.exception("no rebuild " + id)));
    }

    @GET
    @Path("/positions")
    @Operation(summary = "Stored positions of the live dataset projection (next offset per partition)")
    public Uni<List<StoredPosition>> positions() {
        return positionStore.list(pool, ReadModelTables.LIVE_PROJECTION, config.topic());
    }

}
