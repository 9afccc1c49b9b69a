package com.carbon254.query.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.carbon254.events.runtime.json.FieldViolation;

/**
 * A request the query API answers with an RFC 9457 problem (api-runtime's {@code Problem}, written by
 * {@code rest.ProblemMappers}): status, title, detail, the invalid parameters of a 400, and extension members such as
 * the version the read model shows when a wait for a version timed out. Thrown by the services and the resources.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldViolation> errors;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String title, String detail, Map<String, Object> extensions) {
        this(status, title, detail, null, extensions);
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null, Map.of());
    }

    private ProblemException(int status, String title, String detail, List<FieldViolation> errors,
            Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? null : List.copyOf(errors);
        this.extensions = extensions == null ? Map.of() : new LinkedHashMap<>(extensions);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Invalid request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Dataset not found", detail);
    }

    /** 404 for something other than a dataset, titled by what was not found (e.g. "Service not found"). */
    public static ProblemException notFound(String title, String detail) {
        return new ProblemException(404, title, detail);
    }

    /**
     * 400 naming every invalid request parameter in the {@code errors} member (the same shape as the command side's
     * field errors), so a client fixes them all in one go.
     */
    public static ProblemException invalidParameters(List<FieldViolation> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).problem()
                : errors.size() + " invalid parameters";
        return new ProblemException(400, "Invalid request", detail, errors, Map.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The invalid parameters of a 400; null for other problems. */
    public List<FieldViolation> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
