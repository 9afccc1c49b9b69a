package com.carbon254.events.gateway.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.rest.ProblemMappers;
import com.carbon254.events.gateway.config.GatewayConfig;
import com.carbon254.events.gateway.service.BatchTooLargeException;
import com.carbon254.events.gateway.service.UnknownEventTypeException;
import com.carbon254.events.runtime.EventPublishException;
import com.carbon254.events.runtime.json.EventValidationException;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Turns the ways an ingestion request can fail into RFC 9457 problem responses, each with what the client can do about
 * it. The failures every API shares (401, 403, other HTTP errors, a body that is not JSON) are api-runtime's
 * {@link ProblemMappers}.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Inject
    GatewayConfig config;

    @ServerExceptionMapper
    public Response invalidEvent(EventValidationException e, UriInfo uri) {
        return respond(problem(ProblemType.INVALID_EVENT, e.getMessage(), path(uri)).withErrors(e.violations()));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return ProblemMappers.malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unknownEventType(UnknownEventTypeException e, UriInfo uri) {
        return respond(problem(ProblemType.UNKNOWN_EVENT_TYPE, e.getMessage() + "; see knownEventTypes", path(uri))
                .with("knownEventTypes", e.knownEventTypes()));
    }

    @ServerExceptionMapper
    public Response batchTooLarge(BatchTooLargeException e, UriInfo uri) {
        return respond(problem(ProblemType.BATCH_TOO_LARGE, e.getMessage() + "; split it into smaller batches",
                path(uri)));
    }

    @ServerExceptionMapper
    public Response notStored(EventPublishException e, UriInfo uri) {
        if (!e.retryable()) {
            LOG.errorf(e, "Valid events could not be serialized for the broker (registry schemas out of date?)");
            return respond(problem(ProblemType.EVENT_NOT_STORABLE, e.getMessage(), path(uri))
                    .with("eventIds", e.eventIds()));
        }
        Problem problem = problem(ProblemType.BROKER_UNAVAILABLE, e.getMessage()
                        + ". None of the events is confirmed; retry later with the same eventIds (consumers de-duplicate"
                        + " by eventId).", path(uri))
                .with("eventIds", e.eventIds());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, config.retryAfter().toSeconds())))
                .build();
    }

    private static Response respond(Problem problem) {
        return problem.toResponse();
    }

    private static String path(UriInfo uri) {
        return Problem.instanceOf(uri);
    }

    private static Problem problem(ProblemType type, String detail, String instance) {
        return Problem.of(type.uri(), type.title(), type.status(), detail, instance);
    }
}
