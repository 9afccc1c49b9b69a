package com.carbon254.console.web;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.ClientWebApplicationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * What a page shows when an API it reads through answers with an error (the API's status and its problem detail:
 * 404 unknown dataset, 403 missing role …) or cannot be reached (503).
 */
public class ErrorPages {

    @CheckedTemplate
    public static class Templates {
        public static native TemplateInstance error(int status, String title, String detail);
    }

    @ServerExceptionMapper
    public Response apiError(ClientWebApplicationException e) {
        Response answer = e.getResponse();
        int status = answer.getStatus();
        String detail = status + " from " + (e.getMessage() == null ? "the API" : e.getMessage());
        try {
            String body = answer.readEntity(String.class);
            if (body != null && !body.isBlank()) {
                detail = body;
            }
        } catch (RuntimeException unreadable) {
            // keep the status line
        }
        String title = switch (status) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            case 400 -> "Invalid request";
            case 409 -> "Conflict";
            default -> "The API answered " + status;
        };
        return page(status >= 500 ? 502 : status, title, detail);
    }

    /** A form or parameter of a page that cannot be used (the page says why). */
    @ServerExceptionMapper
    public Response badInput(BadRequestException e) {
        return page(400, "Invalid request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response apiUnreachable(ProcessingException e) {
        return page(503, "An API is not reachable", String.valueOf(e.getMessage()));
    }

    static Response page(int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(Templates.error(status, title, detail))
                .build();
    }
}
