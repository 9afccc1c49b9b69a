package com.carbon254.api.runtime.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.carbon254.events.runtime.json.FieldViolation;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem details body ({@value #MEDIA_TYPE}), the one error format of every platform API: the standard
 * members, the field-level {@code errors} of a bad request, and the extension members of a problem type (written as
 * top-level members, e.g. {@code knownEventTypes}, {@code currentVersion}).
 *
 * @param type       URI identifying the kind of problem ({@value #ABOUT_BLANK} when it is only its HTTP status)
 * @param title      short summary of that kind of problem
 * @param status     the HTTP status
 * @param detail     what went wrong with this request
 * @param instance   the request path
 * @param errors     for invalid input: every offending field and its problem; null otherwise
 * @param extensions the problem type's extension members; empty if none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json). A problem type may add "
        + "extension members, documented with the operation.")
public record Problem(
        @Schema(examples = "urn:carbon254:problem:invalid-event") String type,
        @Schema(examples = "Invalid event") String title,
        @Schema(examples = "400") int status,
        @Schema(examples = "2 fields are invalid") String detail,
        @Schema(examples = "/events/DataIngestion") String instance,
        @Schema(description = "For invalid input: every offending field and its problem") List<FieldViolation> errors,
        @JsonIgnore @Schema(hidden = true) Map<String, Object> extensions) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The type of a problem that is no more than its HTTP status. */
    public static final String ABOUT_BLANK = "about:blank";
    /** Prefix of the platform's problem type URIs. */
    public static final String TYPE_PREFIX = "urn:carbon254:problem:";

    public Problem {
        extensions = extensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A problem with the standard members only; {@code type} {@value #ABOUT_BLANK} when null. */
    public static Problem of(String type, String title, int status, String detail, String instance) {
        return new Problem(type == null ? ABOUT_BLANK : type, title, status, detail, instance, null, Map.of());
    }

    /** The same problem listing {@code violations} in {@code errors}. */
    public Problem withErrors(List<FieldViolation> violations) {
        return new Problem(type, title, status, detail, instance, List.copyOf(violations), extensions);
    }

    /** The same problem with one more extension member (left out of the body when {@code value} is null). */
    public Problem with(String member, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, instance, errors, more);
    }

    /** The extension members, written beside the standard ones. */
    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }

    /** The response carrying this problem: its status, {@value #MEDIA_TYPE}. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** The {@code instance} of a problem about the current request: its path. */
    public static String instanceOf(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
