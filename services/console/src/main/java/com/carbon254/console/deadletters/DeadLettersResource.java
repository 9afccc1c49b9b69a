package com.carbon254.console.deadletters;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.console.clients.ProjectorAdminApi;
import com.carbon254.console.clients.ProjectorAdminApi.DeadLetterRef;
import com.carbon254.console.clients.ProjectorAdminApi.RedriveRequest;
import com.carbon254.console.clients.ProjectorAdminApi.RedriveResult;
import com.carbon254.console.clients.QueryApi;
import com.carbon254.console.clients.QueryModels.DeadLetterPage;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code /dead-letters}: browse dead letters (query API), inspect each one's payload preview and headers (reason,
 * cause, original position), select some and re-drive them to their original topic through the projector's admin API,
 * after a confirmation page. The projector publishes an AdminOperation event per re-driven record with the user as
 * actor; {@value Roles#PLATFORM_ADMIN} only.
 */
@Path("/dead-letters")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class DeadLettersResource {

    static final int PAGE_SIZE = 50;

    @Inject
    @RestClient
    QueryApi query;

    @Inject
    @RestClient
    ProjectorAdminApi projector;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance deadLetters(String topic, String redriven, DeadLetterPage page);

        static native TemplateInstance confirm(List<String> records, boolean force);

        static native TemplateInstance redriven(RedriveResult result, String correlationId);
    }

    @GET
    public Uni<TemplateInstance> browse(@QueryParam("topic") String topic, @QueryParam("redriven") String redriven,
            @QueryParam("after") String after) {
        String t = topic == null || topic.isBlank() ? null : topic.trim();
        Boolean r = redriven == null || redriven.isBlank() ? null : Boolean.valueOf(redriven);
        return query.deadLetters(t, r, PAGE_SIZE, after == null || after.isBlank() ? null : after)
                .map(page -> Templates.deadLetters(t, redriven, page));
    }

    /** The confirmation page: what will be re-driven, nothing done yet. */
    @POST
    @Path("/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance confirm(@FormParam("record") List<String> records, @FormParam("force") boolean force) {
        positions(records);
        return Templates.confirm(records, force);
    }

    /** Re-drives the confirmed selection, all or nothing (the projector's rule). */
    @POST
    @Path("/redrive")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> redrive(@FormParam("record") List<String> records, @FormParam("force") boolean force) {
        String correlationId = "console-redrive-" + UUID.randomUUID();
        return projector.redrive(correlationId, new RedriveRequest(positions(records), force))
                .map(result -> Templates.redriven(result, correlationId));
    }

    /** {@code <dlqTopic>/<partition>/<offset>} of each selected record; a bad selection is a 400 page. */
    static List<DeadLetterRef> positions(List<String> records) {
        if (records == null || records.isEmpty()) {
            throw new BadRequestException("Select at least one dead letter to re-drive.");
        }
        List<DeadLetterRef> positions = new ArrayList<>();
        for (String record : records) {
            String[] parts = record.split("/");
            try {
                positions.add(new DeadLetterRef(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2])));
            } catch (RuntimeException e) {
                throw new BadRequestException("Not a dead-letter position (<topic>.dlq/<partition>/<offset>): " + record);
            }
        }
        return positions;
    }
}
