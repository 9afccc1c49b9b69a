package com.carbon254.api.runtime.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.carbon254.events.runtime.json.FieldViolation;

/**
 * Answers the current request with a problem: thrown (or failed with, in a Mutiny pipeline) by a resource or a service,
 * written by {@link ProblemMappers} as an {@code application/problem+json} body. The one way a platform API reports a
 * failure it knows; its field errors, extension members and response headers travel with it.
 */
public class ProblemException extends RuntimeException {

    private final transient ProblemType type;
    private final transient List<FieldViolation> errors;
    private final transient Map<String, Object> extensions;
    private final transient Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null, Map.of(), Map.of());
    }

    private ProblemException(ProblemType type, String detail, List<FieldViolation> errors,
                             Map<String, Object> extensions, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors == null ? null : List.copyOf(errors);
        this.extensions = extensions;
        this.headers = headers;
    }

    /** 400 listing every invalid field or parameter in {@code errors}, so a client fixes them all in one go. */
    public static ProblemException invalid(List<FieldViolation> errors) {
        String detail = errors.size() == 1 ? errors.get(0).toString() : errors.size() + " invalid fields";
        return new ProblemException(ProblemType.INVALID_REQUEST, detail, errors, Map.of(), Map.of());
    }

    /** 400 for one invalid field or parameter. */
    public static ProblemException invalid(String field, String problem) {
        return invalid(List.of(new FieldViolation(field, problem)));
    }

    /** The same problem listing {@code violations} in {@code errors}. */
    public ProblemException withErrors(List<FieldViolation> violations) {
        return new ProblemException(type, getMessage(), violations, extensions, headers);
    }

    /** The same problem with one more extension member (left out when {@code value} is null). */
    public ProblemException with(String member, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new ProblemException(type, getMessage(), errors, more, headers);
    }

    /** The same problem answered with one more response header (e.g. {@code Retry-After}). */
    public ProblemException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ProblemException(type, getMessage(), errors, extensions, more);
    }

    public ProblemType type() {
        return type;
    }

    /** The body about the request at {@code instance}. */
    public Problem problem(String instance) {
        Problem problem = type.problem(getMessage(), instance);
        if (errors != null) {
            problem = problem.withErrors(errors);
        }
        for (Map.Entry<String, Object> extension : extensions.entrySet()) {
            problem = problem.with(extension.getKey(), extension.getValue());
        }
        return problem;
    }

    /** Response headers to send with the problem. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The response: the problem about the request at {@code instance}, its status and headers. */
    public Response toResponse(String instance) {
        Response.ResponseBuilder response = Response.fromResponse(problem(instance).toResponse());
        headers.forEach(response::header);
        return response.build();
    }
}
