package com.carbon254.dataset.command.outbox;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.dataset.command.messaging.DataEventsPublisher;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.EventPublisher;
import com.carbon254.events.runtime.PublishedEvent;

import io.smallrye.mutiny.Uni;

/**
 * Stands in for the relay's publisher (installed with QuarkusMock): publishes through the real runtime, except that
 * chosen events fail as if the broker were down, and publications can be held at a gate.
 */
class ControllablePublisher extends DataEventsPublisher {

    private volatile Predicate<String> failing = eventId -> false;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    final AtomicInteger waitingAtGate = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();

    ControllablePublisher(EventPublisher real) {
        super(real);
    }

    /** Fails every event whose eventId matches, as an unreachable broker would. */
    void failWhen(Predicate<String> eventIds) {
        failing = eventIds;
    }

    void failAll() {
        failWhen(eventId -> true);
    }

    void restore() {
        failWhen(eventId -> false);
    }

    /** Holds every publication until the returned future completes. */
    CompletableFuture<Void> closeGate() {
        gate = new CompletableFuture<>();
        return gate;
    }

    @Override
    public Uni<PublishedEvent> publish(SpecificRecord event) {
        String eventId = EventEnvelope.eventId(event);
        if (failing.test(eventId)) {
            failures.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("broker unavailable (test)"));
        }
        CompletableFuture<Void> current = gate;
        if (current.isDone()) {
            return super.publish(event);
        }
        waitingAtGate.incrementAndGet();
        return Uni.createFrom().completionStage(current).chain(() -> super.publish(event));
    }

    /** As a broker would: the whole call fails if one of its events does (none is sent then). */
    @Override
    public Uni<List<PublishedEvent>> publishAll(List<? extends SpecificRecord> events) {
        if (events.stream().map(EventEnvelope::eventId).anyMatch(failing)) {
            failures.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("broker unavailable (test)"));
        }
        CompletableFuture<Void> current = gate;
        if (current.isDone()) {
            return super.publishAll(events);
        }
        waitingAtGate.incrementAndGet();
        return Uni.createFrom().completionStage(current).chain(() -> super.publishAll(events));
    }
}
