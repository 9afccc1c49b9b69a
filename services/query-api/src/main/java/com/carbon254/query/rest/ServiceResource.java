package com.carbon254.query.rest;

import java.util.Locale;
import jakarta.validation.constraints.Pattern;
import com.carbon254.api.runtime.validation.WholeNumber;
import com.carbon254.api.runtime.validation.Params;
import com.carbon254.api.runtime.validation.IsoInstant;
import jakarta.validation.constraints.Size;
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
                    enumeration = { "HEALTHY", "DEGRADED", "UNHEALTHY", "UNKNOWN" })) @QueryParam("status")
            @Pattern(regexp = "(?i)\\s*(HEALTHY|DEGRADED|UNHEALTHY|UNKNOWN)?\\s*",
                    message = "must be one of HEALTHY, DEGRADED, UNHEALTHY, UNKNOWN") String status,
            @Parameter(description = "Only services in this namespace") @QueryParam("namespace") @Size(max = 255)
            String namespace) {
        String healthStatus = Params.text(status) == null ? null : status.trim().toUpperCase(Locale.ROOT);
        return services.latest(healthStatus, Params.text(namespace));
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
            @Parameter(description = "The service name", example = "event-gateway") @PathParam("name") @Size(max = 255) String name,
            @Parameter(description = "Only entries of the service in this namespace") @QueryParam("namespace")
            @Size(max = 255) String namespace,
            @Parameter(description = "How many entries (default 20, at most 100)") @QueryParam("limit")
            @WholeNumber(min = 1) String limit) {
        return services.timeline(name, Params.text(namespace), PageSizes.of(limit, config));
    }
}
