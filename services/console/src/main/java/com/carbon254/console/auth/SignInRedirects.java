package com.carbon254.console.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.rest.ProblemMappers;
import com.carbon254.console.web.ErrorPages;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * A browser (a request that accepts HTML) without valid credentials is sent to the sign-in page and back; one whose
 * token lacks the role sees a page that says which. Scripts (anything else) get the APIs' problem bodies. Ahead of
 * api-runtime's mappers of the same exceptions.
 */
public class SignInRedirects {

    private static final int BEFORE_API_RUNTIME = Priorities.USER - 100;

    @ServerExceptionMapper(priority = BEFORE_API_RUNTIME)
    public Response noCredentials(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
        return signIn(headers, uri, null, "A bearer token is required (Authorization: Bearer <JWT>)");
    }

    @ServerExceptionMapper(priority = BEFORE_API_RUNTIME)
    public Response badCredentials(AuthenticationFailedException e, HttpHeaders headers, UriInfo uri) {
        return signIn(headers, uri, "Your token is no longer valid: sign in again.",
                "The bearer token is not valid (unknown signer, wrong issuer, expired or malformed)");
    }

    @ServerExceptionMapper(priority = BEFORE_API_RUNTIME)
    public Response missingRole(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
        if (!wantsHtml(headers)) {
            return Problem.of(ProblemMappers.FORBIDDEN, "Forbidden", 403,
                    "The token does not hold a role this operation requires", Problem.instanceOf(uri)).toResponse();
        }
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE)
                .entity(ErrorPages.Templates.error(403, "Not allowed",
                        "Your token does not hold the role this page needs (platform:admin for audit, dead letters "
                                + "and rebuilds; datasets:read for the rest).")).build();
    }

    private static Response signIn(HttpHeaders headers, UriInfo uri, String error, String problem) {
        if (!wantsHtml(headers)) {
            return Response.fromResponse(Problem.of(ProblemMappers.UNAUTHENTICATED, "Unauthorized", 401, problem,
                    Problem.instanceOf(uri)).toResponse()).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        String next = uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        String location = "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)
                + (error == null ? "" : "&error=" + URLEncoder.encode(error, StandardCharsets.UTF_8));
        return Response.seeOther(URI.create(location)).build();
    }

    private static boolean wantsHtml(HttpHeaders headers) {
        List<MediaType> accepted = headers.getAcceptableMediaTypes();
        return accepted.stream().anyMatch(t -> t.isCompatible(MediaType.TEXT_HTML_TYPE) && !t.isWildcardType());
    }
}
