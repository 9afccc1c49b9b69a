package com.carbon254.events.runtime.serde;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import com.carbon254.events.runtime.DeadLetters;
import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.events.runtime.metrics.EventMetrics;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.SerializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterSerializationHandler;

/**
 * How dead letters are serialized: as SmallRye's own dead-letter handler does (a record that could not be deserialized
 * is written back as its original bytes), but a dead letter that cannot be serialized is reported. SmallRye's handler
 * silently writes a null value instead, which would lose the event without a trace but its headers.
 *
 * <p>Every dead letter passes here once (its value), which makes this the one place that counts them
 * ({@code carbon254_dead_letters_total}, see {@link EventMetrics}), whatever the channel or failure.
 *
 * <p>Selected for every dead-letter queue by the runtime's configuration defaults
 * ({@code dead-letter-queue.value-serialization-failure-handler=}{@value #NAME}).
 */
@ApplicationScoped
@Identifier(DeadLetterSerialization.NAME)
public class DeadLetterSerialization implements SerializationFailureHandler<Object> {

    /** The identifier the configuration selects this handler by. */
    public static final String NAME = "carbon254-dead-letters";

    private static final Logger LOG = Logger.getLogger(DeadLetterSerialization.class);

    private final KafkaDeadLetterSerializationHandler smallrye = new KafkaDeadLetterSerializationHandler();

    @Inject
    EventMetrics metrics;

    @Override
    public byte[] decorateSerialization(Uni<byte[]> serialization, String topic, boolean isKey, String serializer,
                                        Object data, Headers headers) {
        if (!isKey) {
            String origin = EventHeaders.read(headers, DeadLetters.TOPIC).orElse(originOf(topic));
            metrics.deadLettered(origin, topic);
        }
        Uni<byte[]> reported = serialization.onFailure().invoke(failure -> LOG.errorf(failure,
                "Dead letter for %s cannot be serialized by %s; it is written with a null %s (the original record is"
                        + " at the coordinates in its dead-letter-* headers)", topic, serializer, isKey ? "key" : "value"));
        return smallrye.decorateSerialization(reported, topic, isKey, serializer, data, headers);
    }

    /** The topic a dead-letter topic belongs to, by the {@code <topic>.dlq} convention. */
    private static String originOf(String deadLetterTopic) {
        String suffix = DeadLetters.topicFor("");
        return deadLetterTopic.endsWith(suffix)
                ? deadLetterTopic.substring(0, deadLetterTopic.length() - suffix.length()) : deadLetterTopic;
    }
}
