package com.carbon254.api.runtime.audit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.events.audit.AccessType;
import com.carbon254.events.audit.DataAccessEvent;
import com.carbon254.events.common.Outcome;
import com.carbon254.events.runtime.EventContext;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The audit of data reads: each dataset whose data a caller read is published as a {@code DataAccess} event to
 * {@code audit-data-access}, keyed by actor (the caller, {@link Actors#of}), with {@code submittedBy}
 * {@code service:<this service>} (the platform recorded it; the actor did not claim it) and the service as
 * {@code engine}. Published in the background ({@link AuditPublisher#publishAllInBackground}): the read never waits
 * for the broker, and the events of one read go to the producer together, batched with everything else it sends.
 *
 * <pre>{@code
 * dataAccess.recordReads(identity, List.of(new Read("sales.orders", 1L, Outcome.SUCCESS)), "GET /datasets/ds-1", flow)
 * }</pre>
 */
@ApplicationScoped
public class DataAccessAudit {

    /** Longest {@code query} recorded; longer ones are cut (the schema says "possibly truncated"). */
    static final int MAX_QUERY_LENGTH = 2000;

    /**
     * One dataset a read touched.
     *
     * @param datasetName the dataset's name (for a read by id that found nothing, the id asked for)
     * @param rowCount    rows of it returned (a state: 1; a history: its events); null if not known
     * @param outcome     SUCCESS, FAILURE (not found, or the read failed) or DENIED
     */
    public record Read(String datasetName, Long rowCount, Outcome outcome) {
    }

    @Inject
    AuditPublisher publisher;

    /**
     * Records the reads of one request, one {@code DataAccess} event per dataset, without waiting.
     *
     * @param identity      the caller
     * @param reads         the datasets read; nothing is published for none
     * @param query         the request that read them, e.g. {@code GET /datasets/search?q=orders}
     * @param correlationId the request's correlation id, or null
     */
    public void recordReads(SecurityIdentity identity, List<Read> reads, String query, String correlationId) {
        String actor = Actors.of(identity);
        String recorded = query == null || query.length() <= MAX_QUERY_LENGTH ? query
                : query.substring(0, MAX_QUERY_LENGTH);
        List<DataAccessEvent> events = reads.stream().map(read -> {
            DataAccessEvent event = new DataAccessEvent();
            event.setActor(actor);
            event.setDatasetName(read.datasetName());
            event.setAccessType(AccessType.READ);
            event.setOutcome(read.outcome());
            event.setRowCount(read.rowCount());
            event.setQuery(recorded);
            event.setEngine(publisher.service());
            event.setColumns(List.of());
            event.setSubmittedBy("service:" + publisher.service());
            return event;
        }).toList();
        publisher.publishAllInBackground(events, new EventContext(correlationId, null));
    }
}
