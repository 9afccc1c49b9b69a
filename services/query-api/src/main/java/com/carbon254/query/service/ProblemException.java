package com.carbon254.query.service;

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
