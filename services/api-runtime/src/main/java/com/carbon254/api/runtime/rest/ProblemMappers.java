package com.carbon254.api.runtime.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.carbon254.api.runtime.audit.ApiCallAudit;
import com.carbon254.events.runtime.json.FieldViolation;
import com.fasterxml.jackson.core.JacksonException;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/**
 * The failures every API shares, as problem bodies: refused credentials (401 with {@code WWW-Authenticate: Bearer}),
 * a missing role (403), a body that is not JSON, and any other HTTP error the framework raises (unknown path, wrong
 * method or media type). A service maps its own exceptions in its own mapper class.
 */
public class ProblemMappers {

    /** Problem type of a request without a valid bearer token. */
    public static final String UNAUTHENTICATED = Problem.TYPE_PREFIX + "unauthenticated";
    /** Problem type of a request whose token lacks the role the endpoint requires. */
    public static final String FORBIDDEN = Problem.TYPE_PREFIX + "forbidden";
    /** Problem type of a body that is not valid JSON. */
    public static final String MALFORMED_JSON = Problem.TYPE_PREFIX + "malformed-json";

    @Inject
    CurrentVertxRequest request;

    @ServerExceptionMapper
    public Response noCredentials(UnauthorizedException e, UriInfo uri) {
        return unauthenticated("A bearer token is required (Authorization: Bearer <JWT>)", "Bearer", uri);
    }

    @ServerExceptionMapper
    public Response badCredentials(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated("The bearer token is not valid (unknown signer, wrong issuer, expired or malformed)",
                "Bearer error=\"invalid_token\"", uri);
    }

    @ServerExceptionMapper
    public Response incompleteAuthentication(AuthenticationCompletionException e, UriInfo uri) {
        return unauthenticated("The bearer token could not be verified", "Bearer error=\"invalid_token\"", uri);
    }

    @ServerExceptionMapper
    public Response missingRole(ForbiddenException e, UriInfo uri) {
        String detail = "The token does not hold a role this operation requires";
        refused(detail);
        return Problem.of(FORBIDDEN, "Forbidden", 403, detail, Problem.instanceOf(uri)).toResponse();
    }

    /**
     * Other HTTP errors thrown by the framework keep their status and get a problem body like everything else; a body
     * that is not JSON is a 400 naming the parse error.
     */
    @ServerExceptionMapper
    public Response httpError(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JacksonException json) {
            return malformedJson(json, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String title = status.getReasonPhrase() == null ? "HTTP " + status.getStatusCode() : status.getReasonPhrase();
        return Problem.of(null, title, status.getStatusCode(), e.getMessage(), Problem.instanceOf(uri)).toResponse();
    }

    /** A body that is not JSON at all (a JSON body of the wrong shape is the service's validation problem). */
    public static Response malformedJson(JacksonException e, UriInfo uri) {
        String problem = "is not valid JSON: " + e.getOriginalMessage();
        return Problem.of(MALFORMED_JSON, "Malformed JSON", 400, "The body " + problem, Problem.instanceOf(uri))
                .withErrors(List.of(new FieldViolation("body", problem)))
                .toResponse();
    }

    private Response unauthenticated(String detail, String challenge, UriInfo uri) {
        refused(detail);
        return Response.fromResponse(Problem.of(UNAUTHENTICATED, "Unauthorized", 401, detail, Problem.instanceOf(uri))
                        .toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    /** Tells the audit of this call why it was refused (its Security event carries the reason). */
    private void refused(String reason) {
        if (request.getCurrent() != null) {
            request.getCurrent().put(ApiCallAudit.REFUSAL_REASON, reason);
        }
    }
}
