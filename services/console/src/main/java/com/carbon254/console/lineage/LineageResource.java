package com.carbon254.console.lineage;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.console.clients.QueryApi;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** {@code /lineage/{dataset}}: the lineage graph around a dataset, upstream and downstream, as an SVG picture. */
@Path("/lineage")
@RolesAllowed(Roles.DATASETS_READ)
@Produces(MediaType.TEXT_HTML)
public class LineageResource {

    @Inject
    @RestClient
    QueryApi query;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance lineage(String dataset, int depth, LineageSvg.Neighbourhood lineage);
    }

    @GET
    @Path("/{dataset}")
    public Uni<TemplateInstance> lineage(@PathParam("dataset") String dataset,
            @QueryParam("depth") @DefaultValue("3") int depth) {
        int within = Math.max(1, Math.min(depth, 10));
        return LineageSvg.neighbourhood(query, dataset, within)
                .map(lineage -> Templates.lineage(dataset, within, lineage));
    }
}
