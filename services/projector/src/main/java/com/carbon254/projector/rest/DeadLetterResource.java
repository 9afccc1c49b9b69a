package com.carbon254.projector.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.carbon254.projector.repository.DeadLetterStore.Position;
import com.carbon254.projector.service.DeadLetterRedriveService;

import io.smallrye.mutiny.Uni;

/** Administration of dead letters: re-drive selected ones to their original topic (browsing is the query API's). */
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dead-letter admin")
public class DeadLetterResource {

    @Inject
    DeadLetterRedriveService redrives;

    @Inject
    AdminActor actor;

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
                    + "publishes an AdminOperation audit event. All or nothing: one unknown or already re-driven "
                    + "record (without force) re-drives none.")
    @Parameter(name = AdminActor.HEADER, in = ParameterIn.HEADER, description = "Who re-drives (default: unknown)")
    @APIResponse(responseCode = "200", description = "Re-driven: where each copy landed")
    @APIResponse(responseCode = "400", description = "Invalid selection (problem with field errors)")
    @APIResponse(responseCode = "404", description = "A selected dead letter does not exist")
    @APIResponse(responseCode = "409", description = "A selected dead letter was re-driven before and force is not set")
    public Uni<Response> redrive(RedriveRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        List<Position> positions = positions(request, errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(Problems.invalidFields(errors));
        }
        String who = actor.name();
        return redrives.redrive(positions, Boolean.TRUE.equals(request.force()), who)
                .map(done -> Response.ok(new RedriveResult(done.stream().map(r -> new RedrivenRecord(r.dlqTopic(),
                        r.dlqPartition(), r.dlqOffset(), r.topic(), r.partition(), r.offset())).toList())).build())
                .onFailure(DeadLetterRedriveService.UnknownDeadLettersException.class)
                .recoverWithItem(e -> Problems.response(404, "Dead letter not found", e.getMessage()))
                .onFailure(DeadLetterRedriveService.AlreadyRedrivenException.class)
                .recoverWithItem(e -> Problems.response(409, "Already re-driven", e.getMessage()));
    }

    private static List<Position> positions(RedriveRequest request, List<Map<String, String>> errors) {
        List<Position> positions = new ArrayList<>();
        if (request == null) {
            errors.add(Problems.fieldError("body", "a JSON body selecting dead letters is required"));
            return positions;
        }
        boolean byOffsets = request.dlqTopic() != null || request.partition() != null || request.offsets() != null;
        if (byOffsets) {
            if (request.dlqTopic() == null || !request.dlqTopic().endsWith(".dlq")) {
                errors.add(Problems.fieldError("dlqTopic", "must name a dead-letter topic (<topic>.dlq)"));
            }
            if (request.partition() == null || request.partition() < 0) {
                errors.add(Problems.fieldError("partition", "must be a partition number (0 or more)"));
            }
            if (request.offsets() == null || request.offsets().isEmpty()) {
                errors.add(Problems.fieldError("offsets", "must list at least one offset"));
            } else {
                for (int i = 0; i < request.offsets().size(); i++) {
                    Long offset = request.offsets().get(i);
                    if (offset == null || offset < 0) {
                        errors.add(Problems.fieldError("offsets[" + i + "]", "must be an offset (0 or more)"));
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
                    errors.add(Problems.fieldError(field, "must not be null"));
                    continue;
                }
                int before = errors.size();
                if (ref.dlqTopic() == null || !ref.dlqTopic().endsWith(".dlq")) {
                    errors.add(Problems.fieldError(field + ".dlqTopic", "must name a dead-letter topic (<topic>.dlq)"));
                }
                if (ref.partition() == null || ref.partition() < 0) {
                    errors.add(Problems.fieldError(field + ".partition", "must be a partition number (0 or more)"));
                }
                if (ref.offset() == null || ref.offset() < 0) {
                    errors.add(Problems.fieldError(field + ".offset", "must be an offset (0 or more)"));
                }
                if (errors.size() == before) {
                    positions.add(new Position(ref.dlqTopic(), ref.partition(), ref.offset()));
                }
            }
        }
        if (!byOffsets && (request.records() == null || request.records().isEmpty())) {
            errors.add(Problems.fieldError("records", "select dead letters: dlqTopic + partition + offsets, or records"));
        }
        return positions;
    }
}
