package com.carbon254.dataset.command.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.runtime.EventPublisher;
import com.carbon254.events.runtime.PublishedEvent;

import io.smallrye.mutiny.Uni;

/**
 * The service's one edge to Kafka, used by the outbox relay only. It hands each event to the platform's
 * {@link EventPublisher}, which picks topic ({@code data-events}), key (the datasetId) and headers from the catalog,
 * serializes through the registry, and completes only once the broker acknowledged the record (or fails within
 * {@code carbon254.publish.timeout}). Keeping the relay behind this class keeps the messaging edge in one place (and
 * lets tests stand in for the broker).
 */
@ApplicationScoped
public class DataEventsPublisher {

    private final EventPublisher publisher;

    public DataEventsPublisher(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Publishes one complete event. The Uni completes with where the broker stored it; a failure means the event may
     * or may not have been stored (a retry may then duplicate it, never lose it).
     */
    public Uni<PublishedEvent> publish(SpecificRecord event) {
        return publisher.publish(event);
    }

    /**
     * Publishes events in the order given (one call, one sending task: events with the same key keep their order on
     * their partition). Completes with where each was stored once the broker acknowledged all of them; a failure
     * says nothing about which of them were stored (a retry may duplicate some, never lose one).
     */
    public Uni<List<PublishedEvent>> publishAll(List<? extends SpecificRecord> events) {
        return publisher.publishAll(events);
    }
}
