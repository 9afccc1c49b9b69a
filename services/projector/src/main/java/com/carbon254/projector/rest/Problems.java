package com.carbon254.projector.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details for the admin API. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static Response response(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }

    /** A 400 listing each invalid field of the request: {@code errors: [{field, message}]}. */
    static Response invalidFields(java.util.List<Map<String, String>> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", "Invalid request");
        body.put("status", 400);
        body.put("detail", errors.size() + " invalid field(s)");
        body.put("errors", errors);
        return Response.status(400).type(MEDIA_TYPE).entity(body).build();
    }

    static Map<String, String> fieldError(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }
}
