package com.carbon254.dataset.command.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.dataset.command.repository.OutboxRepository;
import com.carbon254.events.catalog.EventType;

import io.smallrye.mutiny.Uni;

/** Appends an event to the outbox, inside the caller's transaction. */
@ApplicationScoped
public class OutboxWriter {

    private final OutboxRepository outbox;
    private final OutboxCodec codec;

    public OutboxWriter(OutboxRepository outbox, OutboxCodec codec) {
        this.outbox = outbox;
        this.codec = codec;
    }

    /**
     * Stores the event for the relay. Must run in the transaction that changes the aggregate: the row becomes
     * visible to the relay exactly when that change commits, and disappears with it on rollback.
     */
    public Uni<OutboxEvent> append(SpecificRecord event, UUID eventId, UUID aggregateId, long aggregateVersion,
                                   Instant createdAt) {
        OutboxEvent row = new OutboxEvent(eventId, EventType.of(event).typeName(), aggregateId, aggregateVersion,
                codec.encode(event), createdAt);
        return outbox.persist(row);
    }
}
