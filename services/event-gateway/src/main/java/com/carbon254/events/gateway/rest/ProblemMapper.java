package com.carbon254.events.gateway.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.events.gateway.config.GatewayConfig;
import com.carbon254.events.gateway.service.GatewayProblems;
import com.carbon254.events.runtime.EventPublishException;
import com.carbon254.events.runtime.json.EventValidationException;

/**
 * The event runtime's failures as the gateway's problems ({@link GatewayProblems}), each with what the client can do
 * about it. Everything else (the gateway's own {@code ProblemException}s, 401, 403, malformed JSON, validation of
 * parameters, other HTTP errors) is api-runtime's one mechanism ({@code ProblemMappers}).
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Inject
    GatewayConfig config;

    @ServerExceptionMapper
    public Response invalidEvent(EventValidationException e, UriInfo uri) {
        return GatewayProblems.INVALID_EVENT.exception(e.getMessage()).withErrors(e.violations())
                .toResponse(Problem.instanceOf(uri));
    }

    @ServerExceptionMapper
    public Response notStored(EventPublishException e, UriInfo uri) {
        ProblemException problem;
        if (e.tooLarge()) {
            problem = GatewayProblems.EVENT_TOO_LARGE.exception(e.getMessage() + ". The broker refuses events this"
                    + " large: retrying cannot succeed; send less data per event");
        } else if (!e.retryable()) {
            LOG.errorf(e, "Valid events could not be serialized for the broker (registry schemas out of date?)");
            problem = GatewayProblems.EVENT_NOT_STORABLE.exception(e.getMessage());
        } else {
            problem = GatewayProblems.BROKER_UNAVAILABLE.exception(e.getMessage() + ". None of the events is"
                            + " confirmed; retry later with the same eventIds (consumers de-duplicate by eventId).")
                    .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, config.retryAfter().toSeconds())));
        }
        return problem.with("eventIds", e.eventIds()).toResponse(Problem.instanceOf(uri));
    }
}
