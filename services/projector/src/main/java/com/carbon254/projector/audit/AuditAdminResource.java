package com.carbon254.projector.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.carbon254.api.runtime.audit.Actors;
import com.carbon254.api.runtime.audit.ApiCallAudit;
import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.events.runtime.json.FieldViolation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Administration of the audit trail: the retention cut. Requires {@value Roles#PLATFORM_ADMIN}; each cut (and each
 * refused one) is published as an AdminOperation event ({@value AuditRetention#OPERATION}, actor: the token's subject).
 */
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Path("/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit admin")
public class AuditAdminResource {

    @Inject
    AuditRetention retention;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/retention-cut")
    @Operation(summary = "Cut the start of the audit trail",
            description = "Drops every monthly partition of the trail that ends at or before `before` and records an "
                    + "anchor (seq and hash of the last removed entry): the oldest retained entry links to it, so "
                    + "GET /audit/verify on the query API still verifies and reports the cut. Entries younger than "
                    + "carbon254.projector.audit.minimum-retention cannot be cut.")
    @APIResponse(responseCode = "200", description = "The cut (published as an AdminOperation audit event)",
            content = @Content(schema = @Schema(implementation = AuditRetention.CutResult.class)))
    @APIResponse(responseCode = "400", description = "`before` is not an ISO-8601 instant, or too recent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> cut(
            @Parameter(description = "ISO-8601 instant; default: carbon254.projector.audit.retention ago")
            @QueryParam("before") String before,
            @Parameter(description = "The flow this call belongs to; carried by the AdminOperation event")
            @HeaderParam(ApiCallAudit.CORRELATION_ID) String correlationId,
            @Context UriInfo uri) {
        String instance = Problem.instanceOf(uri);
        Instant cutBefore;
        try {
            cutBefore = before == null || before.isBlank() ? retention.defaultBefore() : Instant.parse(before);
        } catch (DateTimeParseException e) {
            return Uni.createFrom().item(invalid("must be an ISO-8601 instant such as 2025-01-31T00:00:00Z, got '"
                    + before + "'", instance));
        }
        return retention.cut(cutBefore, Actors.of(identity), correlationId)
                .map(cut -> Response.ok(cut).build())
                .onFailure(AuditRetention.TooRecentException.class)
                .recoverWithItem(e -> invalid(e.getMessage(), instance));
    }

    private static Response invalid(String problem, String instance) {
        return Problem.of(null, "Invalid request", 400, "before " + problem, instance)
                .withErrors(List.of(new FieldViolation("before", problem))).toResponse();
    }
}
