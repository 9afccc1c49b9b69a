package com.carbon254.events.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjIntConsumer;

import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The events of one publishing call on their way to the broker. Two completions: {@link #acknowledged()} once the
 * broker acknowledged every event (or at the first failure, or when the caller gave up), and {@link #settled()} once
 * every event is out of the publisher's hands (acknowledged, failed, or never sent because the call had already
 * failed), which is what bounds the events in flight.
 */
final class Publication {

    private final OutgoingEvent[] events;
    private final PublishedEvent[] stored;
    private final AtomicInteger unacknowledged;
    private final AtomicInteger unsettled;
    private final CompletableFuture<List<PublishedEvent>> acknowledged = new CompletableFuture<>();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();

    Publication(OutgoingEvent[] events) {
        this.events = events;
        this.stored = new PublishedEvent[events.length];
        this.unacknowledged = new AtomicInteger(events.length);
        this.unsettled = new AtomicInteger(events.length);
    }

    int size() {
        return events.length;
    }

    OutgoingEvent event(int index) {
        return events[index];
    }

    List<String> eventIds() {
        return Arrays.stream(events).map(OutgoingEvent::eventId).toList();
    }

    /** Where each event was stored, in call order, once all are acknowledged. */
    CompletableFuture<List<PublishedEvent>> acknowledged() {
        return acknowledged;
    }

    CompletableFuture<Void> settled() {
        return settled;
    }

    /** Whether sending the rest is pointless: the call has failed (or, once all are sent, succeeded). */
    boolean isDone() {
        return acknowledged.isDone();
    }

    /** The broker stored event {@code index}; called once per event, on whichever thread the acknowledgement is. */
    void acknowledged(int index, RecordMetadata record) {
        OutgoingEvent e = events[index];
        stored[index] = new PublishedEvent(e.eventId(), e.type().typeName(), record.topic(), record.partition(),
                record.offset(), e.key());
        // The last acknowledgement completes the call; the atomic countdown makes every slot visible.
        if (unacknowledged.decrementAndGet() == 0) {
            acknowledged.complete(List.of(stored));
        }
        settle(1);
    }

    /** One event could not be sent or stored: the call fails. */
    void failed(Throwable failure) {
        fail(failure);
        settle(1);
    }

    /** The call fails (the caller stopped waiting, or nothing could be sent); events already sent still settle. */
    void fail(Throwable failure) {
        acknowledged.completeExceptionally(failure);
    }

    /**
     * Hands the events to {@code send} (with their index) in order, until the call has failed: the events whose turn
     * comes after are not sent.
     */
    void sendEach(ObjIntConsumer<OutgoingEvent> send) {
        for (int i = 0; i < events.length; i++) {
            if (isDone()) {
                settle(events.length - i);
                return;
            }
            send.accept(events[i], i);
        }
    }

    /** None of the events can be sent (e.g. the service is shutting down): the call fails. */
    void notSent(Throwable failure) {
        fail(failure);
        settle(events.length);
    }

    private void settle(int count) {
        if (unsettled.addAndGet(-count) == 0) {
            settled.complete(null);
        }
    }
}
