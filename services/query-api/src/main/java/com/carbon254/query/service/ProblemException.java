package com.carbon254.query.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the API answers with an RFC 9457 problem: status, title, detail and extension members (such as the
 * version the read model shows when a wait for a version timed out).
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.extensions = extensions == null ? Map.of() : extensions;
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, Map.of());
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
    public static ProblemException invalidParameters(List<ParameterError> errors) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("errors", List.copyOf(errors));
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).problem()
                : errors.size() + " invalid parameters";
        return new ProblemException(400, "Invalid request", detail, ext);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
