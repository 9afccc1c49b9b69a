package com.carbon254.console.datasets;

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
import com.carbon254.console.clients.QueryModels.Dataset;
import com.carbon254.console.clients.QueryModels.DatasetEvent;
import com.carbon254.console.clients.QueryModels.LineageGraph;
import com.carbon254.console.clients.QueryModels.SearchResult;
import com.carbon254.console.lineage.LineageSvg;
import com.carbon254.console.web.FormValues;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code /datasets?q=…}: the query API's full-text search with its facets (owner, status, format, tags);
 * {@code /datasets/{id}}: the current state (or the state as of an instant), the version history as a timeline and the
 * lineage neighbourhood.
 */
@Path("/datasets")
@RolesAllowed(Roles.DATASETS_READ)
@Produces(MediaType.TEXT_HTML)
public class DatasetsResource {

    static final int PAGE_SIZE = 20;

    @Inject
    @RestClient
    QueryApi query;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(String q, String owner, String status, String format, String tag,
                SearchResult result);

        static native TemplateInstance dataset(Dataset dataset, String asOf, List<DatasetEvent> history,
                LineageGraph upstream, LineageGraph downstream, String lineageSvg);
    }

    @GET
    public Uni<TemplateInstance> search(@QueryParam("q") String q, @QueryParam("owner") String owner,
            @QueryParam("status") String status, @QueryParam("format") String format, @QueryParam("tag") String tag,
            @QueryParam("page") Integer page) {
        return query.search(FormValues.text(q), FormValues.text(owner), FormValues.text(status),
                        FormValues.text(format), FormValues.text(tag), page, PAGE_SIZE)
                .map(result -> Templates.search(q, owner, status, format, tag, result));
    }

    @GET
    @Path("/{id}")
    public Uni<TemplateInstance> dataset(@PathParam("id") String id, @QueryParam("asOf") String asOf) {
        String at = FormValues.instant(asOf);
        return query.dataset(id, at).flatMap(dataset -> Uni.combine().all()
                .unis(query.history(id), LineageSvg.neighbourhood(query, dataset.name()))
                .with((history, lineage) -> Templates.dataset(dataset, at, history, lineage.upstream(),
                        lineage.downstream(), lineage.svg())));
    }

}
