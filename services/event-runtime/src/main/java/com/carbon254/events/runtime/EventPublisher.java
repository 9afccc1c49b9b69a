package com.carbon254.events.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.metrics.EventMetrics;

import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
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
 * <p>The records go to the channel's own Kafka producer (the one SmallRye created for {@value #CHANNEL}, with its
 * configuration, serializer and health checks), in one task per call on one of a few sending lanes, each with a
 * callback that counts down one completion per call. Sending one SmallRye message per record through an emitter
 * costs a reactive pipeline, a context switch and an event-loop hop per record: measured, it made the gateway three
 * times slower (see {@code bench/README.md}). Kafka's idempotent producer retries within
 * {@code delivery.timeout.ms} by itself.
 *
 * <p>Sending serializes (Avro through the registry) and compresses on the sending thread, so a single one, as SmallRye's
 * own, caps a service at one core's worth of it: there are {@code carbon254.publish.sending-lanes} single-threaded lanes
 * (the Kafka producer is thread-safe). Each calling thread keeps one lane, so the calls one thread makes are sent in
 * the order it made them, as with a single sending thread.
 */
// Kept even in a service that does not inject it: the events-out channel configured by this runtime needs its upstream.
@Unremovable
@ApplicationScoped
public class EventPublisher {

    /** The outgoing channel every event goes through; its Kafka settings are in the runtime's config defaults. */
    public static final String CHANNEL = "events-out";

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    /**
     * The channel's upstream, so that SmallRye's graph is complete: without one it still creates the sink and its
     * producer, but reports the channel as unconnected (SRMSG00207), an error in strict mode. Records are handed to
     * that producer directly (see the class comment), not emitted here.
     */
    @Inject
    @Channel(CHANNEL)
    Emitter<SpecificRecord> channel;

    @Inject
    KafkaClientService kafka;

    @Inject
    EventMetrics metrics;

    @ConfigProperty(name = "carbon254.publish.timeout", defaultValue = "10s")
    Duration timeout;

    /**
     * Most events handed to the producer and not yet acknowledged. Past this, publishing fails at once (and the
     * gateway answers 503) instead of queueing without bound behind a slow broker.
     */
    @ConfigProperty(name = "carbon254.publish.max-pending", defaultValue = "50000")
    int maxPending;

    /** Threads handing records to the producer (serializing them); each calling thread keeps one of them. */
    @ConfigProperty(name = "carbon254.publish.sending-lanes", defaultValue = "4")
    int sendingLanes;

    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger lanesGiven = new AtomicInteger();
    private ExecutorService[] lanes;
    private final ThreadLocal<ExecutorService> lane = ThreadLocal.withInitial(
            () -> lanes[Math.floorMod(lanesGiven.getAndIncrement(), lanes.length)]);

    @PostConstruct
    void openLanes() {
        lanes = new ExecutorService[Math.max(1, sendingLanes)];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                    .name(CHANNEL + "-sending-lane-" + i).factory());
        }
    }

    @PreDestroy
    void closeLanes() {
        // Calls still queued fail by their timeout; the producer itself is closed (and flushed) by SmallRye.
        for (ExecutorService l : lanes) {
            l.shutdown();
        }
    }

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
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().deferred(() -> {
            Outgoing[] outgoing = events.stream().map(Outgoing::of).toArray(Outgoing[]::new);
            List<String> ids = Arrays.stream(outgoing).map(Outgoing::eventId).toList();
            Context caller = Vertx.currentContext();
            CompletableFuture<List<PublishedEvent>> acknowledged = send(outgoing);
            count(outgoing, acknowledged);
            Uni<List<PublishedEvent>> stored = Uni.createFrom().completionStage(acknowledged);
            if (caller != null) {
                // Acknowledgements arrive on the producer's network thread; the caller continues on its own context.
                stored = stored.emitOn(task -> caller.runOnContext(ignored -> task.run()));
            }
            return stored
                    .ifNoItem().after(timeout).failWith(() -> {
                        EventPublishException late = timedOut(ids);
                        // Records still queued behind a blocked producer are then not sent at all: the caller was
                        // told they are not stored.
                        acknowledged.completeExceptionally(late);
                        return late;
                    })
                    .onFailure(f -> !(f instanceof EventPublishException)).transform(f -> failed(f, ids));
        });
    }

    /** Hands the records to the producer in order; the returned stage completes once all are acknowledged. */
    private CompletableFuture<List<PublishedEvent>> send(Outgoing[] outgoing) {
        Acknowledgements acknowledgements = new Acknowledgements(outgoing);
        if (pending.addAndGet(outgoing.length) > maxPending) {
            pending.addAndGet(-outgoing.length);
            acknowledgements.all.completeExceptionally(new IllegalStateException("More than " + maxPending
                    + " events are waiting for the broker's acknowledgement"));
            return acknowledgements.all;
        }
        acknowledgements.all.whenComplete((stored, failure) -> pending.addAndGet(-outgoing.length));
        Producer<String, SpecificRecord> producer = kafka.<String, SpecificRecord>getProducer(CHANNEL).unwrap();
        // Sending may block (metadata, a full buffer): never on the caller's thread, on its sending lane.
        try {
            lane.get().execute(() -> {
                try {
                    acknowledgements.sendAll(producer);
                } catch (RuntimeException refused) {
                    acknowledgements.fail(refused);
                }
            });
        } catch (RejectedExecutionException closing) {
            acknowledgements.fail(closing);
        }
        return acknowledgements.all;
    }

    /** Counts the call's events by topic and type once it completes: published, or failed (timeouts included). */
    private void count(Outgoing[] outgoing, CompletableFuture<List<PublishedEvent>> acknowledged) {
        long start = System.nanoTime();
        acknowledged.whenComplete((stored, failure) -> {
            Map<TopicAndType, Integer> byTopicAndType = new HashMap<>();
            for (Outgoing o : outgoing) {
                byTopicAndType.merge(new TopicAndType(o.topic(), o.type()), 1, Integer::sum);
            }
            byTopicAndType.forEach((key, events) -> {
                if (failure == null) {
                    metrics.published(key.topic(), key.type().typeName(), events);
                } else {
                    metrics.publishFailed(key.topic(), key.type().typeName(), events);
                }
            });
            if (failure == null) {
                metrics.publishLatency(outgoing[0].topic(), System.nanoTime() - start);
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

    /** An event checked for publication: its type, topic and key resolved from the catalog. */
    private record Outgoing(SpecificRecord event, EventType type, String topic, String key, String eventId) {

        static Outgoing of(SpecificRecord event) {
            EventType type = EventType.of(event);
            List<String> missing = EventEnvelope.missingFields(event);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("the " + type.typeName() + " event lacks " + missing
                        + "; complete it with EventEnvelope.complete before publishing");
            }
            return new Outgoing(event, type, type.topic().name(), type.keyOf(event), EventEnvelope.eventId(event));
        }

        ProducerRecord<String, SpecificRecord> record() {
            return new ProducerRecord<>(topic, null, key, event, EventHeaders.of(event));
        }
    }

    /** The records of one call, where each was stored, and one completion when the broker acknowledged all. */
    private static final class Acknowledgements {
        private final Outgoing[] outgoing;
        private final PublishedEvent[] stored;
        private final AtomicInteger unacknowledged;
        private final CompletableFuture<List<PublishedEvent>> all = new CompletableFuture<>();

        Acknowledgements(Outgoing[] outgoing) {
            this.outgoing = outgoing;
            this.stored = new PublishedEvent[outgoing.length];
            this.unacknowledged = new AtomicInteger(outgoing.length);
        }

        /**
         * Runs on the sending thread: hands every record to the producer, in order, until the call has failed (a
         * record refused, or the caller stopped waiting).
         */
        void sendAll(Producer<String, SpecificRecord> producer) {
            for (int i = 0; i < outgoing.length && !all.isDone(); i++) {
                int index = i;
                producer.send(outgoing[i].record(), (record, failure) -> acknowledged(index, record, failure));
            }
        }

        /** Runs on the producer's network thread, once per record. */
        private void acknowledged(int index, RecordMetadata record, Exception failure) {
            if (failure != null) {
                all.completeExceptionally(failure);
                return;
            }
            Outgoing o = outgoing[index];
            stored[index] = new PublishedEvent(o.eventId(), o.type().typeName(), record.topic(), record.partition(),
                    record.offset(), o.key());
            // The last acknowledgement completes the call; the atomic countdown makes every slot visible.
            if (unacknowledged.decrementAndGet() == 0) {
                all.complete(List.of(stored));
            }
        }

        /** A record the producer refused outright (e.g. it cannot be serialized): the call fails, the rest is not sent. */
        void fail(Throwable failure) {
            all.completeExceptionally(failure);
        }
    }
}
