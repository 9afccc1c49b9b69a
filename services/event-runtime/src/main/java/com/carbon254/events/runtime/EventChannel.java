package com.carbon254.events.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.quarkus.arc.Unremovable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Hands publications to the {@value EventPublisher#CHANNEL} channel: one message per event, naming its topic, key and
 * headers ({@link OutgoingKafkaRecordMetadata}) and carrying an {@link OutgoingMessageMetadata} in which the connector
 * leaves where the broker stored it. The connector serializes and sends on the channel's sending thread and completes
 * a message once the broker acknowledged it (or the send failed).
 *
 * <p>Messages are emitted from one thread of this class, not from the caller's: an emitter called on a Vert.x thread
 * gives every message a context of its own and comes back to the caller's event loop once per message, while a
 * publication only needs to come back once (which {@link EventPublisher} does). That thread also takes the
 * connector's per-message work (building the record, handing it to the sending thread) off the event loops. One thread
 * emits every publication in the order the calls were made, so events with the same key keep their order.
 */
// Kept even in a service that does not publish: the events-out channel configured by this runtime needs its upstream.
@Unremovable
@ApplicationScoped
class EventChannel {

    @Inject
    @Channel(EventPublisher.CHANNEL)
    MutinyEmitter<SpecificRecord> emitter;

    private final ExecutorService emitting = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name(EventPublisher.CHANNEL + "-emitting").factory());

    /** Emits the publication's events in order; it completes as the broker acknowledges them. */
    void send(Publication publication) {
        try {
            emitting.execute(() -> emitAll(publication));
        } catch (RejectedExecutionException closing) {
            publication.notSent(closing);
        }
    }

    @PreDestroy
    void close() {
        // Publications still queued fail by their timeout; the channel itself is flushed and closed by SmallRye.
        emitting.shutdown();
    }

    private void emitAll(Publication publication) {
        Consumer<Throwable> failed = publication::failed;
        publication.sendEach((event, index) -> {
            OutgoingMessageMetadata<RecordMetadata> stored = new OutgoingMessageMetadata<>();
            // An emitter that cannot take the message (no subscriber, shutting down) fails its Uni: the event settles.
            emitter.sendMessage(message(event, stored)).subscribe().with(
                    acknowledged -> publication.acknowledged(index, stored.getResult()), failed);
        });
    }

    private static Message<SpecificRecord> message(OutgoingEvent event, OutgoingMessageMetadata<RecordMetadata> stored) {
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic())
                .withKey(event.key())
                .withHeaders(EventHeaders.of(event.event()))
                .build();
        return Message.of(event.event(), Metadata.of(record, stored));
    }
}
