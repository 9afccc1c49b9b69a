package com.carbon254.api.runtime.rest;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.carbon254.api.runtime.audit.ApiCallAudit;
import com.carbon254.events.runtime.json.FieldViolation;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * The one place a platform API turns a failure into an RFC 9457 problem body ({@code application/problem+json}):
 * <ul>
 *   <li>a {@link ProblemException}, however a resource or service raised it (its type, field errors, extension members
 *       and headers);</li>
 *   <li>Bean Validation of parameters and bodies: 400 listing every violation in {@code errors}, by parameter name or
 *       body path ({@code columns[0].name});</li>
 *   <li>a body that is not JSON (400, {@code malformed-json}) or JSON of the wrong shape: a wrong type, an unknown enum
 *       symbol, an unknown field (refused, like the gateway refuses unknown event fields), a NUL character;</li>
 *   <li>refused credentials (401 with {@code WWW-Authenticate: Bearer}), a missing role (403);</li>
 *   <li>any other HTTP error the framework raises (unknown path, wrong method or media type) keeps its status;</li>
 *   <li>a database that cannot be reached, is restarting or shutting down: 503 with {@code Retry-After}, not 500 (the
 *       request was not applied; the client retries, as it would after any other 503);</li>
 *   <li>anything else: 500 with an {@code errorId} that the service's log names beside the stack trace.</li>
 * </ul>
 * A 401 or 403 also tells the call's audit why it was refused ({@link ApiCallAudit}, its {@code Security} event).
 */
public class ProblemMappers {

    /** Problem type of a request without a valid bearer token. */
    public static final String UNAUTHENTICATED = ProblemType.UNAUTHENTICATED.uri();
    /** Problem type of a request whose token lacks the role the endpoint requires. */
    public static final String FORBIDDEN = ProblemType.FORBIDDEN.uri();
    /** Problem type of a body that is not valid JSON. */
    public static final String MALFORMED_JSON = ProblemType.MALFORMED_JSON.uri();

    /** What a 503 for an unavailable database asks the client to wait: about what a PostgreSQL restart takes. */
    private static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    CurrentVertxRequest request;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        int status = e.type().status();
        if (status == 401 || status == 403) {
            refused(e.getMessage());
        }
        return e.toResponse(Problem.instanceOf(uri));
    }

    /** Bean Validation of the parameters and the body of a request. */
    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, UriInfo uri) {
        List<FieldViolation> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new FieldViolation(field(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::problem));
        return problem(ProblemException.invalid(errors), uri);
    }

    /** A body that is JSON but not of the expected shape: wrong type, unknown enum symbol, unknown field, NUL. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return problem(ProblemException.invalid(jsonPath(e), mismatch(e)), uri);
    }

    /** A body that is not JSON at all. */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return malformedJson((JacksonException) e, uri);
    }

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
        return problem(ProblemType.FORBIDDEN.exception("The token does not hold a role this operation requires"), uri);
    }

    /**
     * Other HTTP errors thrown by the framework keep their status and get a problem body like everything else; a body
     * that is not JSON is a 400 naming the parse error, and a query or path parameter the framework could not convert
     * (which JAX-RS reports as 404) is a 400.
     */
    @ServerExceptionMapper
    public Response httpError(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JacksonException json) {
            return malformedJson(json, uri);
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            return problem(ProblemType.INVALID_REQUEST.exception("A parameter cannot be read: "
                    + e.getCause().getMessage()), uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String title = status.getReasonPhrase() == null ? "HTTP " + status.getStatusCode() : status.getReasonPhrase();
        return Problem.of(null, title, status.getStatusCode(), e.getMessage(), Problem.instanceOf(uri)).toResponse();
    }

    /**
     * Whatever no mapper above names. A dependency that is down or restarting is a 503 however deeply the failure that
     * says so is wrapped (Hibernate Reactive, a {@code CompletionException}, a pool's own exception); anything else is a
     * 500 whose body carries an error id, logged here with the request and the stack trace, so that an operator can
     * find the cause of any 500 a client reports.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String unavailable = unavailableDependency(e);
        if (unavailable != null) {
            return problem(ProblemType.DEPENDENCY_UNAVAILABLE.exception(unavailable + "; nothing was applied, retry later")
                    .withHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)), uri);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "%s %s failed with an unexpected error, error id %s", method(), Problem.instanceOf(uri), errorId);
        return problem(ProblemType.INTERNAL_ERROR.exception("The server failed to answer this request; its log holds "
                + "the cause under error id " + errorId).with("errorId", errorId), uri);
    }

    /**
     * What makes {@code failure} a matter of an unavailable dependency, or null: somewhere in its causes the database
     * refused the connection or is not accepting connections yet (SQLSTATE class 08, and 57P01–57P03: shut down,
     * crashed, starting up), a connection to it was closed under the request, or a server refused the connection. Any
     * other database error is not about availability.
     */
    static String unavailableDependency(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DatabaseException database) {
                String state = database.getSqlState() == null ? "" : database.getSqlState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return "The database is not available (" + database.getMessage() + ")";
                }
            } else if (cause instanceof ClosedConnectionException) {
                return "The connection to the database was closed";
            } else if (cause instanceof ConnectException) {
                return "A server this operation needs cannot be reached (" + cause.getMessage() + ")";
            }
        }
        return null;
    }

    private String method() {
        return request.getCurrent() == null ? "A request" : request.getCurrent().request().method().name();
    }

    private Response malformedJson(JacksonException e, UriInfo uri) {
        String problem = "is not valid JSON: " + e.getOriginalMessage();
        return problem(ProblemType.MALFORMED_JSON.exception("The body " + problem)
                .withErrors(List.of(new FieldViolation("body", problem))), uri);
    }

    private Response unauthenticated(String detail, String challenge, UriInfo uri) {
        return Response.fromResponse(problem(ProblemType.UNAUTHENTICATED.exception(detail), uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    /** Tells the audit of this call why it was refused (its Security event carries the reason). */
    private void refused(String reason) {
        if (request.getCurrent() != null) {
            request.getCurrent().put(ApiCallAudit.REFUSAL_REASON, reason);
        }
    }

    /**
     * The client's view of a violation's location: {@code columns[0].name} in the body, or the parameter's name for a
     * query, path or header parameter; "body" for a missing body.
     */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.RETURN_VALUE
                    || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (kind == ElementKind.CONTAINER_ELEMENT || kind == ElementKind.BEAN || node.getName() == null) {
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        if (!field.isEmpty()) {
            return field.toString();
        }
        return parameter == null || parameter.equals("request") ? "body" : parameter;
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                String name = reference.getFieldName();
                field.append(name.length() > 60 ? name.substring(0, 57) + "..." : name.replace("\0", "\\0"));
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String mismatch(MismatchedInputException e) {
        if (e instanceof StorableText.UnstorableTextException) {
            return StorableText.PROBLEM;
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "must be one of " + Arrays.toString(invalid.getTargetType().getEnumConstants());
        }
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a field of this resource (unknown fields are refused)";
        }
        Class<?> target = e.getTargetType();
        return target == null ? "has the wrong type" : "must be " + describe(target);
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
