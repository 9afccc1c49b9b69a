package com.carbon254.projector.deadletters;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

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
import com.carbon254.events.runtime.json.FieldViolation;
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

    /** One dead letter, by its position on its dead-letter topic. */
    @Schema(description = "A dead letter's position on its dead-letter topic")
    public record DeadLetterRef(@Schema(example = "data-lineage.dlq") String dlqTopic,
            @Schema(example = "0") Integer partition, @Schema(example = "12") Long offset) {
    }

    /**
     * What to re-drive: {@code dlqTopic} + {@code partition} + {@code offsets}, and/or a list of {@code records}.
     *
     * @param force re-drive records that were re-driven before, too
     */
    @Schema(description = "Dead letters to re-drive: dlqTopic + partition + offsets, and/or records")
    public record RedriveRequest(@Schema(example = "data-lineage.dlq") String dlqTopic,
            @Schema(example = "0") Integer partition, @Schema(example = "[12, 13]") List<Long> offsets,
            List<DeadLetterRef> records,
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
    @APIResponse(responseCode = "409", description = "A selected dead letter was re-driven before and force is not set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> redrive(RedriveRequest request,
            @Parameter(description = "The flow this call belongs to; carried by the AdminOperation events")
            @HeaderParam(ApiCallAudit.CORRELATION_ID) String correlationId,
            @Context UriInfo uri) {
        String instance = Problem.instanceOf(uri);
        List<FieldViolation> errors = new ArrayList<>();
        List<Position> positions = positions(request, errors);
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1 ? errors.get(0).toString() : errors.size() + " invalid fields";
            return Uni.createFrom().item(Problem.of(null, "Invalid request", 400, detail, instance)
                    .withErrors(errors).toResponse());
        }
        return redrives.redrive(positions, Boolean.TRUE.equals(request.force()), Actors.of(identity), correlationId)
                .map(done -> Response.ok(new RedriveResult(done.stream().map(r -> new RedrivenRecord(r.dlqTopic(),
                        r.dlqPartition(), r.dlqOffset(), r.topic(), r.partition(), r.offset())).toList())).build())
                .onFailure(DeadLetterRedriveService.UnknownDeadLettersException.class)
                .recoverWithItem(e -> Problem.of(null, "Dead letter not found", 404, e.getMessage(), instance)
                        .toResponse())
                .onFailure(DeadLetterRedriveService.AlreadyRedrivenException.class)
                .recoverWithItem(e -> Problem.of(null, "Already re-driven", 409, e.getMessage(), instance)
                        .toResponse());
    }

    private static List<Position> positions(RedriveRequest request, List<FieldViolation> errors) {
        List<Position> positions = new ArrayList<>();
        if (request == null) {
            errors.add(new FieldViolation("body", "a JSON body selecting dead letters is required"));
            return positions;
        }
        boolean byOffsets = request.dlqTopic() != null || request.partition() != null || request.offsets() != null;
        if (byOffsets) {
            if (request.dlqTopic() == null || !request.dlqTopic().endsWith(".dlq")) {
                errors.add(new FieldViolation("dlqTopic", "must name a dead-letter topic (<topic>.dlq)"));
            }
            if (request.partition() == null || request.partition() < 0) {
                errors.add(new FieldViolation("partition", "must be a partition number (0 or more)"));
            }
            if (request.offsets() == null || request.offsets().isEmpty()) {
                errors.add(new FieldViolation("offsets", "must list at least one offset"));
            } else {
                for (int i = 0; i < request.offsets().size(); i++) {
                    Long offset = request.offsets().get(i);
                    if (offset == null || offset < 0) {
                        errors.add(new FieldViolation("offsets[" + i + "]", "must be an offset (0 or more)"));
                    } else if (request.dlqTopic() != null && request.partition() != null) {
                        positions.add(new Position(request.dlqTopic(), request.partition(), offset));
                    }
                }
            }
        }
        if (request.records() != null) {
            for (int i = 0; i < request.records().size(); i++) {
                DeadLetterRef ref = request.records().get(i);
                String field = "records[" + i + "]";
                if (ref == null) {
                    errors.add(new FieldViolation(field, "must not be null"));
                    continue;
                }
                int before = errors.size();
                if (ref.dlqTopic() == null || !ref.dlqTopic().endsWith(".dlq")) {
                    errors.add(new FieldViolation(field + ".dlqTopic", "must name a dead-letter topic (<topic>.dlq)"));
                }
                if (ref.partition() == null || ref.partition() < 0) {
                    errors.add(new FieldViolation(field + ".partition", "must be a partition number (0 or more)"));
                }
                if (ref.offset() == null || ref.offset() < 0) {
                    errors.add(new FieldViolation(field + ".offset", "must be an offset (0 or more)"));
                }
                if (errors.size() == before) {
                    positions.add(new Position(ref.dlqTopic(), ref.partition(), ref.offset()));
                }
            }
        }
        if (!byOffsets && (request.records() == null || request.records().isEmpty())) {
            errors.add(new FieldViolation("records",
                    "select dead letters: dlqTopic + partition + offsets, or records"));
        }
        return positions;
    }
}
