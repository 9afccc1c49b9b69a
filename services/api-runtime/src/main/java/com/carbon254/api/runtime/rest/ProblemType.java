package com.carbon254.api.runtime.rest;

/**
 * A kind of problem an API reports: its type URI ({@value Problem#TYPE_PREFIX}{@code <slug>}), title and status. Each
 * service declares its own as constants; api-runtime declares those every API shares.
 *
 * <pre>{@code
 * static final ProblemType BATCH_TOO_LARGE = new ProblemType("batch-too-large", "Batch too large", 413);
 * throw BATCH_TOO_LARGE.exception("The batch holds 1200 events; at most 1000 are accepted per request");
 * }</pre>
 *
 * @param slug   the last part of the type URI, e.g. {@code invalid-request}
 * @param title  short summary of the kind of problem
 * @param status the HTTP status
 */
public record ProblemType(String slug, String title, int status) {

    /** Parameters or a body that break their constraints; {@code errors} lists every offending field. */
    public static final ProblemType INVALID_REQUEST = new ProblemType("invalid-request", "Invalid request", 400);
    /** A body that is not JSON at all. */
    public static final ProblemType MALFORMED_JSON = new ProblemType("malformed-json", "Malformed JSON", 400);
    /** No valid bearer token. */
    public static final ProblemType UNAUTHENTICATED = new ProblemType("unauthenticated", "Unauthorized", 401);
    /** The token lacks what the operation requires. */
    public static final ProblemType FORBIDDEN = new ProblemType("forbidden", "Forbidden", 403);
    /** A server the operation needs (the database) cannot be reached now; nothing was applied, retry later. */
    public static final ProblemType DEPENDENCY_UNAVAILABLE = new ProblemType("dependency-unavailable",
            "Service unavailable", 503);
    /** A failure the server did not expect; the body's {@code errorId} names it in the service's log. */
    public static final ProblemType INTERNAL_ERROR = new ProblemType("internal-error", "Internal server error", 500);

    /** The type URI, e.g. {@code urn:carbon254:problem:invalid-request}. */
    public String uri() {
        return Problem.TYPE_PREFIX + slug;
    }

    /** A problem of this type about one request. */
    public Problem problem(String detail, String instance) {
        return Problem.of(uri(), title, status, detail, instance);
    }

    /** The exception that answers a request with a problem of this type. */
    public ProblemException exception(String detail) {
        return new ProblemException(this, detail);
    }
}
