package com.carbon254.console.services;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.console.clients.QueryApi;
import com.carbon254.console.clients.QueryModels.ServiceHealth;
import com.carbon254.console.clients.QueryModels.ServiceTimeline;
import com.carbon254.console.overview.ServiceReadiness;
import com.carbon254.console.overview.ServiceReadiness.Readiness;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code /services}: the health every service reports (ServiceHealth events, through the query API) and the readiness
 * of the platform's own services; {@code /services/{name}}: a service's timeline of health transitions, deployments
 * and configuration changes.
 */
@Path("/services")
@RolesAllowed(Roles.DATASETS_READ)
@Produces(MediaType.TEXT_HTML)
public class ServicesResource {

    static final int TIMELINE_LENGTH = 50;

    @Inject
    @RestClient
    QueryApi query;

    @Inject
    ServiceReadiness readiness;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance services(String status, List<ServiceHealth> reported, List<Readiness> platform);

        static native TemplateInstance timeline(String name, String namespace, ServiceTimeline timeline);
    }

    @GET
    public Uni<TemplateInstance> services(@QueryParam("status") String status) {
        String filter = status == null || status.isBlank() ? null : status;
        return Uni.combine().all().unis(query.services(filter, null), readiness.all())
                .with((reported, platform) -> Templates.services(filter, reported, platform));
    }

    @GET
    @Path("/{name}")
    public Uni<TemplateInstance> timeline(@PathParam("name") String name, @QueryParam("namespace") String namespace) {
        String ns = namespace == null || namespace.isBlank() ? null : namespace;
        return query.timeline(name, ns, TIMELINE_LENGTH)
                .map(timeline -> Templates.timeline(name, ns, timeline));
    }
}
