package com.carbon254.dataset.command.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An outbox row as the command transaction writes it. Only the columns known at command time are mapped; the
 * relay fills the publication columns ({@code published_at}, {@code topic}, {@code kafka_partition},
 * {@code kafka_offset}, {@code publish_attempts}, {@code last_error}) with plain SQL, see
 * {@link com.carbon254.dataset.command.repository.OutboxRelayRepository}.
 */
@Entity
@Table(name = "outbox", schema = "dataset_command")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "seq")
    private Long sequence;

    @Column(name = "event_id", nullable = false, updatable = false)
    private UUID eventId;

    @Column(name = "event_type", nullable = false, updatable = false)
    private String eventType;

    @Column(name = "aggregate_id", nullable = false, updatable = false)
    private UUID aggregateId;

    @Column(name = "aggregate_version", nullable = false, updatable = false)
    private long aggregateVersion;

    @Column(nullable = false, updatable = false)
    private byte[] payload;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** For Hibernate. */
    protected OutboxEvent() {
    }

    public OutboxEvent(UUID eventId, String eventType, UUID aggregateId, long aggregateVersion, byte[] payload,
                       Instant createdAt) {
        this.eventId = eventId;
        this.eventType = eventType;
        this.aggregateId = aggregateId;
        this.aggregateVersion = aggregateVersion;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    public Long sequence() {
        return sequence;
    }

    public UUID eventId() {
        return eventId;
    }

    public String eventType() {
        return eventType;
    }

    public UUID aggregateId() {
        return aggregateId;
    }

    public long aggregateVersion() {
        return aggregateVersion;
    }
}
