package com.carbon254.events.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.carbon254.events.runtime.json.FieldViolation;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}), with this API's extension members.
 *
 * @param type            URI identifying the kind of problem
 * @param title           short summary of that kind of problem
 * @param status          the HTTP status
 * @param detail          what went wrong with this request
 * @param instance        the request path
 * @param errors          for invalid events: every offending field and its problem
 * @param knownEventTypes for an unknown event type: the ones that exist
 * @param eventIds        for events that could not be stored: their ids, to retry with (consumers de-duplicate by id)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(examples = "urn:carbon254:problem:invalid-event") String type,
        @Schema(examples = "Invalid event") String title,
        @Schema(examples = "400") int status,
        String detail,
        @Schema(examples = "/events/DataIngestion") String instance,
        List<FieldViolation> errors,
        List<String> knownEventTypes,
        List<String> eventIds) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, null, null, null);
    }

    Problem withErrors(List<FieldViolation> violations) {
        return new Problem(type, title, status, detail, instance, violations, knownEventTypes, eventIds);
    }

    Problem withKnownEventTypes(List<String> known) {
        return new Problem(type, title, status, detail, instance, errors, known, eventIds);
    }

    Problem withEventIds(List<String> ids) {
        return new Problem(type, title, status, detail, instance, errors, knownEventTypes, ids);
    }
}
