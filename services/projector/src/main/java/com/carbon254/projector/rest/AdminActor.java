package com.carbon254.projector.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.vertx.core.http.HttpServerRequest;

/**
 * Who calls the admin API, as recorded in AdminOperation audit events and re-drive marks. For now the
 * {@value #HEADER} request header (default {@value #UNKNOWN}); this is the one place to swap in the authenticated
 * principal once the admin API requires a token.
 */
@RequestScoped
public class AdminActor {

    /** The request header naming the actor. */
    public static final String HEADER = "X-Actor";
    /** The actor of a request without one. */
    public static final String UNKNOWN = "unknown";

    @Inject
    HttpServerRequest request;

    public String name() {
        String actor = request.getHeader(HEADER);
        return actor == null || actor.isBlank() ? UNKNOWN : actor.trim();
    }
}
