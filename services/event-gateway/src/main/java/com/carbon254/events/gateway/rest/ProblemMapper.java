package com.carbon254.events.gateway.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.carbon254.events.gateway.config.GatewayConfig;
import com.carbon254.events.gateway.service.BatchTooLargeException;
import com.carbon254.events.gateway.service.UnknownEventTypeException;
import com.carbon254.events.runtime.EventPublishException;
import com.carbon254.events.runtime.json.EventValidationException;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Turns the ways a request can fail into RFC 9457 problem responses, each with what the client can do about it. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Inject
    GatewayConfig config;

    @ServerExceptionMapper
    public Response invalidEvent(EventValidationException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.INVALID_EVENT, e.getMessage(), path(uri)).withErrors(e.violations()));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.MALFORMED_JSON, "The body is not valid JSON: " + e.getOriginalMessage(),
                path(uri)));
    }

    /**
     * The other HTTP errors (a body that is not JSON, an unsupported media type, an unknown path) as problems too, so
     * that a client parses one error format.
     */
    @ServerExceptionMapper
    public Response httpError(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        Problem problem = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), e.getMessage(),
                path(uri), null, null, null);
        return respond(problem);
    }

    @ServerExceptionMapper
    public Response unknownEventType(UnknownEventTypeException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.UNKNOWN_EVENT_TYPE, e.getMessage() + "; see knownEventTypes", path(uri))
                .withKnownEventTypes(e.knownEventTypes()));
    }

    @ServerExceptionMapper
    public Response batchTooLarge(BatchTooLargeException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.BATCH_TOO_LARGE, e.getMessage() + "; split it into smaller batches",
                path(uri)));
    }

    @ServerExceptionMapper
    public Response notStored(EventPublishException e, UriInfo uri) {
        if (!e.retryable()) {
            LOG.errorf(e, "Valid events could not be serialized for the broker (registry schemas out of date?)");
            return respond(Problem.of(ProblemType.EVENT_NOT_STORABLE, e.getMessage(), path(uri))
                    .withEventIds(e.eventIds()));
        }
        Problem problem = Problem.of(ProblemType.BROKER_UNAVAILABLE, e.getMessage()
                        + ". None of the events is confirmed; retry later with the same eventIds (consumers de-duplicate"
                        + " by eventId).", path(uri))
                .withEventIds(e.eventIds());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, config.retryAfter().toSeconds())))
                .build();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri.getRequestUri().getRawPath();
    }
}
