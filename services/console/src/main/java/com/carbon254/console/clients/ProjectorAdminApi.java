package com.carbon254.console.clients;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;

/**
 * The projector's admin API (services/projector/README.md): re-drive and replay (rebuild), with the user's token
 * ({@link Bearer}).
 */
@RegisterRestClient(configKey = "projector")
@RegisterClientHeaders(Bearer.class)
public interface ProjectorAdminApi {

    /** The flow a console action belongs to: carried by the AdminOperation events the projector publishes. */
    String CORRELATION_ID = "X-Correlation-Id";

    @POST
    @Path("/admin/dead-letters/redrive")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RedriveResult> redrive(@HeaderParam(CORRELATION_ID) String correlationId, RedriveRequest request);

    @POST
    @Path("/admin/projections/{readModel}/rebuild")
    Uni<RebuildProgress> rebuild(@HeaderParam(CORRELATION_ID) String correlationId,
            @PathParam("readModel") String readModel, @QueryParam("from") String from);

    /** With the {@link Bearer#header()} the caller captured: the rebuild page's stream polls after its request. */
    @GET
    @Path("/admin/projections/{readModel}/rebuild/{id}")
    Uni<RebuildProgress> progress(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
            @PathParam("readModel") String readModel, @PathParam("id") UUID id);

    record DeadLetterRef(String dlqTopic, int partition, long offset) {
    }

    record RedriveRequest(List<DeadLetterRef> records, boolean force) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Redriven(String dlqTopic, int dlqPartition, long dlqOffset, String topic, int partition, long offset) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RedriveResult(List<Redriven> redriven) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RebuildProgress(UUID id, String readModel, int generation, String index, String state, Instant from,
            Long eventsTotal, long eventsDone, double eventsPerSecond, Long etaSeconds, Instant startedAt,
            Instant finishedAt, String error) {

        /** Whether the run has ended (COMPLETED or FAILED). */
        public boolean finished() {
            return "COMPLETED".equals(state) || "FAILED".equals(state);
        }

        /** Percent of {@code eventsTotal} replayed, 0–100 (100 once completed). */
        public int percent() {
            if ("COMPLETED".equals(state)) {
                return 100;
            }
            if (eventsTotal == null || eventsTotal <= 0) {
                return 0;
            }
            return (int) Math.min(100, eventsDone * 100 / eventsTotal);
        }
    }
}
