package com.carbon254.projector.deadletters;

import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Min;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.carbon254.api.runtime.audit.Actors;
import com.carbon254.api.runtime.audit.ApiCallAudit;
import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.projector.AdminProblems;
import com.carbon254.projector.deadletters.DeadLetterStore.Position;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Administration of dead letters: re-drive selected ones to their original topic (browsing is the query API's).
 * Requires {@value Roles#PLATFORM_ADMIN}; the caller's token subject is the actor of the re-drive.
 */
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dead-letter admin")
public class DeadLetterResource {

    @Inject
    DeadLetterRedriveService redrives;

    @Inject
    SecurityIdentity identity;

    /** Names of dead-letter topics: a topic name ending in {@code .dlq}. */
    static final String DLQ_TOPIC = "[a-zA-Z0-9._-]+\\.dlq";
    static final String DLQ_TOPIC_PROBLEM = "must name a dead-letter topic (<topic>.dlq)";

    /** One dead letter, by its position on its dead-letter topic. */
    @Schema(description = "A dead letter's position on its dead-letter topic")
    public record DeadLetterRef(
            @Schema(example = "data-lineage.dlq") @NotNull @Size(max = 255)
            @Pattern(regexp = DLQ_TOPIC, message = DLQ_TOPIC_PROBLEM) String dlqTopic,
            @Schema(example = "0") @NotNull @Min(0) Integer partition,
            @Schema(example = "12") @NotNull @Min(0) Long offset) {
    }

    /**
     * What to re-drive: {@code dlqTopic} + {@code partition} + {@code offsets}, and/or a list of {@code records}.
     *
     * @param force re-drive records that were re-driven before, too
     */
    @Schema(description = "Dead letters to re-drive: dlqTopic + partition + offsets, and/or records")
    @SelectsDeadLetters
    public record RedriveRequest(
            @Schema(example = "data-lineage.dlq") @Size(max = 255)
            @Pattern(regexp = DLQ_TOPIC, message = DLQ_TOPIC_PROBLEM) String dlqTopic,
            @Schema(example = "0") @Min(0) Integer partition,
            @Schema(example = "[12, 13]") @Size(max = 1000) List<@NotNull @Min(0) Long> offsets,
            @Size(max = 1000) List<@NotNull @Valid DeadLetterRef> records,
            @Schema(description = "Re-drive records already re-driven before, too", defaultValue = "false") Boolean force) {
    }

    /** Where a dead letter's copy landed. */
    @Schema(description = "A re-driven dead letter and where its copy landed on the original topic")
    public record RedrivenRecord(String dlqTopic, int dlqPartition, long dlqOffset, String topic, int partition,
            long offset) {
    }

    /** The answer of a re-drive. */
    public record RedriveResult(List<RedrivenRecord> redriven) {
    }

    @POST
    @Path("/redrive")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-drive dead letters to their original topic",
            description = "Re-publishes each selected dead letter's original key, exact value bytes and headers (minus "
                    + "the dead-letter-* headers, plus `redriven-from: <dlqTopic>/<partition>/<offset>`) to its "
                    + "original topic, waits for the broker's acknowledgement, marks the dead letter re-driven and "
                    + "publishes an AdminOperation audit event (actor: the token's subject). All or nothing: one "
                    + "unknown or already re-driven record (without force) re-drives none, and is published as an "
                    + "AdminOperation with outcome FAILURE and the reason.")
    @APIResponse(responseCode = "200", description = "Re-driven: where each copy landed")
    @APIResponse(responseCode = "400", description = "Invalid selection (problem with field errors)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "A selected dead letter does not exist",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A selected dead letter was re-driven before and force is not set,"
            + " or holds no copy of its record (too large to be copied)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> redrive(@NotNull @Valid RedriveRequest request,
            @Parameter(description = "The flow this call belongs to; carried by the AdminOperation events")
            @HeaderParam(ApiCallAudit.CORRELATION_ID) @Size(max = 255) String correlationId) {
        List<Position> positions = positions(request);
        return redrives.redrive(positions, Boolean.TRUE.equals(request.force()), Actors.of(identity), correlationId)
                .map(done -> Response.ok(new RedriveResult(done.stream().map(r -> new RedrivenRecord(r.dlqTopic(),
                        r.dlqPartition(), r.dlqOffset(), r.topic(), r.partition(), r.offset())).toList())).build())
                .onFailure(DeadLetterRedriveService.UnknownDeadLettersException.class)
                .transform(e -> AdminProblems.DEAD_LETTER_NOT_FOUND.exception(e.getMessage()))
                .onFailure(DeadLetterRedriveService.AlreadyRedrivenException.class)
                .transform(e -> AdminProblems.ALREADY_REDRIVEN.exception(e.getMessage()))
                .onFailure(DeadLetterRedriveService.NotCopiedException.class)
                .transform(e -> AdminProblems.NOT_COPIED.exception(e.getMessage()));
    }

    /** The positions a request selects (Bean Validation checked that it selects some, completely). */
    private static List<Position> positions(RedriveRequest request) {
        List<Position> positions = new ArrayList<>();
        if (request.offsets() != null) {
            request.offsets().forEach(offset -> positions.add(new Position(request.dlqTopic(), request.partition(),
                    offset)));
        }
        if (request.records() != null) {
            request.records().forEach(ref -> positions.add(new Position(ref.dlqTopic(), ref.partition(), ref.offset())));
        }
        return positions;
    }
}
