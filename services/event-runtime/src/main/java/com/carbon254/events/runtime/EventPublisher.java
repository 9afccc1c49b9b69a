package com.carbon254.events.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.metrics.EventMetrics;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * How every service publishes events: to the topic the catalog names for the event's type, keyed by the id of the
 * entity the event is about ({@link EventType#keyOf}), with the {@link EventHeaders}, on the one {@value #CHANNEL}
 * channel (configured once in this runtime: Avro through the registry, {@code acks=all}, idempotent, lz4). A
 * publication completes only once the broker acknowledged every record, and then says where each one is.
 *
 * <p>Events must be complete ({@link EventEnvelope#complete}) before they are published.
 *
 * <p>The events of a call go through the channel's emitter, one message each ({@link EventChannel}), or, for the
 * gateway's batches, straight to the channel's producer ({@link #publishAllDirectly}); either way the call comes back
 * to the caller's context once, when the last one is acknowledged. Kafka's idempotent producer retries within
 * {@code delivery.timeout.ms} by itself.
 */
@ApplicationScoped
public class EventPublisher {

    /** The outgoing channel every event goes through; its Kafka settings are in the runtime's config defaults. */
    public static final String CHANNEL = "events-out";

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    @Inject
    EventChannel channel;

    @Inject
    ProducerLanes lanes;

    @Inject
    EventMetrics metrics;

    @ConfigProperty(name = "carbon254.publish.timeout", defaultValue = "10s")
    Duration timeout;

    /**
     * Most events handed to the channel and not yet acknowledged or failed by it. Past this, publishing fails at once
     * (and the gateway answers 503) instead of queueing without bound behind a slow broker.
     */
    @ConfigProperty(name = "carbon254.publish.max-pending", defaultValue = "50000")
    int maxPending;

    private final AtomicInteger pending = new AtomicInteger();

    /**
     * Publishes one event.
     *
     * @return where the broker stored it; fails with {@link EventPublishException} if the broker does not acknowledge
     *         it within {@code carbon254.publish.timeout}, and with {@link IllegalArgumentException} if the event is
     *         not of the catalog, has no key or an incomplete envelope
     */
    public Uni<PublishedEvent> publish(SpecificRecord event) {
        return publishAll(List.of(event)).map(stored -> stored.get(0));
    }

    /**
     * Publishes events in order (events with the same key keep their order on their partition). Every event is
     * checked before any is sent, so an invalid one sends none.
     *
     * @return where each event was stored, in the order given, once the broker acknowledged all of them; fails with
     *         {@link EventPublishException} naming every event id if any is not acknowledged within
     *         {@code carbon254.publish.timeout}, and with {@link IllegalArgumentException} as {@link #publish} does
     */
    public Uni<List<PublishedEvent>> publishAll(List<? extends SpecificRecord> events) {
        return publishAll(events, channel::send);
    }

    /**
     * As {@link #publishAll}, but hands the records to the {@value #CHANNEL} channel's Kafka producer directly, on
     * sending lanes of the runtime, not through its emitter: for the one path whose throughput is the point, the
     * gateway's batch endpoint (see the runtime's README for what each way costs). Events one thread publishes this
     * way keep their order; against events it publishes through {@link #publishAll}, only once those are acknowledged.
     */
    public Uni<List<PublishedEvent>> publishAllDirectly(List<? extends SpecificRecord> events) {
        return publishAll(events, lanes::send);
    }

    private Uni<List<PublishedEvent>> publishAll(List<? extends SpecificRecord> events,
                                                 Consumer<Publication> sending) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().deferred(() -> {
            Publication publication = new Publication(events.stream().map(OutgoingEvent::of)
                    .toArray(OutgoingEvent[]::new));
            Context caller = Vertx.currentContext();
            send(publication, sending);
            count(publication);
            Uni<List<PublishedEvent>> stored = Uni.createFrom().completionStage(publication.acknowledged());
            if (caller != null) {
                // Acknowledgements arrive on the producer's network thread; the caller continues on its own context.
                stored = stored.emitOn(task -> caller.runOnContext(ignored -> task.run()));
            }
            return stored
                    .ifNoItem().after(timeout).failWith(() -> {
                        EventPublishException late = timedOut(publication.eventIds());
                        // Events not emitted yet are then not sent at all: the caller was told they are not stored.
                        publication.fail(late);
                        return late;
                    })
                    .onFailure(f -> !(f instanceof EventPublishException))
                    .transform(f -> failed(f, publication.eventIds()));
        });
    }

    /** Hands the publication to the channel, unless too many events are in flight already. */
    private void send(Publication publication, Consumer<Publication> sending) {
        if (pending.addAndGet(publication.size()) > maxPending) {
            pending.addAndGet(-publication.size());
            publication.fail(new IllegalStateException("More than " + maxPending
                    + " events are waiting for the broker's acknowledgement"));
            return;
        }
        // Counted until the channel is done with every event, even after the caller stopped waiting.
        publication.settled().thenRun(() -> pending.addAndGet(-publication.size()));
        sending.accept(publication);
    }

    /** Counts the call's events by topic and type once it completes: published, or failed (timeouts included). */
    private void count(Publication publication) {
        long start = System.nanoTime();
        publication.acknowledged().whenComplete((stored, failure) -> {
            Map<TopicAndType, Integer> byTopicAndType = new HashMap<>();
            for (int i = 0; i < publication.size(); i++) {
                OutgoingEvent e = publication.event(i);
                byTopicAndType.merge(new TopicAndType(e.topic(), e.type()), 1, Integer::sum);
            }
            byTopicAndType.forEach((key, events) -> {
                if (failure == null) {
                    metrics.published(key.topic(), key.type().typeName(), events);
                } else {
                    metrics.publishFailed(key.topic(), key.type().typeName(), events);
                }
            });
            if (failure == null) {
                metrics.publishLatency(publication.event(0).topic(), System.nanoTime() - start);
            }
        });
    }

    private EventPublishException timedOut(List<String> eventIds) {
        LOG.warnf("The broker did not acknowledge %d event(s) within %s", eventIds.size(), timeout);
        return new EventPublishException("The broker did not acknowledge " + describe(eventIds) + " within "
                + timeout.toMillis() + " ms", null, eventIds, true);
    }

    private static EventPublishException failed(Throwable failure, List<String> eventIds) {
        // A record the serializer refuses will be refused again: retrying cannot help. (An unreachable registry is
        // not reported as a SerializationException by CatalogAvroSerializer, and is worth retrying.)
        boolean retryable = !causedBySerialization(failure) && !EventPublishException.refusedForSize(failure);
        return new EventPublishException("Could not publish " + describe(eventIds) + ": " + failure.getMessage(),
                failure, eventIds, retryable);
    }

    private static boolean causedBySerialization(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(List<String> eventIds) {
        return eventIds.size() == 1 ? "event " + eventIds.get(0) : eventIds.size() + " events";
    }

    /** What the publication metrics count events by. */
    private record TopicAndType(String topic, EventType type) {
    }
}
