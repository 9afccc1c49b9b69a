package com.carbon254.projector.pipeline;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import com.carbon254.events.runtime.DeadLetters;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends records a projection rejected to the dead-letter topic of the topic each was read from
 * ({@code <topic>.dlq}, the runtime's convention), through the channel's {@code dead-letter-queue} failure
 * strategy: the record is nacked with the reason (its message becomes the {@code dead-letter-reason} header, the
 * failure behind it {@code dead-letter-cause}) and the dead-letter topic named in the nack metadata, which also serves
 * channels that read several topics. Completes once the broker has the dead letter.
 */
@ApplicationScoped
public class DeadLetterSink {

    /** Longest reason a dead letter carries (a database message may quote a long value). */
    static final int MAX_REASON = 2000;

    /** Nacks each rejected record; completes when every one is on its dead-letter topic. */
    public <V> Uni<Void> send(List<ProjectedBatch.Rejected<V>> rejected) {
        return Multi.createFrom().iterable(rejected)
                .filter(r -> r.record().handle() instanceof Message<?>)
                .onItem().transformToUniAndConcatenate(r -> send((Message<?>) r.record().handle(),
                        r.record().source().topic(), r.reason(), r.cause()))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> send(Message<?> message, String topic, String reason, Throwable cause) {
        Metadata target = Metadata.of(OutgoingKafkaRecordMetadata.builder()
                .withTopic(DeadLetters.topicFor(topic)).build());
        return Uni.createFrom().completionStage(() -> message.nack(new RejectedEventException(reason, cause), target));
    }

    /** The reason a record was dead-lettered (its message becomes the {@code dead-letter-reason} header). */
    public static final class RejectedEventException extends RuntimeException {
        public RejectedEventException(String reason, Throwable cause) {
            super(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason, cause, false, false);
        }
    }
}
