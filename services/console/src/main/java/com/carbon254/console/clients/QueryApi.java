package com.carbon254.console.clients;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

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

/** The query API (services/query-api/README.md), called with the user's token. */
@RegisterRestClient(configKey = "query-api")
public interface QueryApi {

    @GET
    @Path("/datasets/search")
    Uni<SearchResult> search(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @QueryParam("q") String q,
            @QueryParam("owner") String owner, @QueryParam("status") String status, @QueryParam("format") String format,
            @QueryParam("tag") String tag, @QueryParam("page") Integer page, @QueryParam("size") Integer size);

    @GET
    @Path("/datasets/{id}")
    Uni<Dataset> dataset(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") String id,
            @QueryParam("asOf") String asOf);

    @GET
    @Path("/datasets/{id}/history")
    Uni<List<DatasetEvent>> history(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("id") String id);

    @GET
    @Path("/lineage/{name}")
    Uni<LineageGraph> lineage(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("name") String name,
            @QueryParam("direction") String direction, @QueryParam("depth") Integer depth);

    @GET
    @Path("/services")
    Uni<List<ServiceHealth>> services(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
            @QueryParam("status") String status, @QueryParam("namespace") String namespace);

    @GET
    @Path("/services/{name}/timeline")
    Uni<ServiceTimeline> timeline(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("name") String name,
            @QueryParam("namespace") String namespace, @QueryParam("limit") Integer limit);

    @GET
    @Path("/ingestion-stats/{name}")
    Uni<IngestionStats> ingestion(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("name") String name,
            @QueryParam("from") String from, @QueryParam("to") String to);

    @GET
    @Path("/quality/{name}")
    Uni<QualityStats> quality(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("name") String name,
            @QueryParam("from") String from, @QueryParam("to") String to);

    @GET
    @Path("/audit")
    Uni<AuditPage> audit(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @QueryParam("actor") String actor,
            @QueryParam("entity") String entity, @QueryParam("action") String action, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") Integer limit, @QueryParam("after") String after);

    @GET
    @Path("/audit/verify")
    Uni<AuditVerification> verifyAudit(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer);

    @GET
    @Path("/dead-letters")
    Uni<DeadLetterPage> deadLetters(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
            @QueryParam("topic") String topic, @QueryParam("redriven") Boolean redriven,
            @QueryParam("limit") Integer limit, @QueryParam("after") String after);
}
