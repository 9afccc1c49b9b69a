package com.carbon254.query.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.carbon254.query.service.ProblemException;

/** Turns {@link ProblemException}s (and unreadable parameters) into RFC 9457 {@code application/problem+json}. */
public class ProblemMapper {

    public static final String PROBLEM_JSON = "application/problem+json";

    @Context
    UriInfo uriInfo;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", e.title());
        body.put("status", e.status());
        body.put("detail", e.getMessage());
        body.put("instance", uriInfo == null ? null : uriInfo.getRequestUri().getRawPath());
        body.putAll(e.extensions());
        return Response.status(e.status()).type(PROBLEM_JSON).entity(body).build();
    }

    @ServerExceptionMapper
    public Response badParameter(jakarta.ws.rs.NotFoundException e) {
        // RESTEasy reports an unparseable query parameter (e.g. minVersion=abc) as 404: it is a bad request.
        if (e.getCause() != null) {
            return problem(ProblemException.badRequest("invalid parameter: " + e.getCause().getMessage()));
        }
        return problem(new ProblemException(404, "Not found", "no such resource"));
    }
}
