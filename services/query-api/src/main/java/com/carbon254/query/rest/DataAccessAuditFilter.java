package com.carbon254.query.rest;

import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import com.carbon254.api.runtime.audit.ApiCallAudit;
import com.carbon254.api.runtime.audit.DataAccessAudit;
import com.carbon254.api.runtime.audit.DataAccessAudit.Read;
import com.carbon254.events.common.Outcome;
import com.carbon254.query.mapping.Dataset;
import com.carbon254.query.mapping.DatasetEvent;
import com.carbon254.query.mapping.DatasetPage;
import com.carbon254.query.mapping.SearchResult;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Audits the reads of dataset data ({@link DataRead} endpoints) from what the response holds: one {@code DataAccess}
 * event per dataset returned (a state or an as-of state: 1 row; a history: its events; a list or search page: each
 * dataset on it, 1 row each), outcome SUCCESS. A read of one dataset by id that fails (404, 409, 504, 5xx) is
 * recorded with outcome FAILURE under the id asked for. A request with invalid parameters (400), one refused for its
 * token (401, 403: also a {@code Security} event) and a search or list that found nothing read no data: their
 * {@code ApiCall} event records them. Runs after the resource produced its response and publishes in the background,
 * so the read never waits.
 */
@Provider
@DataRead
public class DataAccessAuditFilter implements ContainerResponseFilter {

    @Inject
    SecurityIdentity identity;

    @Inject
    DataAccessAudit audit;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        List<Read> reads = reads(request, response);
        if (!reads.isEmpty()) {
            audit.recordReads(identity, reads, query(request), request.getHeaderString(ApiCallAudit.CORRELATION_ID));
        }
    }

    private static List<Read> reads(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status / 100 == 2) {
            Object entity = response.getEntity();
            if (entity instanceof Dataset dataset) {
                return List.of(new Read(dataset.name(), 1L, Outcome.SUCCESS));
            }
            if (entity instanceof DatasetPage page) {
                return page.items().stream().map(d -> new Read(d.name(), 1L, Outcome.SUCCESS)).toList();
            }
            if (entity instanceof SearchResult result) {
                return result.items().stream().map(hit -> new Read(hit.name(), 1L, Outcome.SUCCESS)).toList();
            }
            if (entity instanceof List<?> events && !events.isEmpty() && events.get(0) instanceof DatasetEvent) {
                return List.of(new Read(nameInHistory(events, request), (long) events.size(), Outcome.SUCCESS));
            }
            return List.of();
        }
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        if (id == null || status == 400 || status == 401 || status == 403) {
            return List.of();
        }
        return List.of(new Read(id, null, Outcome.FAILURE));
    }

    /** The dataset's name in its newest event that names it (a rename shows the latest), else its id. */
    private static String nameInHistory(List<?> events, ContainerRequestContext request) {
        for (int i = events.size() - 1; i >= 0; i--) {
            DatasetEvent event = (DatasetEvent) events.get(i);
            if (event.payload() != null && event.payload().hasNonNull("name")) {
                return event.payload().get("name").asText();
            }
        }
        return request.getUriInfo().getPathParameters().getFirst("id");
    }

    /** The request as the audit shows it: method, path and query string. */
    private static String query(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        return request.getMethod() + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
