package com.carbon254.query.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.ServiceHealth;
import com.carbon254.query.mapping.ServiceTimeline;
import com.carbon254.query.service.ServiceHealthService;

import io.smallrye.mutiny.Uni;

/**
 * Service health (system-health) and each service's timeline of transitions, deployments and config changes. Requires
 * {@value Roles#DATASETS_READ}.
 */
@RolesAllowed(Roles.DATASETS_READ)
@Path("/services")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "services", description = "Latest service health and service timelines")
public class ServiceResource {

    @Inject
    ServiceHealthService services;

    @Inject
    QueryConfig config;

    @GET
    @Operation(summary = "Latest health of every service", description = "One entry per service and namespace, "
            + "ordered by namespace then service name.")
    @APIResponse(responseCode = "200", description = "The services", content = @Content(
            schema = @Schema(type = SchemaType.ARRAY, implementation = ServiceHealth.class)))
    @APIResponse(responseCode = "400", description = "Unknown status symbol", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<ServiceHealth>> list(
            @Parameter(description = "Only services in this status (case-insensitive)", schema = @Schema(
                    enumeration = { "HEALTHY", "DEGRADED", "UNHEALTHY", "UNKNOWN" })) @QueryParam("status") String status,
            @Parameter(description = "Only services in this namespace") @QueryParam("namespace") String namespace) {
        RequestParameters params = new RequestParameters();
        String healthStatus = params.symbol("status", status, ServiceHealthService.STATUSES, null);
        params.rejectIfInvalid();
        return services.latest(healthStatus, RequestParameters.text(namespace));
    }

    @GET
    @Path("/{name}/timeline")
    @Operation(summary = "A service's recent timeline, newest first",
            description = "Health status transitions (not every heartbeat), deployments and configuration changes. "
                    + "The projector keeps a bounded number of entries per service.")
    @APIResponse(responseCode = "200", description = "The entries", content = @Content(
            schema = @Schema(implementation = ServiceTimeline.class)))
    @APIResponse(responseCode = "400", description = "Invalid limit", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such service (in that namespace)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ServiceTimeline> timeline(
            @Parameter(description = "The service name", example = "event-gateway") @PathParam("name") String name,
            @Parameter(description = "Only entries of the service in this namespace") @QueryParam("namespace")
            String namespace,
            @Parameter(description = "How many entries (default 20, at most 100)") @QueryParam("limit") String limit) {
        RequestParameters params = new RequestParameters();
        int size = params.integer("limit", limit, 1, config.maxPageSize(), config.defaultPageSize());
        params.rejectIfInvalid();
        return services.timeline(name, RequestParameters.text(namespace), size);
    }
}
