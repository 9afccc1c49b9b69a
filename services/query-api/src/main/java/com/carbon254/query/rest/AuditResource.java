package com.carbon254.query.rest;

import java.time.Instant;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.AuditPage;
import com.carbon254.query.mapping.AuditVerification;
import com.carbon254.query.repository.AuditTrailRepository;
import com.carbon254.query.service.AuditTrailService;

import io.smallrye.mutiny.Uni;

/**
 * The audit trail: search, and verification of its hash chain. An auditor's view (every actor's calls and operations,
 * with client addresses and payloads): it requires {@value Roles#PLATFORM_ADMIN}, not {@value Roles#DATASETS_READ}.
 */
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "Hash-chained audit trail of user actions, API calls, data access, admin "
        + "operations and security events")
public class AuditResource {

    static final String DATA_ACCESS = "DataAccess";
    /** The event types the audit trail records (its event_type column). */
    static final Set<String> ENTRY_TYPES = Set.of("UserAction", "ApiCall", DATA_ACCESS, "AdminOperation", "Security");

    @Inject
    AuditTrailService audit;

    @Inject
    QueryConfig config;

    @GET
    @Operation(summary = "Search the audit trail, newest first",
            description = "Entries matching every given filter (exact actor, entity, action and type; dataset for "
                    + "who accessed a dataset; occurredAt in [from, to)), newest first by seq (the order the trail recorded them). Keyset paging: pass "
                    + "a page's 'next' as 'after' to get the following (older) page; pages are stable while new "
                    + "entries arrive.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            schema = @Schema(implementation = AuditPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid from/to/limit/after", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AuditPage> search(
            @Parameter(description = "Who acted (user, service or security principal)", example = "alice")
            @QueryParam("actor") String actor,
            @Parameter(description = "What was acted on (e.g. dataset/ds-42, a service, a dataset name)")
            @QueryParam("entity") String entity,
            @Parameter(description = "What was done (e.g. CREATE, 'POST /datasets', READ)") @QueryParam("action")
            String action,
            @Parameter(description = "The kind of entry: UserAction, ApiCall, DataAccess, AdminOperation or Security")
            @QueryParam("type") String type,
            @Parameter(description = "Who accessed a dataset: the DataAccess entries of this dataset name (implies "
                    + "type=DataAccess; their entity is the dataset)", example = "sales.orders")
            @QueryParam("dataset") String dataset,
            @Parameter(description = "ISO-8601 instant: entries that occurred at or after it") @QueryParam("from")
            String from,
            @Parameter(description = "ISO-8601 instant: entries that occurred before it") @QueryParam("to") String to,
            @Parameter(description = "Page size (default 20, at most 100)") @QueryParam("limit") String limit,
            @Parameter(description = "Cursor: the 'next' of the previous page (entries with a lower seq)")
            @QueryParam("after") String after) {
        RequestParameters params = new RequestParameters();
        Instant start = params.instant("from", from);
        Instant end = params.instant("to", to);
        int size = params.integer("limit", limit, 1, config.maxPageSize(), config.defaultPageSize());
        Long before = params.longValue("after", after, 1, Long.MAX_VALUE);
        String eventType = params.symbol("type", type, ENTRY_TYPES, null);
        String entityFilter = RequestParameters.text(entity);
        String datasetName = RequestParameters.text(dataset);
        if (start != null && end != null && !start.isBefore(end)) {
            params.invalid("from", "must be before to (" + end + "), got " + start);
        }
        if (datasetName != null) {
            if (eventType != null && !eventType.equals(DATA_ACCESS)) {
                params.invalid("dataset", "selects DataAccess entries; it cannot be combined with type=" + eventType);
            }
            if (entityFilter != null && !entityFilter.equals(datasetName)) {
                params.invalid("dataset", "is the entity of DataAccess entries; it contradicts entity=" + entityFilter);
            }
            eventType = DATA_ACCESS;
            entityFilter = datasetName;
        }
        params.rejectIfInvalid();
        return audit.search(new AuditTrailRepository.Filter(RequestParameters.text(actor), entityFilter,
                RequestParameters.text(action), eventType, start, end), before, size);
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Verify the audit hash chain",
            description = "Recomputes every entry's hash with the database function audit_entry_hash (the one "
                    + "definition, also used when appending) and checks that each entry links to the previous one, "
                    + "that no seq is missing, and, when the range reaches the end, that the chain head names the "
                    + "last entry. Reads the trail in chunks. Stops at the first problem. The oldest retained entry "
                    + "anchors the chain (older months are dropped by retention).")
    @APIResponse(responseCode = "200", description = "The verdict (valid or not, and where it breaks)",
            content = @Content(schema = @Schema(implementation = AuditVerification.class)))
    @APIResponse(responseCode = "400", description = "Invalid fromSeq/toSeq", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AuditVerification> verify(
            @Parameter(description = "First seq to verify (default: the oldest retained entry)")
            @QueryParam("fromSeq") String fromSeq,
            @Parameter(description = "Last seq to verify (default: the chain head)") @QueryParam("toSeq") String toSeq) {
        RequestParameters params = new RequestParameters();
        Long first = params.longValue("fromSeq", fromSeq, 1, Long.MAX_VALUE);
        Long last = params.longValue("toSeq", toSeq, 1, Long.MAX_VALUE);
        params.rejectIfInvalid();
        return audit.verify(first, last);
    }
}
