package com.carbon254.projector.rebuild;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
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
import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.api.runtime.validation.IsoInstant;
import com.carbon254.api.runtime.validation.Params;
import com.carbon254.events.common.Outcome;
import com.carbon254.events.runtime.json.FieldViolation;
import com.carbon254.projector.AdminProblems;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.PositionStore;
import com.carbon254.projector.pipeline.PositionStore.StoredPosition;
import com.carbon254.readmodel.ReplayedReadModel;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Administration of the read models: replay (rebuild) one, follow the run, see the live projections' positions.
 * Requires {@value Roles#PLATFORM_ADMIN}; a started replay is published as an AdminOperation event
 * ({@value #OPERATION}, target: the read model, actor: the token's subject), a refused one (another is running) too,
 * with outcome FAILURE and the reason.
 */
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Path("/admin/projections/{readModel}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "projection admin")
public class RebuildResource {

    /** The operation of a replay's AdminOperation event; its target is the read model. */
    public static final String OPERATION = "projection.rebuild";

    /** One {@code offset} parameter: {@code <topic>:<partition>:<offset>}. */
    private static final Pattern OFFSET = Pattern.compile("([a-zA-Z0-9._-]{1,249}):([0-9]{1,9}):([0-9]{1,18})");

    @Inject
    ReplayService replays;

    @Inject
    ReplayableReadModels readModels;

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
    @Operation(summary = "Replay (rebuild) a read model",
            description = "Replays the read model's topics — from the beginning, from the offsets of `from`, or from "
                    + "`offset`s per partition — into new tables (a new generation; datasets also a new search index) "
                    + "while the live projection keeps serving, then switches to them atomically once caught up with "
                    + "it. What was not read again is kept: the rows records before the start wrote. The audit trail "
                    + "is replayed in place: its chain is verified and the events it lacks are appended. See "
                    + "docs/operating.md, \"Replaying a read model\".")
    @APIResponse(responseCode = "202", description = "Replay started (published as an AdminOperation audit event); "
            + "Location points at its progress")
    @APIResponse(responseCode = "400", description = "`from` is not an ISO-8601 instant or lies ahead, an `offset` "
            + "names no partition of the read model's topics or an offset it does not hold, or both are given "
            + "(field errors)", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such read model", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A replay of this read model is already running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> rebuild(
            @Parameter(description = "The read model", schema = @Schema(enumeration = {"datasets", "ingestion-stats",
                    "quality", "lineage", "service-health", "audit-trail"}))
            @PathParam("readModel") String readModel,
            @Parameter(description = "ISO-8601 instant to replay from (each partition from its first record at or "
                    + "after it); default: the beginning") @QueryParam("from") @IsoInstant String from,
            @Parameter(description = "Where to start in one partition, `<topic>:<partition>:<offset>`, repeated per "
                    + "partition; partitions not named are not read again. Not with `from`.",
                    example = "system-health:0:42")
            @QueryParam("offset") @Size(max = 1000) List<@Size(max = 300) String> offsets,
            @Parameter(description = "The flow this call belongs to; carried by the AdminOperation event")
            @HeaderParam(ApiCallAudit.CORRELATION_ID) @Size(max = 255) String correlationId) {
        ReplayableReadModel model = model(readModel);
        StartPoint start = new StartPoint(Params.instant(from), offsets(offsets));
        String actor = Actors.of(identity);
        Map<String, String> parameters = Map.of("from", start.describe());
        // The audit never fails the answer: a failed publish is logged and counted by api-runtime.
        return replays.start(model, start)
                .call(progress -> adminOperations.record(actor, OPERATION, model.name(),
                        withRebuildId(parameters, progress.id()), Outcome.SUCCESS, null, correlationId))
                .map(progress -> Response.accepted(progress)
                        .location(URI.create("/admin/projections/" + model.name() + "/rebuild/" + progress.id()))
                        .build())
                .onFailure(ReplayService.RebuildRunningException.class)
                .call(refused -> adminOperations.record(actor, OPERATION, model.name(), parameters, Outcome.FAILURE,
                        refused.getMessage(), correlationId))
                .onFailure(ReplayService.RebuildRunningException.class)
                .transform(e -> AdminProblems.REBUILD_RUNNING.exception(e.getMessage()))
                .onFailure(ReplayStarts.InvalidStartException.class)
                .transform(e -> ProblemException.invalid(((ReplayStarts.InvalidStartException) e).violations));
    }

    /** The {@code offset} parameters; none given: null (not an offsets start). */
    private static List<StartPoint.Offset> offsets(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<StartPoint.Offset> offsets = new ArrayList<>();
        List<FieldViolation> violations = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Matcher matcher = OFFSET.matcher(values.get(i) == null ? "" : values.get(i).trim());
            if (matcher.matches()) {
                offsets.add(new StartPoint.Offset(matcher.group(1), Integer.parseInt(matcher.group(2)),
                        Long.parseLong(matcher.group(3))));
            } else {
                violations.add(new FieldViolation("offset[" + i + "]",
                        "must be <topic>:<partition>:<offset>, e.g. system-health:0:42"));
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return offsets;
    }

    private static Map<String, String> withRebuildId(Map<String, String> parameters, UUID rebuildId) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put("rebuildId", rebuildId.toString());
        return all;
    }

    @GET
    @Path("/rebuild/{id}")
    @Operation(summary = "Progress of a replay: state, events done, events/s, ETA")
    @APIResponse(responseCode = "200", description = "Progress")
    @APIResponse(responseCode = "404", description = "No such read model, or no such replay of it", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RebuildProgress> progress(@PathParam("readModel") String readModel, @PathParam("id") UUID id) {
        ReplayableReadModel model = model(readModel);
        return replays.progress(id, (name, generation) -> readModels.named(name).map(m -> m.index(generation))
                        .orElse(null))
                .map(progress -> progress.filter(p -> p.readModel().equals(model.name()))
                        .orElseThrow(() -> AdminProblems.REBUILD_NOT_FOUND.exception("no replay " + id + " of "
                                + model.name())));
    }

    @GET
    @Path("/positions")
    @Operation(summary = "Stored positions of the read model's live projections (next offset per partition)")
    @APIResponse(responseCode = "404", description = "No such read model", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<StoredPosition>> positions(@PathParam("readModel") String readModel) {
        List<ReplayedProjection<?>> projections = model(readModel).projections(Generation.LIVE);
        return Multi.createFrom().iterable(projections)
                .onItem().transformToIterable(p -> p.topics().stream().map(t -> Map.entry(p.liveName(), t)).toList())
                .onItem().transformToUniAndConcatenate(entry -> positionStore.list(pool, entry.getKey(),
                        entry.getValue()))
                .collect().asList()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private ReplayableReadModel model(String name) {
        return readModels.named(name).orElseThrow(() -> AdminProblems.READ_MODEL_NOT_FOUND.exception("no read model "
                + name + "; the read models: " + String.join(", ", ReplayedReadModel.names())));
    }
}
