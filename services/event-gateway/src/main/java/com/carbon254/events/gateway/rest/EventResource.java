package com.carbon254.events.gateway.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.events.gateway.mapping.AcceptedBatch;
import com.carbon254.events.gateway.mapping.AcceptedEvent;
import com.carbon254.events.gateway.service.EventIngestion;
import com.carbon254.events.runtime.EventContext;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Event ingestion over HTTP, for producers that do not speak Kafka. An answer of 202 means the broker stored the
 * events (on every in-sync replica); nothing is reported accepted that was not stored. Publishing requires a bearer
 * token (401 without a valid one) with the role the event type's {@code PublishRule} names: {@value Roles#EVENTS_WRITE}
 * for producers' data and system events, {@value Roles#AUDIT_WRITE} for audit and security events; the platform's own
 * facts (dataset lifecycle, Flink aggregates) are never accepted here (403 naming the rule).
 */
@Path("/events")
@RolesAllowed({Roles.EVENTS_WRITE, Roles.AUDIT_WRITE})
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "Events", description = "Publish platform events")
public class EventResource {

    /** Request header naming the flow the events belong to; generated when absent, and echoed in the response. */
    public static final String CORRELATION_ID = "X-Correlation-Id";
    /** Request header naming the event or command that caused the events. */
    public static final String CAUSATION_ID = "X-Causation-Id";

    /** Longest correlation or causation id, as the contracts allow. */
    private static final int MAX_ID_LENGTH = 255;

    @Inject
    EventIngestion ingestion;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/{eventType}")
    @Operation(summary = "Publish one event",
            description = "Validates the event against its contract, fills what the producer may leave out (eventId,"
                    + " timestamp, version, eventType, and the correlation and causation ids from the headers), and"
                    + " answers once the broker stored it. A producer's own eventId is kept, so retries are idempotent"
                    + " for consumers.")
    @RequestBody(required = true, description = "The event as JSON: the fields of its type (see the examples)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "202", description = "Stored by the broker",
            headers = @Header(name = CORRELATION_ID, description = "The flow the event belongs to"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AcceptedEvent.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or the event breaks its contract (every offending field is listed)")
    @APIResponse(responseCode = "403", description = "The event type's publish rule refuses this token (or anyone, "
            + "for the platform's own types); the problem names the rule and the role it requires")
    @APIResponse(responseCode = "404", description = "No such event type (the known ones are listed)")
    @APIResponse(responseCode = "413", description = "The broker refuses an event this large; do not retry it")
    @APIResponse(responseCode = "503", description = "The broker did not store the event in time; retry after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying"))
    public Uni<RestResponse<AcceptedEvent>> publish(
            @Parameter(description = "Event type name, e.g. DataIngestion") @PathParam("eventType") String eventType,
            @Parameter(description = "The flow the event belongs to (used if the event has no correlationId)")
            @HeaderParam(CORRELATION_ID) @Size(max = MAX_ID_LENGTH) String correlationId,
            @Parameter(description = "What caused the event (used if the event has no causationId)")
            @HeaderParam(CAUSATION_ID) @Size(max = MAX_ID_LENGTH) String causationId,
            JsonNode event) {
        EventContext context = contextOf(correlationId, causationId);
        return ingestion.ingest(eventType, event, context, identity)
                .map(stored -> accepted(AcceptedEvent.from(stored), context));
    }

    @POST
    @Path("/{eventType}/batch")
    @Operation(summary = "Publish a batch of events of one type",
            description = "Validates the whole batch first: if any event breaks its contract, the answer lists every"
                    + " violation (paths prefixed by the event's index, e.g. [3].status) and nothing is published."
                    + " Otherwise the events are published in order and the answer comes once the broker stored all"
                    + " of them.")
    // The body as bytes: EventIngestion reads a valid batch straight into records, without a JSON tree.
    @RequestBody(required = true, description = "A JSON array of events of the type",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "202", description = "Every event stored by the broker",
            headers = @Header(name = CORRELATION_ID, description = "The flow the events belong to"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AcceptedBatch.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or events that break their contract; nothing was published")
    @APIResponse(responseCode = "403", description = "The event type's publish rule refuses this token")
    @APIResponse(responseCode = "404", description = "No such event type")
    @APIResponse(responseCode = "413", description = "More events than carbon254.gateway.max-batch-size, or an event "
            + "the broker refuses for its size")
    @APIResponse(responseCode = "503", description = "The broker did not store the events in time; retry after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying"))
    public Uni<RestResponse<AcceptedBatch>> publishBatch(
            @Parameter(description = "Event type name of every event of the batch") @PathParam("eventType") String eventType,
            @HeaderParam(CORRELATION_ID) @Size(max = MAX_ID_LENGTH) String correlationId,
            @HeaderParam(CAUSATION_ID) @Size(max = MAX_ID_LENGTH) String causationId,
            byte[] events) {
        EventContext context = contextOf(correlationId, causationId);
        return ingestion.ingestBatch(eventType, events, context, identity)
                .map(stored -> accepted(AcceptedBatch.from(stored), context));
    }

    /** The request's flow: the client's correlation id, or a new one, so every accepted event belongs to a flow. */
    private static EventContext contextOf(String correlationId, String causationId) {
        String flow = correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId;
        return new EventContext(flow, causationId == null || causationId.isBlank() ? null : causationId);
    }

    private static <T> RestResponse<T> accepted(T body, EventContext context) {
        return RestResponse.ResponseBuilder.<T>create(Response.Status.ACCEPTED, body)
                .header(CORRELATION_ID, context.correlationId())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
