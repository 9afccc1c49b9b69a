package com.carbon254.console.overview;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.console.ConsoleConfig;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * {@code /}: every topic of the catalog with partitions, messages per second, lag per consumer group and dead-letter
 * depth; readiness of the services; the Flink job's state and last checkpoint. The page opens a server-sent event
 * stream ({@code /overview/stream}) whose {@code overview} events replace the figures (htmx's SSE extension).
 */
@Path("/")
@RolesAllowed(Roles.DATASETS_READ)
public class OverviewResource {

    /** Name of the SSE events that carry a new rendering of the figures. */
    public static final String EVENT = "overview";

    @Inject
    OverviewSampler sampler;

    @Inject
    ConsoleConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(Overview overview, long refreshSeconds);

        static native TemplateInstance overview$live(Overview overview);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return Templates.overview(sampler.latest(), config.refreshInterval().toSeconds());
    }

    @GET
    @Path("/overview/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        return Multi.createFrom().ticks().every(config.refreshInterval())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> sse.newEventBuilder().name(EVENT)
                        .data(Templates.overview$live(sampler.latest()).render().replace('\n', ' ')).build());
    }
}
