package com.carbon254.reliability;

import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients sent and what the platform acknowledged, kept by the run itself: the ground truth the end checks
 * compare the servers' data with.
 */
final class Ledger {

    /** The fields of a DataIngestion event that its window aggregates. */
    record Ingestion(String dataset, Instant timestamp, long recordCount, long sizeBytes, String status) {
    }

    /** One event by id: how often it was sent and acknowledged (a duplicate delivery sends it again). */
    static final class SentEvent {
        final String topic;
        final Ingestion ingestion;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();

        SentEvent(String topic, Ingestion ingestion) {
            this.topic = topic;
            this.ingestion = ingestion;
        }
    }

    /**
     * One dataset's commands. Only one command per dataset is in flight; after an answer that says neither yes nor
     * no (no answer, a 5xx) the dataset gets no more commands and its last command is {@code uncertain}: it may or may
     * not have been applied.
     */
    static final class DatasetCommands {
        final String name;
        volatile String id;
        volatile long version;
        volatile boolean deleted;
        volatile boolean uncertain;
        final AtomicInteger accepted = new AtomicInteger();

        DatasetCommands(String name) {
            this.name = name;
        }
    }

    /** Gateway calls answered 202: each must be in the audit trail (an ApiCall event of the gateway). */
    final LongAdder acceptedGatewayCalls = new LongAdder();

    private final ConcurrentHashMap<String, SentEvent> events = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DatasetCommands> datasets = new ConcurrentHashMap<>();

    SentEvent event(String eventId, String topic, Ingestion ingestion) {
        return events.computeIfAbsent(eventId, id -> new SentEvent(topic, ingestion));
    }

    DatasetCommands dataset(String name) {
        return datasets.computeIfAbsent(name, DatasetCommands::new);
    }

    ConcurrentHashMap<String, SentEvent> events() {
        return events;
    }

    Collection<DatasetCommands> datasets() {
        return datasets.values();
    }
}
