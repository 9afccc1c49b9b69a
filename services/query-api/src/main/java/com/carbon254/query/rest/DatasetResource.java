package com.carbon254.query.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import com.carbon254.query.mapping.Dataset;
import com.carbon254.query.mapping.DatasetEvent;
import com.carbon254.query.mapping.DatasetPage;
import com.carbon254.query.mapping.SearchResult;
import com.carbon254.query.repository.DatasetViewRepository;
import com.carbon254.query.search.DatasetSearchService;
import com.carbon254.query.service.DatasetQueryService;
import com.carbon254.query.service.ProblemException;

import io.smallrye.mutiny.Uni;

/**
 * The read side of the dataset catalog: get, list, search, history and time travel. Read-only; requires
 * {@value Roles#DATASETS_READ} (401 without a valid bearer token, 403 without the role). Every read is audited as
 * {@code DataAccess} events ({@link DataAccessAuditFilter}).
 */
@RolesAllowed(Roles.DATASETS_READ)
@DataRead
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets", description = "Dataset read models (CQRS query side)")
public class DatasetResource {

    @Inject
    DatasetQueryService queries;

    @Inject
    DatasetSearchService search;

    @GET
    @Path("/{id}")
    @Operation(summary = "A dataset: current state, at least a version, or as of an instant",
            description = "Without parameters: the current state. With minVersion=N: waits (bounded, non-blocking) "
                    + "until the read model holds version N or later. With asOf: the state at that instant, folded "
                    + "from the dataset's event history.")
    @APIResponse(responseCode = "200", description = "The dataset",
            content = @Content(schema = @Schema(implementation = Dataset.class)))
    @APIResponse(responseCode = "400", description = "Invalid asOf/minVersion, or both given", content = @Content(
            mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "Unknown, deleted, or did not exist at asOf", content = @Content(
            mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "minVersion can never be reached (deleted at a lower version)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "504", description = "minVersion not visible within the wait; visibleVersion says "
            + "which is", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Dataset> get(@PathParam("id") String id,
            @Parameter(description = "Wait until the read model holds at least this datasetVersion")
            @QueryParam("minVersion") Long minVersion,
            @Parameter(description = "ISO-8601 instant: return the state the dataset had then")
            @QueryParam("asOf") String asOf) {
        if (minVersion != null && asOf != null) {
            throw ProblemException.badRequest("give minVersion or asOf, not both");
        }
        if (asOf != null) {
            return queries.asOf(id, instant("asOf", asOf));
        }
        if (minVersion != null) {
            if (minVersion < 1) {
                throw ProblemException.badRequest("minVersion must be 1 or more, got " + minVersion);
            }
            return queries.getAtLeast(id, minVersion);
        }
        return queries.get(id);
    }

    @GET
    @Operation(summary = "List live datasets, filtered, sorted and paged")
    @APIResponse(responseCode = "200", description = "One page and the total count",
            content = @Content(schema = @Schema(implementation = DatasetPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid paging or sort", content = @Content(
            mediaType = Problem.MEDIA_TYPE))
    public Uni<DatasetPage> list(@QueryParam("owner") String owner, @QueryParam("status") String status,
            @QueryParam("format") String format, @QueryParam("tag") String tag,
            @Parameter(description = "Zero-based page number") @QueryParam("page") Integer page,
            @Parameter(description = "Page size (default 20, at most 100)") @QueryParam("size") Integer size,
            @Parameter(description = "name, owner, status, format, createdAt, updatedAt or version; prefix with - "
                    + "or suffix ,desc for descending") @QueryParam("sort") String sort) {
        return queries.list(new DatasetViewRepository.Filter(blankToNull(owner), blankToNull(status),
                blankToNull(format), blankToNull(tag)), sort, page, size);
    }

    @GET
    @Path("/search")
    @Operation(summary = "Full-text search with facet counts (owner, status, format, tags)")
    @APIResponse(responseCode = "200", description = "Matches and facets",
            content = @Content(schema = @Schema(implementation = SearchResult.class)))
    @APIResponse(responseCode = "400", description = "Invalid paging", content = @Content(
            mediaType = Problem.MEDIA_TYPE))
    public Uni<SearchResult> search(@Parameter(description = "Words to find in name, description, tags, columns")
            @QueryParam("q") String q, @QueryParam("owner") String owner, @QueryParam("status") String status,
            @QueryParam("format") String format, @QueryParam("tag") String tag, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        return search.search(q, new DatasetSearchService.Filter(blankToNull(owner), blankToNull(status),
                blankToNull(format), blankToNull(tag)), page, size);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every lifecycle event of a dataset, in version order")
    @APIResponse(responseCode = "200", description = "The events")
    @APIResponse(responseCode = "404", description = "No events for this id", content = @Content(
            mediaType = Problem.MEDIA_TYPE))
    public Uni<List<DatasetEvent>> history(@PathParam("id") String id) {
        return queries.history(id);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, got '"
                    + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
