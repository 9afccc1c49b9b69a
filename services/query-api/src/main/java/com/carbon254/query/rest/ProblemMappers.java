package com.carbon254.query.rest;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.query.service.ProblemException;

/**
 * The query API's own errors as api-runtime {@link Problem} bodies ({@code application/problem+json}): every
 * {@link ProblemException} (400 with the invalid parameters in {@code errors}, 404, 409, 503, 504 with their extension
 * members) and a query parameter the framework could not convert. The failures every API shares (401, 403, other HTTP
 * errors) are api-runtime's {@code ProblemMappers}.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Problem problem = Problem.of(null, e.title(), e.status(), e.getMessage(), Problem.instanceOf(uri));
        if (e.errors() != null) {
            problem = problem.withErrors(e.errors());
        }
        for (var extension : e.extensions().entrySet()) {
            problem = problem.with(extension.getKey(), extension.getValue());
        }
        return problem.toResponse();
    }

    /** RESTEasy reports a query parameter it cannot convert (e.g. minVersion=abc) as 404: it is a bad request. */
    @ServerExceptionMapper
    public Response unconvertibleParameter(NotFoundException e, UriInfo uri) {
        if (e.getCause() != null) {
            return problem(ProblemException.badRequest("invalid parameter: " + e.getCause().getMessage()), uri);
        }
        return Problem.of(null, "Not found", 404, "no such resource", Problem.instanceOf(uri)).toResponse();
    }
}
