package com.carbon254.console.clients;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.carbon254.console.clients.QueryModels.AuditPage;
import com.carbon254.console.clients.QueryModels.AuditVerification;
import com.carbon254.console.clients.QueryModels.Dataset;
import com.carbon254.console.clients.QueryModels.DatasetEvent;
import com.carbon254.console.clients.QueryModels.DeadLetterPage;
import com.carbon254.console.clients.QueryModels.IngestionStats;
import com.carbon254.console.clients.QueryModels.LineageGraph;
import com.carbon254.console.clients.QueryModels.QualityStats;
import com.carbon254.console.clients.QueryModels.SearchResult;
import com.carbon254.console.clients.QueryModels.ServiceHealth;
import com.carbon254.console.clients.QueryModels.ServiceTimeline;

import io.smallrye.mutiny.Uni;

/** The query API (services/query-api/README.md), called with the user's token ({@link Bearer}). */
@RegisterRestClient(configKey = "query-api")
@RegisterClientHeaders(Bearer.class)
public interface QueryApi {

    @GET
    @Path("/datasets/search")
    Uni<SearchResult> search(@QueryParam("q") String q, @QueryParam("owner") String owner,
            @QueryParam("status") String status, @QueryParam("format") String format, @QueryParam("tag") String tag,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size);

    @GET
    @Path("/datasets/{id}")
    Uni<Dataset> dataset(@PathParam("id") String id, @QueryParam("asOf") String asOf);

    @GET
    @Path("/datasets/{id}/history")
    Uni<List<DatasetEvent>> history(@PathParam("id") String id);

    @GET
    @Path("/lineage/{name}")
    Uni<LineageGraph> lineage(@PathParam("name") String name, @QueryParam("direction") String direction,
            @QueryParam("depth") Integer depth);

    @GET
    @Path("/services")
    Uni<List<ServiceHealth>> services(@QueryParam("status") String status, @QueryParam("namespace") String namespace);

    @GET
    @Path("/services/{name}/timeline")
    Uni<ServiceTimeline> timeline(@PathParam("name") String name, @QueryParam("namespace") String namespace,
            @QueryParam("limit") Integer limit);

    @GET
    @Path("/ingestion-stats/{name}")
    Uni<IngestionStats> ingestion(@PathParam("name") String name, @QueryParam("from") String from,
            @QueryParam("to") String to);

    @GET
    @Path("/quality/{name}")
    Uni<QualityStats> quality(@PathParam("name") String name, @QueryParam("from") String from,
            @QueryParam("to") String to);

    @GET
    @Path("/audit")
    Uni<AuditPage> audit(@QueryParam("actor") String actor, @QueryParam("entity") String entity,
            @QueryParam("action") String action, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") Integer limit, @QueryParam("after") String after);

    @GET
    @Path("/audit/verify")
    Uni<AuditVerification> verifyAudit();

    @GET
    @Path("/dead-letters")
    Uni<DeadLetterPage> deadLetters(@QueryParam("topic") String topic, @QueryParam("redriven") Boolean redriven,
            @QueryParam("limit") Integer limit, @QueryParam("after") String after);
}
