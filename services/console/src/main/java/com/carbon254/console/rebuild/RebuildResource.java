package com.carbon254.console.rebuild;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.console.clients.Bearer;
import com.carbon254.console.clients.ProjectorAdminApi;
import com.carbon254.console.clients.ProjectorAdminApi.RebuildProgress;
import com.carbon254.console.web.FormValues;
import com.carbon254.readmodel.ReplayedReadModel;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code /rebuild}: replay (rebuild) a read model through the projector's admin API (while the live one keeps serving,
 * then an atomic switch; the audit trail in place), and follow it: {@code /rebuild/{readModel}/{id}} shows a progress
 * bar that a server-sent event stream updates every second until the run completes or fails. Every read model the
 * projector replays is offered ({@link ReplayedReadModel}). {@value Roles#PLATFORM_ADMIN} only; the projector audits
 * the replay with the user as actor.
 */
@Path("/rebuild")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class RebuildResource {

    /** Name of the SSE events that carry a new rendering of the progress. */
    public static final String EVENT = "progress";
    /** Name of the last SSE event of a run's stream. */
    public static final String END = "end";
    private static final Duration TICK = Duration.ofSeconds(1);

    @Inject
    @RestClient
    ProjectorAdminApi projector;

    @Inject
    Bearer bearer;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance rebuild(List<String> readModels);

        static native TemplateInstance run(RebuildProgress progress);

        static native TemplateInstance run$progress(RebuildProgress progress);
    }

    @GET
    public TemplateInstance form() {
        return Templates.rebuild(ReplayedReadModel.names());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> start(@FormParam("readModel") String readModel, @FormParam("from") String from) {
        String model = ReplayedReadModel.named(readModel == null ? "" : readModel)
                .orElse(ReplayedReadModel.DATASETS).modelName();
        return projector.rebuild("console-rebuild-" + UUID.randomUUID(), model, FormValues.instant(from))
                .map(started -> Response.seeOther(URI.create("/rebuild/" + model + "/" + started.id())).build());
    }

    @GET
    @Path("/{readModel}/{id}")
    public Uni<TemplateInstance> run(@PathParam("readModel") String readModel, @PathParam("id") UUID id) {
        return projector.progress(bearer.header(), readModel, id).map(Templates::run);
    }

    /**
     * The progress every second while the run goes on, then an {@value #END} event: the page closes the stream on it
     * ({@code sse-close}), so that the server's end of the stream is not taken for a lost connection.
     */
    @GET
    @Path("/{readModel}/{id}/progress")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> progress(@PathParam("readModel") String readModel, @PathParam("id") UUID id,
            @Context Sse sse) {
        // Captured now: the stream polls the projector after this request has ended, when there is no user to ask.
        String auth = bearer.header();
        AtomicBoolean ended = new AtomicBoolean();
        return Multi.createFrom().ticks().every(TICK)
                .onItem().transformToUniAndConcatenate(tick -> projector.progress(auth, readModel, id))
                // every snapshot up to and including the first finished one
                .select().first(progress -> !ended.getAndSet(progress.finished()))
                .map(progress -> sse.newEventBuilder().name(EVENT)
                        .data(Templates.run$progress(progress).render().replace('\n', ' ')).build())
                .onCompletion().continueWith(sse.newEventBuilder().name(END).data(END).build());
    }
}
