package com.carbon254.console.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.console.clients.QueryApi;
import com.carbon254.console.clients.QueryModels.AuditPage;
import com.carbon254.console.clients.QueryModels.AuditVerification;
import com.carbon254.console.web.FormValues;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code /audit}: the hash-chained audit trail, newest first, filtered by actor, entity, action and time (query API
 * {@code /audit}); the chain's verification ({@code /audit/verify}) is loaded into the page once it is shown, as it
 * walks the whole chain. An auditor's view: {@value Roles#PLATFORM_ADMIN}.
 */
@Path("/audit")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AuditResource {

    static final int PAGE_SIZE = 50;

    @Inject
    @RestClient
    QueryApi query;

    /** The filters of the page, echoed into the form and the next-page link. */
    public record Filters(String actor, String entity, String action, String from, String to) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(Filters filters, AuditPage page);

        static native TemplateInstance verification(AuditVerification verification);
    }

    @GET
    public Uni<TemplateInstance> audit(@QueryParam("actor") String actor, @QueryParam("entity") String entity,
            @QueryParam("action") String action, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("after") String after) {
        Filters filters = new Filters(FormValues.text(actor), FormValues.text(entity), FormValues.text(action), FormValues.instant(from),
                FormValues.instant(to));
        return query.audit(filters.actor(), filters.entity(), filters.action(), filters.from(),
                filters.to(), PAGE_SIZE, FormValues.text(after)).map(page -> Templates.audit(filters, page));
    }

    @GET
    @Path("/verification")
    public Uni<TemplateInstance> verification() {
        return query.verifyAudit().map(Templates::verification);
    }

}
