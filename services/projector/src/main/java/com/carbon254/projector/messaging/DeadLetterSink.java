package com.carbon254.projector.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import com.carbon254.events.runtime.DeadLetters;
import com.carbon254.projector.projection.ProjectedBatch;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends records a projection rejected to the dead-letter topic of the topic each was read from
 * ({@code <topic>.dlq}, the runtime's convention), through the channel's {@code dead-letter-queue} failure
 * strategy: the record is nacked with the reason (its message becomes the {@code dead-letter-reason} header) and the
 * dead-letter topic named in the nack metadata, which also serves channels that read several topics.
 */
@ApplicationScoped
public class DeadLetterSink {

    /** Nacks each rejected record; completes when every one is on its dead-letter topic. */
    public <V> Uni<Void> send(List<ProjectedBatch.Rejected<V>> rejected) {
        return Multi.createFrom().iterable(rejected)
                .onItem().transformToUniAndConcatenate(r -> send((Message<?>) r.record().handle(),
                        r.record().source().topic(), r.reason()))
                .collect().last()
                .replaceWithVoid();
    }

    /** Nacks one record read from {@code topic}; completes when it is on {@code <topic>.dlq}. */
    public Uni<Void> send(Message<?> message, String topic, String reason) {
        Metadata target = Metadata.of(OutgoingKafkaRecordMetadata.builder()
                .withTopic(DeadLetters.topicFor(topic)).build());
        return Uni.createFrom().completionStage(() -> message.nack(new RejectedEventException(reason), target));
    }

    /** The reason a record was dead-lettered (its message becomes the {@code dead-letter-reason} header). */
    public static final class RejectedEventException extends RuntimeException {
        public RejectedEventException(String reason) {
            super(reason, null, false, false);
        }
    }
}
