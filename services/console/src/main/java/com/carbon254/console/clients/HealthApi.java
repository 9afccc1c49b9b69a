package com.carbon254.console.clients;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** A service's readiness ({@code /q/health/ready}): 200 when UP, 503 with the failing checks when DOWN. */
@Path("/q/health")
public interface HealthApi {

    @GET
    @Path("/ready")
    Uni<Response> ready();
}
