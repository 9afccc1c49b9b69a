package com.carbon254.dataset.command.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}), with the extension members this API uses.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details.")
public record Problem(
        @Schema(description = "Problem type URI.", example = "urn:254carbon:problem:validation") String type,
        @Schema(description = "Short summary of the problem type.", example = "Invalid request") String title,
        @Schema(description = "HTTP status.", example = "400") int status,
        @Schema(description = "What went wrong in this occurrence.", example = "2 fields are invalid") String detail,
        @Schema(description = "The request path.", example = "/datasets") String instance,
        @Schema(description = "Validation errors, one per invalid field (400 only).") List<FieldError> errors,
        @Schema(description = "The dataset concerned (404, 409).", example = "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10")
        String datasetId,
        @Schema(description = "The dataset's current version (409 on a stale version).", example = "3")
        Long currentVersion,
        @Schema(description = "The version the client expected (409 on a stale version).", example = "2")
        Long expectedVersion) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_PREFIX = "urn:254carbon:problem:";
    public static final String VALIDATION = TYPE_PREFIX + "validation";
    public static final String NOT_FOUND = TYPE_PREFIX + "dataset-not-found";
    public static final String VERSION_CONFLICT = TYPE_PREFIX + "version-conflict";
    public static final String DUPLICATE_NAME = TYPE_PREFIX + "duplicate-name";
    public static final String PRECONDITION_REQUIRED = TYPE_PREFIX + "precondition-required";

    /** A problem with only the standard members; {@code type} "about:blank" when null. */
    public static Problem of(String type, String title, int status, String detail, String instance) {
        return new Problem(type == null ? "about:blank" : type, title, status, detail, instance, null, null, null, null);
    }

    /**
     * One invalid input.
     *
     * @param field   where: a JSON path into the body ({@code columns[2].name}) or a header / parameter name
     * @param problem what is wrong with it
     */
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(example = "columns[0].name") String field,
            @Schema(example = "must not be blank") String problem) {
    }
}
